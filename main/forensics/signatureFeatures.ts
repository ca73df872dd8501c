import type { PenSample } from '../../native/pen/penSample';
import { richGlobalFeatures } from './richGlobalFeatures';

/**
 * From a signature's pen samples to the time functions the comparison aligns.
 *
 * Pure: no Node built-ins, so the engine also runs in a browser or a worker.
 *
 * Method (function-based verification, after Fierrez et al., "HMM-based on-line signature
 * verification", Pattern Recognition 40, 2007, and Kholmatov & Yanikoglu, SVC2004's winning DTW
 * system, Pattern Recognition Letters 26, 2005):
 * 1. Only pen-down points are compared (hover is device-dependent: many tablets report none).
 * 2. Position: the centroid is moved to the origin; scale is divided out by the standard deviation
 *    of the trajectory; rotation: optionally the principal axis is turned horizontal. Together this
 *    removes where and how large the customer signed in the box.
 * 3. Derivatives are estimated by a second-order regression over ±2 samples (less noisy than
 *    plain differences), per sample index: the devices sample at a fixed rate, and repeated
 *    timestamps in the data make time-based differences unreliable.
 * 4. Each feature is z-normalised over the signature, so that all features weigh alike in the
 *    alignment and a pressure-range difference between devices does not count as a difference
 *    between writers.
 */

/** The local features computed for every pen-down point. */
export const FEATURE_NAMES = [
  'x', // normalised position
  'y',
  'vx', // velocity components
  'vy',
  'p', // pressure
  'v', // speed
  'cosTheta', // path tangent direction
  'sinTheta',
  'logRho', // log radius of curvature
  'a', // acceleration magnitude
  'vp', // pressure change rate
  'ax', // acceleration components
  'ay',
  'altitude',
  'azimuth',
] as const;
export type FeatureName = (typeof FEATURE_NAMES)[number];

/** A signature ready for comparison: the z-normalised feature sequence plus the global facts the score uses. */
export interface SignatureFeatures {
  /** Number of pen-down points. */
  length: number;
  /** Row-major: length × FEATURE_NAMES.length. */
  values: Float64Array;
  /** Normalised (centred, unit-scale) pen-down trajectory, for drawing aligned overlays. */
  trajectory: { x: Float64Array; y: Float64Array };
  /** Raw pressure (0..1 of the record's range) and speed (normalised units per sample), for profiles. */
  pressure: Float64Array;
  speed: Float64Array;
  /** Sample times (ms, relative to the first pen-down point). */
  t: Float64Array;
  /** Global properties (Fierrez-Aguilar et al., AVBPA 2005: global features complement local ones). */
  global: GlobalFeatures;
}

export interface GlobalFeatures {
  /** Total signing time in ms, pen-up gaps included. */
  durationMs: number;
  /** Time with the pen down, ms. */
  penDownMs: number;
  strokeCount: number;
  /** Width / height of the bounding box. */
  aspect: number;
  /** Path length in units of the trajectory's standard deviation. */
  pathLength: number;
  /** Mean pressure (normalised 0..1). */
  meanPressure: number;
  /** The rich global-feature vector (richGlobalFeatures.ts, RICH_FEATURES order). */
  rich: Float64Array;
}

export const FEATURE_COUNT = FEATURE_NAMES.length;

export interface FeatureOptions {
  /** Turn the principal axis horizontal. Off by default: signatures are written on a horizontal line. */
  normaliseRotation?: boolean;
  /**
   * Physical height of one raw y unit over the width of one raw x unit (1 = square units). A device
   * whose units are not square would otherwise stretch the shape: the comparison is by shape.
   */
  yUnitScale?: number;
}

/** Fewer pen-down points than this cannot be compared meaningfully. */
export const MIN_POINTS = 10;

/** Input the engine cannot compare: non-numeric values, or a pen that never moved. */
export class UnusableSignatureError extends Error {
  constructor(reason: string) {
    super(`the signature cannot be compared: ${reason}`);
    this.name = 'UnusableSignatureError';
  }
}

export class SignatureTooShortError extends Error {
  constructor(readonly points: number) {
    super(`the signature has only ${points} pen-down points; at least ${MIN_POINTS} are needed for comparison`);
    this.name = 'SignatureTooShortError';
  }
}

