import { dtwAlign, dtwDistance, type DtwOptions, type FrameSequence } from './dynamicTimeWarping';

/**
 * A writer's mean signature with local stability, built from the references.
 *
 * After Okawa, "Time-series averaging and local stability-weighted dynamic time warping for online
 * signature verification" (Pattern Recognition 112, 2021): the references are averaged into one
 * template by DTW barycenter averaging (Petitjean et al., Pattern Recognition 44, 2011), and every
 * template point remembers how much the references vary there. Comparing against the template then
 * weighs a deviation by how stable the writer is at that point: a forger who misses a part the writer
 * always reproduces pays more than one who differs where the writer varies anyway. (Okawa weighs
 * the warping by a stability index; here the same idea is a per-point, per-feature scale, the
 * Laplacian analogue of an HMM state's spread.)
 */

export interface SignatureTemplate {
  sequence: FrameSequence;
  /** 1 / spread per template value (same shape as sequence.values). */
  weights: Float64Array;
  /** Leave-in distances of the references to the template: the writer's own scale. */
  meanDistance: number;
  sdDistance: number;
}

export interface TemplateOptions {
  iterations?: number;
  band?: number;
  /** Smallest spread (in z-units) a template value may have: five references cannot show all variation. */
  spreadFloor?: number;
  /** Measure the writer's scale on leave-one-out templates (default off; needs 3 references). */
  leaveOneOut?: boolean;
  /** Frame distance and normalisation of the distances to the template (the averaging itself aligns as always). */
  dtw?: Pick<DtwOptions, 'frame' | 'normalise'>;
}

/** Builds the template; the medoid reference seeds the average. */
export function buildTemplate(references: readonly FrameSequence[], options: TemplateOptions = {}): SignatureTemplate {
  if (references.length === 0) throw new Error('a template needs references');
  const band = options.band ?? 1;
  const floor = options.spreadFloor ?? 0.25;
  const dims = references[0]!.dims;

  // Medoid: the reference with the smallest summed distance to the others.
  let medoid = 0;
  let best = Infinity;
  for (let i = 0; i < references.length; i++) {
    let sum = 0;
    for (let j = 0; j < references.length; j++) if (i !== j) sum += dtwDistance(references[i]!, references[j]!, { band }).distance;
    if (sum < best) {
      best = sum;
      medoid = i;
    }
  }
  let template: FrameSequence = { ...references[medoid]!, values: Float64Array.from(references[medoid]!.values) };
  let spread = new Float64Array(template.values.length);

  for (let iter = 0; iter < (options.iterations ?? 5); iter++) {
    const sums = new Float64Array(template.values.length);
    const counts = new Float64Array(template.length);
    const aligned: Array<Array<[number, number]>> = [];
    for (let r = 0; r < references.length; r++) {
      const ref = references[r]!;
      const { path } = dtwAlign(template, ref, { band });
      aligned.push(path.map(([k, j]) => [k, j]));
      for (const [k, j] of path) {
        counts[k]++;
        for (let d = 0; d < dims; d++) sums[k * dims + d] += ref.values[j * dims + d]!;
      }
    }
    const next = new Float64Array(template.values.length);
    for (let k = 0; k < template.length; k++) for (let d = 0; d < dims; d++) next[k * dims + d] = sums[k * dims + d]! / Math.max(counts[k]!, 1);
    // Spread: mean absolute deviation of the aligned reference values around the new mean.
    const deviation = new Float64Array(template.values.length);
    aligned.forEach((path, r) => {
      const ref = references[r]!;
      for (const [k, j] of path) for (let d = 0; d < dims; d++) deviation[k * dims + d] += Math.abs(ref.values[j * dims + d]! - next[k * dims + d]!);
    });
    for (let k = 0; k < template.length; k++) for (let d = 0; d < dims; d++) deviation[k * dims + d] /= Math.max(counts[k]!, 1);
    template = { length: template.length, dims, values: next };
    spread = deviation;
  }

  const weights = new Float64Array(spread.length);
  for (let i = 0; i < spread.length; i++) weights[i] = 1 / Math.max(spread[i]!, floor);
  return templateScale(references, { sequence: template, weights }, options);
}

/**
 * The writer's scale on a template: the references' distances to it under the options' DTW. Views
 * that align the same features differently (a cost and a path shape) share one averaged template.
 */
export function templateScale(references: readonly FrameSequence[], averaged: Pick<SignatureTemplate, 'sequence' | 'weights'>, options: TemplateOptions = {}): SignatureTemplate {
  const band = options.band ?? 1;
  const { sequence: template, weights } = averaged;
  // The writer's scale: each reference against the template of the others (leave one out), so the
  // scale is not flattered by the reference having shaped the template it is measured against.
  const distances =
    references.length >= 3 && options.leaveOneOut === true
      ? references.map((r, i) => {
          const others = buildTemplate(references.filter((_, j) => j !== i), { ...options, leaveOneOut: false });
          return dtwDistance(r, others.sequence, { band, ...options.dtw, bWeights: others.weights }).distance;
        })
      : references.map((r) => dtwDistance(r, template, { band, ...options.dtw, bWeights: weights }).distance);
  const meanDistance = distances.reduce((a, b) => a + b, 0) / distances.length;
  const sdDistance = Math.sqrt(distances.reduce((a, b) => a + (b - meanDistance) ** 2, 0) / distances.length);
  return { sequence: template, weights, meanDistance, sdDistance };
}

/** Local-stability-weighted DTW distance of a questioned sequence to the template. */
export function templateDistance(questioned: FrameSequence, template: SignatureTemplate, band = 1, dtw: TemplateOptions['dtw'] = {}): number {
  return dtwDistance(questioned, template.sequence, { band, ...dtw, bWeights: template.weights }).distance;
}
