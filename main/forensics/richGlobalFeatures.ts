/**
 * A rich vector of global (whole-signature) features, from pen-down points plus timing.
 *
 * Global features complement the elastic alignment of local ones: a forger who copies the shape
 * slowly changes durations, speed statistics and pressure habits that the alignment normalises
 * away (Fierrez-Aguilar, Nanni, Lopez-Peñalba, Ortega-Garcia, Maltoni, "An on-line signature
 * verification system based on fusion of local and global information", AVBPA 2005; Richiardi,
 * Ketabdar, Drygajlo, "Local and global feature selection for on-line signature verification",
 * ICDAR 2005). Each feature is either a positive magnitude compared on a log scale ('log') or a
 * bounded ratio compared as it is ('ratio'); its group says what it describes.
 *
 * Pure: no Node built-ins.
 */

export type RichFeatureGroup = 'time' | 'speed' | 'pressure' | 'shape' | 'direction';

export interface RichFeatureDefinition {
  name: string;
  group: RichFeatureGroup;
  /** 'log': positive magnitude, compared as log; 'ratio': bounded, compared as it is. */
  scale: 'log' | 'ratio';
}

/** The inputs: pen-down points (normalised position, raw pressure) and their derivatives per sample. */
export interface RichFeatureInput {
  /** ms since the first pen-down point. */
  t: Float64Array;
  x: Float64Array;
  y: Float64Array;
  p: Float64Array;
  vx: Float64Array;
  vy: Float64Array;
  ax: Float64Array;
  ay: Float64Array;
  /** Whether each pen-down point starts a stroke (the first one does). */
  strokeStart: readonly boolean[];
  /** Total signing time, pen-up gaps included, and time with the pen down (ms). */
  durationMs: number;
  penDownMs: number;
}

const DIRECTION_BINS = 8;

const def = (group: RichFeatureGroup, scale: 'log' | 'ratio', ...names: string[]): RichFeatureDefinition[] => names.map((name) => ({ name, group, scale }));

export const RICH_FEATURES: readonly RichFeatureDefinition[] = [
  ...def('time', 'log', 'duration', 'penDownTime', 'strokes', 'points'),
  ...def('time', 'ratio', 'penDownShare', 'firstPenUpAt', 'longestStrokeShare', 'speedPeakAt', 'pressurePeakAt'),
  ...def('speed', 'log', 'meanSpeed', 'peakSpeedOverMean', 'meanAbsVx', 'meanAbsVy', 'sdVxOverSdVy', 'meanAcceleration', 'peakAccelerationOverMean', 'meanAbsAx', 'meanAbsAy', 'meanJerk', 'vxSignChangesPerSecond', 'vySignChangesPerSecond'),
  ...def('speed', 'ratio', 'speedVariation', 'shareVxPositive', 'shareVyPositive', 'vxVyCorrelation', 'shareSlow'),
  ...def('pressure', 'log', 'meanPressure', 'meanAbsPressureRate'),
  ...def('pressure', 'ratio', 'pressureVariation', 'shareAboveMeanPressure', 'pressureFirstThirdOverMean', 'pressureLastThirdOverMean'),
  ...def('shape', 'log', 'pathLength', 'pathOverBox', 'aspect', 'sdXOverSdY', 'turningPerLength'),
  ...def('shape', 'ratio', 'centroidX', 'centroidY', 'firstX', 'firstY', 'lastX', 'lastY', 'xyCorrelation'),
  ...def('direction', 'ratio', ...Array.from({ length: DIRECTION_BINS }, (_, i) => `direction${i}`)),
];

export const RICH_FEATURE_COUNT = RICH_FEATURES.length;
export const RICH_GROUPS: readonly RichFeatureGroup[] = ['time', 'speed', 'pressure', 'shape', 'direction'];