/** Computes the comparison features of one signature. */
export function extractFeatures(samples: readonly PenSample[], options: FeatureOptions = {}): SignatureFeatures {
  // Pen-down points: the tip touches, or the device reports pressure (SVC2004 marks stroke starts as pen-up but with pressure).
  const down = atComparisonRate(samples.filter((s) => s.tip || s.pressure > 0));
  const n = down.length;
  if (n < MIN_POINTS) throw new SignatureTooShortError(n);
  const bad = down.findIndex((s) => ![s.t, s.x, s.y, s.np].every(Number.isFinite));
  if (bad >= 0) throw new UnusableSignatureError(`pen-down point ${bad} has a value that is not a finite number`);

  const rawX = new Float64Array(n);
  const rawY = new Float64Array(n);
  const p = new Float64Array(n);
  const alt = new Float64Array(n);
  const azi = new Float64Array(n);
  const t = new Float64Array(n);
  const t0 = down[0]!.t;
  const yDown = yGrowsDownward(samples);
  const yUnit = options.yUnitScale !== undefined && Number.isFinite(options.yUnitScale) && options.yUnitScale > 0 ? options.yUnitScale : 1;
  for (let i = 0; i < n; i++) {
    const s = down[i]!;
    // Raw device units keep the shape (nx/ny are stretched to the record's box, whatever its aspect);
    // y is turned to point down, as on screen, and brought to x's physical unit.
    rawX[i] = s.x;
    rawY[i] = (yDown ? s.y : -s.y) * yUnit;
    p[i] = s.np;
    alt[i] = s.altitude ?? 0;
    azi[i] = s.azimuth ?? 0;
    t[i] = s.t - t0;
  }
  // A stroke starts where the pen comes down, or at a point the device marks as not touching but with
  // pressure (SVC2004 marks every stroke's first point so).
  let strokeCount = 0;
  let previousDown = false;
  for (const s of samples) {
    const isDown = s.tip || s.pressure > 0;
    if (isDown && (!previousDown || !s.tip)) strokeCount++;
    previousDown = isDown;
  }
  const penDownMs = estimatePenDownMs(t);

  const { x, y } = normalisePosition(rawX, rawY, options.normaliseRotation ?? false);

  const vx = derivative(x);
  const vy = derivative(y);
  const ax = derivative(vx);
  const ay = derivative(vy);
  const vp = derivative(p);
  const v = new Float64Array(n);
  const cosT = new Float64Array(n);
  const sinT = new Float64Array(n);
  const logRho = new Float64Array(n);
  const a = new Float64Array(n);
  const theta = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    v[i] = Math.hypot(vx[i]!, vy[i]!);
    theta[i] = Math.atan2(vy[i]!, vx[i]!);
    cosT[i] = v[i]! > 1e-9 ? vx[i]! / v[i]! : 1;
    sinT[i] = v[i]! > 1e-9 ? vy[i]! / v[i]! : 0;
    a[i] = Math.hypot(ax[i]!, ay[i]!);
  }
  const dTheta = derivative(unwrapAngles(theta));
  for (let i = 0; i < n; i++) {
    // Radius of curvature v / |dθ|, on a log scale (bounded so straight lines do not explode).
    const rho = v[i]! / Math.max(Math.abs(dTheta[i]!), 1e-3);
    logRho[i] = Math.log(Math.max(rho, 1e-6) + 1e-3);
  }

  const columns: Float64Array[] = [x, y, vx, vy, p, v, cosT, sinT, logRho, a, vp, ax, ay, alt, azi];
  const values = new Float64Array(n * FEATURE_COUNT);
  for (let f = 0; f < FEATURE_COUNT; f++) {
    const z = zNormalise(columns[f]!);
    for (let i = 0; i < n; i++) values[i * FEATURE_COUNT + f] = z[i]!;
  }

  let minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity, pathLength = 0, pSum = 0;
  for (let i = 0; i < n; i++) {
    minX = Math.min(minX, x[i]!);
    maxX = Math.max(maxX, x[i]!);
    minY = Math.min(minY, y[i]!);
    maxY = Math.max(maxY, y[i]!);
    if (i > 0) pathLength += Math.hypot(x[i]! - x[i - 1]!, y[i]! - y[i - 1]!);
    pSum += p[i]!;
  }
  const durationMs = Math.max(samples.length > 0 ? samples[samples.length - 1]!.t - samples[0]!.t : 0, t[n - 1]!);
  const rich = richGlobalFeatures({ t, x, y, p, vx, vy, ax, ay, strokeStart: strokeStarts(down, t), durationMs, penDownMs });
  return {
    length: n,
    values,
    trajectory: { x, y },
    pressure: p,
    speed: v,
    t,
    global: {
      durationMs,
      penDownMs,
      strokeCount: Math.max(strokeCount, 1),
      aspect: (maxX - minX) / Math.max(maxY - minY, 1e-9),
      pathLength,
      meanPressure: pSum / n,
      rich,
    },
  };
}

/** The rate the engine was developed and calibrated at (SVC2004's tablet). */
export const COMPARISON_RATE_HZ = 100;

/**
 * Faster devices (Wacom STU pads report 200 Hz) are brought to about the comparison rate by keeping
 * every k-th point: derivatives over ±2 samples then span the same time, and the signature has the
 * number of points the score model was calibrated on. Slower devices are left alone.
 */
