/**
 * Dynamic time warping between two multivariate sequences (Sakoe & Chiba, 1978), the elastic
 * alignment that absorbs a writer's natural variation in speed.
 *
 * Pure and allocation-light: the comparison of one questioned signature with five references must
 * stay well under 20 ms on one core.
 */

/** A sequence of `length` frames of `dims` values each, row-major. */
export interface FrameSequence {
  length: number;
  dims: number;
  values: Float64Array;
}

export interface DtwOptions {
  /**
   * Sakoe–Chiba band as a fraction of the longer sequence (plus the length difference); 1 = no band.
   * A band stops pathological alignments (one point of a forgery matched to half a signature).
   */
  band?: number;
  /**
   * Per-frame, per-dimension weights for the second sequence (same shape as its values): the cost of
   * a component is |a − b| · weight. A template that knows how much each of its points varies across
   * the writer's references weighs stable points more (local stability, after Okawa 2021).
   */
  bWeights?: Float64Array;
  /** Frame distance: city-block (default) or Euclidean. */
  frame?: 'l1' | 'l2';
  /**
   * What `distance` is: the accumulated cost divided by the warping path's length (default), or the
   * accumulated cost itself. Dividing by the path removes how much longer one signature is than the
   * other; the raw cost keeps it, which is evidence too (a forger writes slower, with more points).
   * 'pathRatio': not a cost at all but the warping path's shape, its length over n + m: 1/2 for a
   * path of diagonal steps only, towards 1 the more one signature had to wait for the other (each
   * diagonal step shortens the path by one, so this also counts them).
   */
  normalise?: 'path' | 'none' | 'pathRatio';
}

export interface DtwResult {
  /** Accumulated cost divided by the length of the warping path (or the cost itself, see DtwOptions.normalise). */
  distance: number;
  /** Accumulated cost. */
  cost: number;
  pathLength: number;
}

/**
 * City-block (L1) frame distance: more robust to a single deviating feature than L2 and the usual
 * choice in signature DTW (Kholmatov & Yanikoglu 2005; Fischer et al. 2015).
 */
function frameDistance(a: Float64Array, ia: number, b: Float64Array, ib: number, dims: number): number {
  let d = 0;
  for (let k = 0; k < dims; k++) d += Math.abs(a[ia + k]! - b[ib + k]!);
  return d;
}

function euclideanFrameDistance(a: Float64Array, ia: number, b: Float64Array, ib: number, dims: number, w: Float64Array | undefined): number {
  let d = 0;
  for (let k = 0; k < dims; k++) {
    const e = (a[ia + k]! - b[ib + k]!) * (w ? w[ib + k]! : 1);
    d += e * e;
  }
  return Math.sqrt(d);
}

function weightedFrameDistance(a: Float64Array, ia: number, b: Float64Array, ib: number, dims: number, w: Float64Array): number {
  let d = 0;
  for (let k = 0; k < dims; k++) d += Math.abs(a[ia + k]! - b[ib + k]!) * w[ib + k]!;
  return d;
}