const mean = (f: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < f.length; i++) s += f[i]!;
  return f.length ? s / f.length : 0;
};
const sd = (f: ArrayLike<number>) => {
  const m = mean(f);
  let s = 0;
  for (let i = 0; i < f.length; i++) s += (f[i]! - m) ** 2;
  return f.length ? Math.sqrt(s / f.length) : 0;
};
const meanAbs = (f: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < f.length; i++) s += Math.abs(f[i]!);
  return f.length ? s / f.length : 0;
};
const argMax = (f: ArrayLike<number>) => {
  let k = 0;
  for (let i = 1; i < f.length; i++) if (f[i]! > f[k]!) k = i;
  return k;
};
const correlation = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  const ma = mean(a), mb = mean(b);
  let sab = 0, saa = 0, sbb = 0;
  for (let i = 0; i < a.length; i++) {
    const da = a[i]! - ma, db = b[i]! - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : 0;
};
const shareOf = (f: ArrayLike<number>, test: (v: number) => boolean) => {
  let k = 0;
  for (let i = 0; i < f.length; i++) if (test(f[i]!)) k++;
  return f.length ? k / f.length : 0;
};
/** Sign changes of a velocity component, ignoring near-zero values (noise while the pen rests). */
const signChanges = (f: ArrayLike<number>, eps: number) => {
  let changes = 0, last = 0;
  for (let i = 0; i < f.length; i++) {
    const s = f[i]! > eps ? 1 : f[i]! < -eps ? -1 : 0;
    if (s !== 0) {
      if (last !== 0 && s !== last) changes++;
      last = s;
    }
  }
  return changes;
};