function atComparisonRate(points: PenSample[]): PenSample[] {
  const intervals: number[] = [];
  for (let i = 1; i < points.length; i++) {
    const d = points[i]!.t - points[i - 1]!.t;
    if (d > 0) intervals.push(d);
  }
  if (intervals.length < MIN_POINTS) return points;
  intervals.sort((a, b) => a - b);
  const typical = intervals[intervals.length >> 1]!;
  const keepEvery = Math.round(1000 / COMPARISON_RATE_HZ / typical);
  if (keepEvery < 2) return points;
  return points.filter((_, i) => i % keepEvery === 0);
}

/**
 * Whether raw y grows downwards (screen-like devices) or upwards (tablets such as SVC2004's Intuos):
 * read from the record's own normalisation, where ny always runs top→bottom.
 */
function yGrowsDownward(samples: readonly PenSample[]): boolean {
  const first = samples[0];
  if (!first) return true;
  for (const s of samples) {
    if (s.y !== first.y && s.ny !== first.ny) return (s.y - first.y) * (s.ny - first.ny) > 0;
  }
  return true;
}

/** Where a stroke starts among the pen-down points: a point marked not touching (SVC2004) or after a pen-up gap. */
function strokeStarts(down: readonly PenSample[], t: Float64Array): boolean[] {
  const intervals: number[] = [];
  for (let i = 1; i < t.length; i++) if (t[i]! - t[i - 1]! > 0) intervals.push(t[i]! - t[i - 1]!);
  intervals.sort((a, b) => a - b);
  const nominal = intervals.length ? intervals[intervals.length >> 1]! : 10;
  return down.map((s, i) => i === 0 || !s.tip || t[i]! - t[i - 1]! > 3 * nominal);
}

/** Pen-down time: the sum of sample intervals, skipping the gaps where the pen was lifted (> 3 nominal intervals). */
function estimatePenDownMs(t: Float64Array): number {
  const intervals: number[] = [];
  for (let i = 1; i < t.length; i++) intervals.push(t[i]! - t[i - 1]!);
  const sorted = intervals.filter((d) => d > 0).sort((a, b) => a - b);
  const nominal = sorted.length ? sorted[Math.floor(sorted.length / 2)]! : 10;
  let total = 0;
  for (const d of intervals) total += d > 3 * nominal ? nominal : d;
  return total;
}

/** Centre on the centroid, divide by the trajectory's spread, optionally rotate the principal axis horizontal. */
export function normalisePosition(rawX: Float64Array, rawY: Float64Array, rotate: boolean): { x: Float64Array; y: Float64Array } {
  const n = rawX.length;
  let mx = 0, my = 0;
  for (let i = 0; i < n; i++) {
    mx += rawX[i]!;
    my += rawY[i]!;
  }
  mx /= n;
  my /= n;
  let sxx = 0, syy = 0, sxy = 0;
  for (let i = 0; i < n; i++) {
    const dx = rawX[i]! - mx, dy = rawY[i]! - my;
    sxx += dx * dx;
    syy += dy * dy;
    sxy += dx * dy;
  }
  const angle = rotate ? -0.5 * Math.atan2(2 * sxy, sxx - syy) : 0;
  const c = Math.cos(angle), s = Math.sin(angle);
  // One scale for both axes keeps the shape; the spread is the RMS distance from the centroid.
  const scale = Math.sqrt((sxx + syy) / n);
  if (!(scale > 0)) throw new UnusableSignatureError('the pen never moved (all points at one place)');
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const dx = rawX[i]! - mx, dy = rawY[i]! - my;
    x[i] = (c * dx - s * dy) / scale;
    y[i] = (s * dx + c * dy) / scale;
  }
  return { x, y };
}

/** Second-order regression derivative over ±2 samples (edges repeat the end values). */
export function derivative(f: Float64Array): Float64Array {
  const n = f.length;
  const d = new Float64Array(n);
  const at = (i: number) => f[Math.min(n - 1, Math.max(0, i))]!;
  for (let i = 0; i < n; i++) {
    d[i] = (at(i + 1) - at(i - 1) + 2 * (at(i + 2) - at(i - 2))) / 10;
  }
  return d;
}

function unwrapAngles(theta: Float64Array): Float64Array {
  const out = new Float64Array(theta.length);
  let offset = 0;
  for (let i = 0; i < theta.length; i++) {
    if (i > 0) {
      const d = theta[i]! + offset - out[i - 1]!;
      if (d > Math.PI) offset -= 2 * Math.PI;
      else if (d < -Math.PI) offset += 2 * Math.PI;
    }
    out[i] = theta[i]! + offset;
  }
  return out;
}

/** Zero mean, unit variance (a constant feature becomes all zeros, e.g. a device without tilt). */
export function zNormalise(f: Float64Array): Float64Array {
  const n = f.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += f[i]!;
  mean /= n;
  let variance = 0;
  for (let i = 0; i < n; i++) variance += (f[i]! - mean) ** 2;
  const sd = Math.sqrt(variance / n);
  const out = new Float64Array(n);
  if (sd < 1e-12) return out;
  for (let i = 0; i < n; i++) out[i] = (f[i]! - mean) / sd;
  return out;
}
