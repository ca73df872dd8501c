import { DISSIMILARITY_NAMES } from './dissimilarityVector';
import { fitLogistic, logisticLogOdds, type LogisticModel } from './logisticRegression';
import type { EngineSteps } from './scoreModelTraining';
import { equalErrorRate, equalErrorThreshold } from './verificationProtocol';
import type { WriterModel } from './writerEnrolment';
import { leaveOneOutVectors, spreadOf, writerNormaliser, type WriterNormalisation } from './writerScoreNormalisation';

/**
 * Which score model generalises to writers left out: candidate input sets, score-level fusions of
 * two separately trained models and writer normalisations, judged by an inner writer
 * cross-validation over the training writers only (never over the writers being measured).
 */

/** The training rows of one writer: full dissimilarity vectors of its simulated enrolments. */
export interface WriterRows {
  vectors: Float64Array[];
  kinds: Array<'genuine' | 'skilled' | 'random'>;
  weights: number[];
  /** The enrolment each row was measured against. */
  enrolments: WriterModel[];
}

/** One input set, or two fused at score level: (1 − weight) · first + weight · second. */
export interface ModelSpec {
  inputs: readonly string[];
  fuse?: { inputs: readonly string[]; weight: number };
}

export interface FittedModel {
  logistic: LogisticModel;
  fused?: { logistic: LogisticModel; weight: number };
}

/** Each enrolment's leave-one-out dissimilarity vectors, computed once per training. */
export type LeaveOneOut = (enrolment: WriterModel) => Float64Array[];

export function leaveOneOutMemo(steps: EngineSteps): LeaveOneOut {
  const memo = new WeakMap<WriterModel, Float64Array[]>();
  return (enrolment) => {
    let v = memo.get(enrolment);
    if (!v) memo.set(enrolment, (v = leaveOneOutVectors(enrolment, steps)));
    return v;
  };
}

function indicesOf(inputs: readonly string[]): number[] {
  return inputs.map((name) => {
    const i = DISSIMILARITY_NAMES.indexOf(name);
    if (i < 0) throw new Error(`unknown model input "${name}"`);
    return i;
  });
}

/** Logistic model over the given inputs, every writer weighing the same. */
export function fitLogisticRows(rows: readonly WriterRows[], inputs: readonly string[], l2: number): LogisticModel {
  const pick = indicesOf(inputs);
  const all = rows.flatMap((w) => w.vectors.map((v, i) => ({ x: Float64Array.from(pick, (k) => v[k]!), kind: w.kinds[i]!, weight: w.weights[i]! })));
  return fitLogistic(inputs, all.map((r) => r.x), all.map((r) => (r.kind === 'genuine' ? 1 : 0)), { l2, sampleWeights: all.map((r) => r.weight) });
}

export function fitSpec(rows: readonly WriterRows[], spec: ModelSpec, l2: number, cache = new Map<string, LogisticModel>()): FittedModel {
  const fit = (inputs: readonly string[]) => {
    const key = inputs.join(',');
    let m = cache.get(key);
    if (!m) cache.set(key, (m = fitLogisticRows(rows, inputs, l2)));
    return m;
  };
  const logistic = fit(spec.inputs);
  return spec.fuse ? { logistic, fused: { logistic: fit(spec.fuse.inputs), weight: spec.fuse.weight } } : { logistic };
}

/** The fitted model's score of a full dissimilarity vector (the same as scoreDissimilarity). */
export function scorerOf(model: FittedModel): (v: Float64Array) => number {
  const part = (logistic: LogisticModel) => {
    const pick = indicesOf(logistic.names);
    return (v: Float64Array) => logisticLogOdds(logistic, Float64Array.from(pick, (k) => v[k]!));
  };
  const own = part(model.logistic);
  if (!model.fused) return own;
  const other = part(model.fused.logistic), w = model.fused.weight;
  return (v) => (1 - w) * own(v) + w * other(v);
}

function distinctEnrolments(rows: readonly WriterRows[]): WriterModel[] {
  return [...new Set(rows.flatMap((w) => w.enrolments))];
}

/** Sets a scaling normalisation's spread floor: the median leave-one-out spread of the rows' enrolments. */
export function fitNormalisation(n: WriterNormalisation | undefined, rows: readonly WriterRows[], score: (v: Float64Array) => number, loo: LeaveOneOut): WriterNormalisation | undefined {
  if (!n || n.spreadFloor === undefined) return n;
  const spreads = distinctEnrolments(rows).map((e) => spreadOf(loo(e).map(score))).sort((a, b) => a - b);
  return { ...n, spreadFloor: spreads[spreads.length >> 1] ?? 0 };
}

