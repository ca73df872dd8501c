import { RICH_FEATURE_COUNT, RICH_FEATURES, RICH_GROUPS } from './richGlobalFeatures';

/**
 * How far a questioned signature's rich global features are from the writer's references, in
 * units of the references' own spread (a writer-normalised distance, Fierrez-Aguilar et al. 2005):
 * per feature |q − mean_ref| / max(sd_ref, floor), then summarised — mean, root mean square
 * (Mahalanobis-like with a diagonal covariance), maximum, the share of features beyond 3 spreads,
 * per feature group, and the nearest reference (a nearest-neighbour rule). Five references
 * underestimate how much a writer varies, hence the floors; two floor levels are offered as
 * separate inputs so that training (inner writer cross-validation) can choose between them.
 */

export interface RichStatistics {
  mean: Float64Array;
  sd: Float64Array;
  references: Float64Array[];
}

/** Floors on the references' spread: log units for magnitudes, absolute for bounded ratios. */
const FLOOR = { narrow: { log: 0.05, ratio: 0.02 }, wide: { log: 0.15, ratio: 0.06 } } as const;
/** A single wild feature (a stroke count of 1 against 3) must not dominate the summaries. */
const Z_CLIP = 10;
/** Offset before the logarithm of a summary (the summaries' typical genuine values are 0.5–2). */
const LOG_OFFSET = 0.25;

export const RICH_DISSIMILARITY_NAMES: readonly string[] = [
  'rich:mean',
  'rich:rms',
  'rich:max',
  'rich:over3',
  'rich:nearest',
  'rich:wideMean',
  'rich:wideRms',
  'rich:wideNearest',
  ...RICH_GROUPS.map((g) => `rich:${g}`),
  ...RICH_FEATURES.map((f) => `rich:f:${f.name}`),
];

export function richStatistics(references: readonly Float64Array[]): RichStatistics {
  const mean = new Float64Array(RICH_FEATURE_COUNT), sd = new Float64Array(RICH_FEATURE_COUNT);
  const n = references.length;
  for (let f = 0; f < RICH_FEATURE_COUNT; f++) {
    let s = 0;
    for (const r of references) s += r[f]!;
    mean[f] = s / n;
    let v = 0;
    for (const r of references) v += (r[f]! - mean[f]!) ** 2;
    sd[f] = Math.sqrt(v / n);
  }
  return { mean, sd, references: [...references] };
}

function spreads(stats: RichStatistics, floor: { log: number; ratio: number }): Float64Array {
  return Float64Array.from(RICH_FEATURES, (f, i) => Math.max(stats.sd[i]!, floor[f.scale]));
}

const clipped = (z: number) => Math.min(Math.abs(z), Z_CLIP);
const logOf = (value: number) => Math.log(LOG_OFFSET + value);

function summaries(q: Float64Array, stats: RichStatistics, spread: Float64Array) {
  const z = Float64Array.from(q, (value, f) => clipped((value - stats.mean[f]!) / spread[f]!));
  let sum = 0, squares = 0, max = 0, over3 = 0;
  for (const value of z) {
    sum += value;
    squares += value * value;
    max = Math.max(max, value);
    if (value > 3) over3++;
  }
  let nearest = Infinity;
  for (const r of stats.references) {
    let d = 0;
    for (let f = 0; f < RICH_FEATURE_COUNT; f++) d += clipped((q[f]! - r[f]!) / spread[f]!);
    nearest = Math.min(nearest, d / RICH_FEATURE_COUNT);
  }
  return { z, mean: sum / z.length, rms: Math.sqrt(squares / z.length), max, over3: over3 / z.length, nearest };
}

/** The values in RICH_DISSIMILARITY_NAMES order. */
export function richDissimilarity(q: Float64Array, stats: RichStatistics): number[] {
  const narrow = summaries(q, stats, spreads(stats, FLOOR.narrow));
  const wide = summaries(q, stats, spreads(stats, FLOOR.wide));
  const groups = RICH_GROUPS.map((g) => {
    let s = 0, k = 0;
    RICH_FEATURES.forEach((f, i) => {
      if (f.group !== g) return;
      s += narrow.z[i]!;
      k++;
    });
    return logOf(s / Math.max(k, 1));
  });
  return [
    logOf(narrow.mean),
    logOf(narrow.rms),
    logOf(narrow.max),
    narrow.over3,
    logOf(narrow.nearest),
    logOf(wide.mean),
    logOf(wide.rms),
    logOf(wide.nearest),
    ...groups,
    ...narrow.z,
  ];
}