/** The feature vector in RICH_FEATURES order ('log' features already as their logarithm). */
export function richGlobalFeatures(input: RichFeatureInput): Float64Array {
  const { t, x, y, p, strokeStart } = input;
  const n = x.length;
  // The ±2-sample derivatives jump across a pen-up (the pen lands elsewhere): speed statistics
  // read the points whose derivative window stays inside one stroke.
  const inside = withinStrokes(strokeStart, n);
  // Derivatives are per sample; per millisecond they do not depend on the device's rate.
  const dt = nominalInterval(t);
  const vx = inside.map((i) => input.vx[i]! / dt), vy = inside.map((i) => input.vy[i]! / dt);
  const ax = inside.map((i) => input.ax[i]! / dt ** 2), ay = inside.map((i) => input.ay[i]! / dt ** 2);
  const m = inside.length;
  const duration = Math.max(input.durationMs, t[n - 1]!, 1);
  const penDown = Math.max(input.penDownMs, 1);
  const at = (i: number) => t[i]! / Math.max(t[n - 1]!, 1);

  const v = new Float64Array(m), a = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    v[i] = Math.hypot(vx[i]!, vy[i]!);
    a[i] = Math.hypot(ax[i]!, ay[i]!);
  }
  const jerk = new Float64Array(Math.max(m - 1, 1));
  for (let i = 1; i < m; i++) jerk[i - 1] = Math.hypot(ax[i]! - ax[i - 1]!, ay[i]! - ay[i - 1]!) / dt;

  // Strokes: the first pen-up is the end of the first stroke; the longest stroke by points.
  let strokes = 0, firstPenUp = n - 1, longest = 0, current = 0;
  for (let i = 0; i < n; i++) {
    if (strokeStart[i] || i === 0) {
      if (strokes === 1) firstPenUp = i - 1;
      strokes++;
      current = 0;
    }
    current++;
    longest = Math.max(longest, current);
  }

  let minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity, path = 0, turning = 0;
  const directions = new Float64Array(DIRECTION_BINS);
  for (let i = 0; i < n; i++) {
    minX = Math.min(minX, x[i]!);
    maxX = Math.max(maxX, x[i]!);
    minY = Math.min(minY, y[i]!);
    maxY = Math.max(maxY, y[i]!);
    if (i > 0 && !strokeStart[i]) {
      const dx = x[i]! - x[i - 1]!, dy = y[i]! - y[i - 1]!;
      const step = Math.hypot(dx, dy);
      path += step;
      if (step > 0) {
        const bin = Math.floor(((Math.atan2(dy, dx) + Math.PI) / (2 * Math.PI)) * DIRECTION_BINS) % DIRECTION_BINS;
        directions[bin] += step;
      }
    }
  }
  for (let i = 1; i < m; i++) {
    if (v[i]! > 1e-9 && v[i - 1]! > 1e-9) {
      const cross = vx[i - 1]! * vy[i]! - vy[i - 1]! * vx[i]!;
      const dot = vx[i - 1]! * vx[i]! + vy[i - 1]! * vy[i]!;
      turning += Math.abs(Math.atan2(cross, dot));
    }
  }
  const width = Math.max(maxX - minX, 1e-9), height = Math.max(maxY - minY, 1e-9);
  const relX = (value: number) => (value - minX) / width;
  const relY = (value: number) => (value - minY) / height;
  const meanV = Math.max(mean(v), 1e-9), meanA = Math.max(mean(a), 1e-9), meanP = Math.max(mean(p), 1e-9);
  const third = Math.max(1, Math.floor(n / 3));
  const seconds = penDown / 1000;
  const restSpeed = 0.1 * meanV;

  const values: Record<string, number> = {
    duration,
    penDownTime: penDown,
    strokes: Math.max(strokes, 1),
    points: n,
    penDownShare: Math.min(penDown / duration, 1),
    firstPenUpAt: at(firstPenUp),
    longestStrokeShare: longest / n,
    speedPeakAt: at(inside[argMax(v)]!),
    pressurePeakAt: at(argMax(p)),
    meanSpeed: meanV,
    peakSpeedOverMean: Math.max(...v) / meanV,
    meanAbsVx: meanAbs(vx),
    meanAbsVy: meanAbs(vy),
    sdVxOverSdVy: sd(vx) / Math.max(sd(vy), 1e-9),
    meanAcceleration: meanA,
    peakAccelerationOverMean: Math.max(...a) / meanA,
    meanAbsAx: meanAbs(ax),
    meanAbsAy: meanAbs(ay),
    meanJerk: mean(jerk),
    vxSignChangesPerSecond: (signChanges(vx, restSpeed) + 1) / seconds,
    vySignChangesPerSecond: (signChanges(vy, restSpeed) + 1) / seconds,
    speedVariation: sd(v) / meanV,
    shareVxPositive: shareOf(vx, (u) => u > 0),
    shareVyPositive: shareOf(vy, (u) => u > 0),
    vxVyCorrelation: correlation(vx, vy),
    shareSlow: shareOf(v, (u) => u < 0.3 * meanV),
    meanPressure: meanP,
    meanAbsPressureRate: meanAbs(derivativeOf(p)) / dt,
    pressureVariation: sd(p) / meanP,
    shareAboveMeanPressure: shareOf(p, (u) => u > meanP),
    pressureFirstThirdOverMean: mean(p.subarray(0, third)) / meanP,
    pressureLastThirdOverMean: mean(p.subarray(n - third)) / meanP,
    pathLength: path,
    pathOverBox: path / (width + height),
    aspect: width / height,
    sdXOverSdY: sd(x) / Math.max(sd(y), 1e-9),
    turningPerLength: (turning + 1e-3) / Math.max(path, 1e-9),
    centroidX: relX(mean(x)),
    centroidY: relY(mean(y)),
    firstX: relX(x[0]!),
    firstY: relY(y[0]!),
    lastX: relX(x[n - 1]!),
    lastY: relY(y[n - 1]!),
    xyCorrelation: correlation(x, y),
  };
  for (let b = 0; b < DIRECTION_BINS; b++) values[`direction${b}`] = directions[b]! / Math.max(path, 1e-9);
  return Float64Array.from(RICH_FEATURES, (f) => {
    const value = values[f.name]!;
    return f.scale === 'log' ? Math.log(Math.max(value, 1e-9)) : value;
  });
}

/** The typical sample interval (ms): the median of the positive intervals. */
function nominalInterval(t: Float64Array): number {
  const intervals: number[] = [];
  for (let i = 1; i < t.length; i++) if (t[i]! > t[i - 1]!) intervals.push(t[i]! - t[i - 1]!);
  intervals.sort((a, b) => a - b);
  return intervals.length ? intervals[intervals.length >> 1]! : 10;
}

/** Indices whose ±2-sample window contains no stroke start after them (all, if too few remain). */
function withinStrokes(strokeStart: readonly boolean[], n: number): number[] {
  const keep: number[] = [];
  for (let i = 0; i < n; i++) {
    let crosses = false;
    for (let k = Math.max(1, i - 1); k <= Math.min(n - 1, i + 2); k++) if (strokeStart[k]) crosses = true;
    if (!crosses) keep.push(i);
  }
  return keep.length >= 5 ? keep : Array.from({ length: n }, (_, i) => i);
}

function derivativeOf(f: Float64Array): Float64Array {
  const d = new Float64Array(Math.max(f.length - 1, 1));
  for (let i = 1; i < f.length; i++) d[i - 1] = f[i]! - f[i - 1]!;
  return d;
}