/** DTW distance only (two rolling rows). */
export function dtwDistance(a: FrameSequence, b: FrameSequence, options: DtwOptions = {}): DtwResult {
  if (a.dims !== b.dims) throw new Error(`DTW: sequences differ in dimension (${a.dims} vs ${b.dims})`);
  const n = a.length, m = b.length, dims = a.dims;
  const band = bandWidth(n, m, options.band ?? 1);
  const weights = options.bWeights;
  if (weights && weights.length !== b.values.length) throw new Error('DTW: bWeights must match the second sequence');
  const euclidean = options.frame === 'l2';
  // Cost and path length ride along: ties broken by the shorter path.
  let prevCost = new Float64Array(m + 1).fill(Infinity);
  let prevLen = new Float64Array(m + 1);
  let curCost = new Float64Array(m + 1).fill(Infinity);
  let curLen = new Float64Array(m + 1);
  prevCost[0] = 0;
  for (let i = 1; i <= n; i++) {
    curCost.fill(Infinity);
    const centre = (i * m) / n;
    const jFrom = Math.max(1, Math.floor(centre - band));
    const jTo = Math.min(m, Math.ceil(centre + band));
    const ia = (i - 1) * dims;
    for (let j = jFrom; j <= jTo; j++) {
      const d = euclidean
        ? euclideanFrameDistance(a.values, ia, b.values, (j - 1) * dims, dims, weights)
        : weights ? weightedFrameDistance(a.values, ia, b.values, (j - 1) * dims, dims, weights) : frameDistance(a.values, ia, b.values, (j - 1) * dims, dims);
      let best = prevCost[j - 1]!;
      let len = prevLen[j - 1]!;
      const up = prevCost[j]!;
      if (up < best) {
        best = up;
        len = prevLen[j]!;
      }
      const left = curCost[j - 1]!;
      if (left < best) {
        best = left;
        len = curLen[j - 1]!;
      }
      curCost[j] = best + d;
      curLen[j] = len + 1;
    }
    [prevCost, curCost] = [curCost, prevCost];
    [prevLen, curLen] = [curLen, prevLen];
  }
  const cost = prevCost[m]!;
  const pathLength = prevLen[m]!;
  return { cost, pathLength, distance: reported(options.normalise, cost, pathLength, n + m) };
}

/** DTW with the warping path (for the examiner's aligned overlay and for local-stability weights). */
export function dtwAlign(a: FrameSequence, b: FrameSequence, options: DtwOptions = {}): DtwResult & { path: Array<[number, number]> } {
  if (a.dims !== b.dims) throw new Error(`DTW: sequences differ in dimension (${a.dims} vs ${b.dims})`);
  const n = a.length, m = b.length, dims = a.dims;
  const band = bandWidth(n, m, options.band ?? 1);
  const weights = options.bWeights;
  if (weights && weights.length !== b.values.length) throw new Error('DTW: bWeights must match the second sequence');
  const euclidean = options.frame === 'l2';
  const w = m + 1;
  const acc = new Float64Array((n + 1) * w).fill(Infinity);
  acc[0] = 0;
  for (let i = 1; i <= n; i++) {
    const centre = (i * m) / n;
    const jFrom = Math.max(1, Math.floor(centre - band));
    const jTo = Math.min(m, Math.ceil(centre + band));
    for (let j = jFrom; j <= jTo; j++) {
      const d = euclidean
        ? euclideanFrameDistance(a.values, (i - 1) * dims, b.values, (j - 1) * dims, dims, weights)
        : weights
          ? weightedFrameDistance(a.values, (i - 1) * dims, b.values, (j - 1) * dims, dims, weights)
          : frameDistance(a.values, (i - 1) * dims, b.values, (j - 1) * dims, dims);
      acc[i * w + j] = d + Math.min(acc[(i - 1) * w + j - 1]!, acc[(i - 1) * w + j]!, acc[i * w + j - 1]!);
    }
  }
  const path: Array<[number, number]> = [];
  let i = n, j = m;
  while (i > 0 && j > 0) {
    path.push([i - 1, j - 1]);
    const diag = acc[(i - 1) * w + j - 1]!, up = acc[(i - 1) * w + j]!, left = acc[i * w + j - 1]!;
    if (diag <= up && diag <= left) {
      i--;
      j--;
    } else if (up <= left) i--;
    else j--;
  }
  path.reverse();
  const cost = acc[n * w + m]!;
  return { cost, pathLength: path.length, distance: reported(options.normalise, cost, path.length, n + m), path };
}

function reported(normalise: DtwOptions['normalise'], cost: number, pathLength: number, lengths: number): number {
  if (normalise === 'none') return cost;
  if (normalise === 'pathRatio') return pathLength / Math.max(lengths, 1);
  return cost / Math.max(pathLength, 1);
}

function bandWidth(n: number, m: number, fraction: number): number {
  if (fraction >= 1) return Infinity;
  // The band must at least reach the corner: widen it by the slope's deviation.
  return Math.max(2, fraction * Math.max(n, m));
}
