import { ALIGNMENT_VIEWS, defaultDistance, referenceOf, type EnrolledReference, type WriterModel } from './writerEnrolment';
import type { SignatureFeatures } from './signatureFeatures';
import { templateDistance } from './signatureTemplate';
import { DTW_BAND } from './writerEnrolment';
import { richDissimilarity, RICH_DISSIMILARITY_NAMES } from './richGlobalDissimilarity';

/**
 * How a questioned signature differs from a writer's references, as a vector of writer-normalised
 * dissimilarities. A writer-independent model turns the vector into a score (the dissimilarity
 * representation of Eskander et al. / Okawa's writer-independent boosting): it is trained once on
 * development writers and then needs nothing but the new writer's references.
 *
 * Every distance is divided by the writer's own spread (Fischer et al., "Robust score normalization
 * for DTW-based on-line signature verification", ICDAR 2015), on a log scale so ratios add up.
 */

export interface Dissimilarity {
  /** Named values, in DISSIMILARITY_NAMES order. */
  values: Float64Array;
  /** Raw DTW distances per view and reference (for the examiner's report). */
  distances: number[][];
}

const GLOBALS = ['duration', 'penDown', 'pathLength', 'strokes', 'pressure', 'aspect'] as const;
/** Floors on the references' spread (log units): five references underestimate how much a writer varies. */
const GLOBAL_SD_FLOOR: Record<(typeof GLOBALS)[number], number> = {
  duration: 0.08,
  penDown: 0.08,
  pathLength: 0.05,
  strokes: 0.15,
  pressure: 0.05,
  aspect: 0.05,
};

/**
 * Smallest distance the ratios use. Two captures of a real hand are never identical (typical
 * distances are 0.5–3); only a copy or a replay is, and it must give a large finite score, not ∞.
 */
const DISTANCE_FLOOR = 1e-3;

export const DISSIMILARITY_NAMES: readonly string[] = [
  ...ALIGNMENT_VIEWS.flatMap((v) => [
    `${v.name}:min`,
    `${v.name}:mean`,
    `${v.name}:z`,
    `${v.name}:minPerRef`,
    `${v.name}:spread`,
    `${v.name}:template`,
    `${v.name}:templateZ`,
    `${v.name}:templateSpread`,
  ]),
  ...GLOBALS.flatMap((g) => [`${g}:absZ`, `${g}:logRatio`]),
  ...RICH_DISSIMILARITY_NAMES,
];

/** The alignment views a set of model inputs reads ("trajectory:min" → "trajectory"). */
export function viewsRead(inputs: readonly string[]): Set<string> {
  return new Set(inputs.map((name) => name.split(':')[0]!).filter((name) => ALIGNMENT_VIEWS.some((v) => v.name === name)));
}

export function dissimilarity(
  questioned: SignatureFeatures,
  writer: WriterModel,
  distance: (a: EnrolledReference, b: EnrolledReference, view: number) => number = defaultDistance,
  questionedReference: EnrolledReference = referenceOf(questioned),
  views?: ReadonlySet<string>,
): Dissimilarity {
  const values = new Float64Array(DISSIMILARITY_NAMES.length);
  const distances: number[][] = [];
  let k = 0;
  ALIGNMENT_VIEWS.forEach((view, v) => {
    // Views a score model does not read are skipped (NaN): each costs six alignments. The first
    // view is always measured: the copy check and the examiner's report read its distances.
    if (v > 0 && views && !views.has(view.name)) {
      values.fill(NaN, k, k + 8);
      k += 8;
      distances.push([]);
      return;
    }
    const stats = writer.views[v]!;
    const ds = writer.references.map((r) => distance(questionedReference, r, v));
    distances.push(ds);
    const mu = Math.max(stats.mean, DISTANCE_FLOOR);
    const dmin = Math.max(Math.min(...ds), DISTANCE_FLOOR);
    const dmean = Math.max(ds.reduce((a, b) => a + b, 0) / ds.length, DISTANCE_FLOOR);
    let minPerRef = Infinity;
    ds.forEach((d, i) => (minPerRef = Math.min(minPerRef, Math.max(d, DISTANCE_FLOOR) / Math.max(stats.perReference[i]!, DISTANCE_FLOOR))));
    values[k++] = Math.log(dmin / mu);
    values[k++] = Math.log(dmean / mu);
    values[k++] = (dmean - mu) / (stats.sd + 0.1 * mu);
    values[k++] = Math.log(minPerRef);
    values[k++] = Math.log(mu);
    const t = stats.template;
    const dt = Math.max(templateDistance(questionedReference.views[v]!, t, DTW_BAND, view.dtw), DISTANCE_FLOOR);
    const tMean = Math.max(t.meanDistance, DISTANCE_FLOOR);
    values[k++] = Math.log(dt / tMean);
    values[k++] = (dt - tMean) / (t.sdDistance + 0.1 * tMean);
    values[k++] = Math.log(tMean);
  });
  const q = questioned.global;
  const observed: Record<(typeof GLOBALS)[number], number> = {
    duration: q.durationMs,
    penDown: q.penDownMs,
    pathLength: q.pathLength,
    strokes: q.strokeCount,
    pressure: q.meanPressure,
    aspect: q.aspect,
  };
  for (const g of GLOBALS) {
    const { mean, sd } = writer.global[g];
    const diff = Math.log(Math.max(observed[g], 1e-6)) - mean;
    values[k++] = Math.abs(diff) / Math.max(sd, GLOBAL_SD_FLOOR[g]);
    values[k++] = diff;
  }
  for (const value of richDissimilarity(q.rich, writer.rich)) values[k++] = value;
  return { values, distances };
}