/** Genuine and skilled-forgery scores of training rows, after the writer normalisation. */
export function rowScores(rows: readonly WriterRows[], score: (v: Float64Array) => number, n: WriterNormalisation | undefined, loo: LeaveOneOut): { genuine: number[]; skilled: number[] } {
  const transforms = new Map<WriterModel, (s: number) => number>();
  const genuine: number[] = [], skilled: number[] = [];
  for (const w of rows) {
    w.vectors.forEach((v, i) => {
      if (w.kinds[i] === 'random') return;
      const e = w.enrolments[i]!;
      let t = transforms.get(e);
      if (!t) transforms.set(e, (t = n ? writerNormaliser(n, loo(e).map(score)) : (s) => s));
      (w.kinds[i] === 'genuine' ? genuine : skilled).push(t(score(v)));
    });
  }
  return { genuine, skilled };
}

/** The threshold at the skilled-forgery EER point of the rows, on the scores as shipped. */
export function rowThreshold(rows: readonly WriterRows[], score: (v: Float64Array) => number, n: WriterNormalisation | undefined, loo: LeaveOneOut): number {
  const s = rowScores(rows, score, n, loo);
  return equalErrorThreshold(s.genuine, s.skilled);
}

/**
 * The spec and normalisation with the lowest pooled skilled-forgery EER over the left-out writers'
 * rows of an inner `folds`-fold writer cross-validation. Ties keep the earlier, simpler choice.
 */
export function selectModel(
  rows: readonly WriterRows[],
  specs: readonly ModelSpec[],
  normalisations: ReadonlyArray<WriterNormalisation | undefined>,
  l2: number,
  loo: LeaveOneOut,
  folds = 4,
): { spec: ModelSpec; normalisation: WriterNormalisation | undefined; error: number } {
  let best = { spec: specs[0]!, normalisation: normalisations[0], error: Infinity };
  if (specs.length === 1 && normalisations.length === 1) return best;
  const caches = Array.from({ length: folds }, () => new Map<string, LogisticModel>());
  for (const spec of specs) {
    const inner = caches.map((cache, f) => {
      const train = rows.filter((_, i) => i % folds !== f);
      return { train, held: rows.filter((_, i) => i % folds === f), score: scorerOf(fitSpec(train, spec, l2, cache)) };
    });
    for (const n of normalisations) {
      const genuine: number[] = [], skilled: number[] = [];
      for (const { train, held, score } of inner) {
        const s = rowScores(held, score, fitNormalisation(n, train, score, loo), loo);
        genuine.push(...s.genuine);
        skilled.push(...s.skilled);
      }
      const error = equalErrorRate(genuine, skilled);
      if (error < best.error - 1e-9) best = { spec, normalisation: n, error };
    }
  }
  return best;
}

/** The pooled skilled-forgery EER of a spec over the held-out writers of an inner writer cross-validation. */
export function innerError(rows: readonly WriterRows[], spec: ModelSpec, l2: number, loo: LeaveOneOut, folds = 4): number {
  const genuine: number[] = [], skilled: number[] = [];
  for (let f = 0; f < folds; f++) {
    const train = rows.filter((_, i) => i % folds !== f);
    const s = rowScores(rows.filter((_, i) => i % folds === f), scorerOf(fitSpec(train, spec, l2)), undefined, loo);
    genuine.push(...s.genuine);
    skilled.push(...s.skilled);
  }
  return equalErrorRate(genuine, skilled);
}

/**
 * Greedy forward selection (Richiardi et al., ICDAR 2005): starting from `base`, add the input of
 * `pool` that lowers the inner cross-validation's pooled EER most, while it lowers it by more than
 * `minGain`, at most `maxAdded` times. Training writers only.
 */
export function forwardSelect(rows: readonly WriterRows[], base: readonly string[], pool: readonly string[], l2: number, loo: LeaveOneOut, maxAdded = 4, minGain = 0.002): string[] {
  let chosen = [...base];
  let error = innerError(rows, { inputs: chosen }, l2, loo);
  for (let step = 0; step < maxAdded; step++) {
    let best: { name: string; error: number } | undefined;
    for (const name of pool) {
      if (chosen.includes(name)) continue;
      const e = innerError(rows, { inputs: [...chosen, name] }, l2, loo);
      if (!best || e < best.error) best = { name, error: e };
    }
    if (!best || best.error > error - minGain) break;
    chosen = [...chosen, best.name];
    error = best.error;
  }
  return chosen;
}
