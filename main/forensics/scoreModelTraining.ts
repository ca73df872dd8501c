import { dissimilarity, DISSIMILARITY_NAMES } from './dissimilarityVector';
import { fitLogistic, logisticLogOdds, type LogisticModel } from './logisticRegression';
import { equalErrorRate, equalErrorThreshold, sample, seededRandom, type ProtocolWriter } from './verificationProtocol';
import type { Verifier } from './writerCrossValidation';
import { defaultDistance, enrolReferences, type EnrolledReference, type WriterModel } from './writerEnrolment';
import { scoreDissimilarity, type ScoreModel } from './scoreModel';
import { leaveOneOutOffset } from './referenceScoreOffset';

/**
 * Fits the writer-independent score model on development writers, and measures it on others.
 * Training never sees the writers it is measured on: cross-validation is by writer.
 */

/** The dissimilarities the shipped model reads (chosen on writers U1–U10 only, see docs/forensics.md). */
export const MODEL_INPUTS = ['trajectory:min', 'trajectory:mean', 'trajectory:spread', 'trajectory:template', 'trajectory:templateSpread'];

const GLOBAL_ABS_Z = ['duration:absZ', 'penDown:absZ', 'pathLength:absZ', 'strokes:absZ', 'pressure:absZ', 'aspect:absZ'];

/**
 * The input sets training may choose from (by inner writer cross-validation), simplest first:
 * the trajectory distances alone; with the global-feature distances (how far duration, pen-down
 * time, path length, strokes, pressure and aspect are from the references', in units of their
 * spread); with the z-scored and per-reference variants of the distances too.
 */
const DYNAMICS = ['dynamics:min', 'dynamics:mean', 'dynamics:spread', 'dynamics:template', 'dynamics:templateSpread'];
/** The un-normalised (raw accumulated cost) view's distances, see ALIGNMENT_VIEWS. */
const COST = ['cost:min', 'cost:mean', 'cost:z', 'cost:spread', 'cost:template', 'cost:templateSpread'];
const SET_3 = [...MODEL_INPUTS, 'trajectory:z', 'trajectory:templateZ', 'trajectory:minPerRef', ...GLOBAL_ABS_Z];
export const CANDIDATE_INPUTS: ReadonlyArray<readonly string[]> = [
  MODEL_INPUTS,
  [...MODEL_INPUTS, ...GLOBAL_ABS_Z],
  SET_3,
  [...MODEL_INPUTS, ...DYNAMICS],
  [...MODEL_INPUTS, ...DYNAMICS, ...GLOBAL_ABS_Z],
  [...SET_3, ...COST],
  [...MODEL_INPUTS, ...DYNAMICS, ...COST],
  [...SET_3, ...DYNAMICS, ...COST],
];

export type Distance = (a: EnrolledReference, b: EnrolledReference, view: number) => number;

/**
 * How the engine enrols and measures, injectable so that evaluation can remember what it computed
 * (the protocol enrols the same reference sets and compares the same pairs many times).
 */
export interface EngineSteps {
  enrol(references: readonly EnrolledReference[]): WriterModel;
  dissimilarity(questioned: EnrolledReference, writer: WriterModel): Float64Array;
}

export const directEngineSteps = (distance: Distance = defaultDistance): EngineSteps => ({
  enrol: (refs) => enrolReferences(refs, distance),
  dissimilarity: (q, writer) => dissimilarity(q.features, writer, distance, q).values,
});

export interface TrainingOptions {
  inputs?: readonly string[];
  /** Enrolment draws per writer. */
  repetitions?: number;
  seed?: number;
  /** Share of the impostor weight given to random forgeries (the rest to skilled ones). */
  randomWeight?: number;
  l2?: number;
  steps?: EngineSteps;
  /** Candidate input sets; the one an inner writer cross-validation prefers is used (overrides `inputs`). */
  candidates?: ReadonlyArray<readonly string[]>;
  /**
   * Subtract the writer's leave-one-out reference score (referenceScoreOffset.ts; the threshold is
   * then set on offset scores); 'choose': the inner writer cross-validation decides.
   */
  referenceOffset?: boolean | 'choose';
  trainedOn?: string;
}

/** The training rows of one writer: full dissimilarity vectors of its simulated enrolments. */
interface WriterRows {
  vectors: Float64Array[];
  kinds: Array<'genuine' | 'skilled' | 'random'>;
  weights: number[];
  /** The enrolment each row was measured against. */
  enrolments: WriterModel[];
}

/** Simulated enrolments on each training writer → labelled dissimilarity vectors. */
function trainingRows(writers: readonly ProtocolWriter<EnrolledReference>[], options: TrainingOptions, steps: EngineSteps): WriterRows[] {
  const seed = options.seed ?? 7;
  const randomWeight = options.randomWeight ?? 0.05;
  const repetitions = options.repetitions ?? 5;
  return writers.map((writer) => {
    const rows: WriterRows = { vectors: [], kinds: [], weights: [], enrolments: [] };
    const others = writers.filter((w) => w !== writer).flatMap((w) => w.genuine);
    for (let rep = 0; rep < repetitions; rep++) {
      // Draws depend on the writer and the repetition only: every fold that trains on this writer
      // enrols the same references (evaluation then computes each enrolment once).
      const random = seededRandom(seed + 1000 * writerNumber(writer.id) + rep);
      const refs = sample(writer.genuine.slice(0, 10), 5, random);
      const model = steps.enrol(refs);
      const genuine = writer.genuine.filter((s) => !refs.includes(s));
      const impostors = sample(others, 20, random);
      const add = (s: EnrolledReference, kind: WriterRows['kinds'][number], weight: number) => {
        rows.vectors.push(steps.dissimilarity(s, model));
        rows.kinds.push(kind);
        rows.weights.push(weight);
        rows.enrolments.push(model);
      };
      // Each writer weighs the same; within a writer genuine and impostor halves weigh the same.
      genuine.forEach((s) => add(s, 'genuine', 10 / genuine.length));
      writer.skilled.forEach((s) => add(s, 'skilled', (10 * (1 - randomWeight)) / writer.skilled.length));
      impostors.forEach((s) => add(s, 'random', (10 * randomWeight) / impostors.length));
    }
    return rows;
  });
}

function indicesOf(inputs: readonly string[]): number[] {
  return inputs.map((name) => {
    const i = DISSIMILARITY_NAMES.indexOf(name);
    if (i < 0) throw new Error(`unknown model input "${name}"`);
    return i;
  });
}

/** Logistic model over the given inputs, with its threshold at the skilled-forgery EER point of its own training rows. */
function fitRows(rows: readonly WriterRows[], inputs: readonly string[], l2: number): { logistic: LogisticModel; threshold: number } {
  const pick = indicesOf(inputs);
  const all = rows.flatMap((w) => w.vectors.map((v, i) => ({ x: Float64Array.from(pick, (k) => v[k]!), kind: w.kinds[i]!, weight: w.weights[i]! })));
  const logistic = fitLogistic(inputs, all.map((r) => r.x), all.map((r) => (r.kind === 'genuine' ? 1 : 0)), { l2, sampleWeights: all.map((r) => r.weight) });
  const scores = all.map((r) => logisticLogOdds(logistic, r.x));
  const threshold = equalErrorThreshold(scores.filter((_, i) => all[i]!.kind === 'genuine'), scores.filter((_, i) => all[i]!.kind === 'skilled'));
  return { logistic, threshold };
}

/**
 * Genuine and skilled-forgery scores of training rows under a fitted model, with or without the
 * writer's leave-one-out offset (the offsets are computed once per enrolment).
 */
function rowScores(rows: readonly WriterRows[], logistic: LogisticModel, steps: EngineSteps, offset: boolean): { genuine: number[]; skilled: number[] } {
  const pick = indicesOf(logistic.names);
  const score = (v: Float64Array) => logisticLogOdds(logistic, Float64Array.from(pick, (k) => v[k]!));
  const offsets = new Map<WriterModel, number>();
  const genuine: number[] = [], skilled: number[] = [];
  for (const w of rows) {
    w.vectors.forEach((v, i) => {
      let o = 0;
      if (offset) {
        const enrolment = w.enrolments[i]!;
        const known = offsets.get(enrolment);
        o = known ?? leaveOneOutOffset(enrolment, steps, score);
        if (known === undefined) offsets.set(enrolment, o);
      }
      if (w.kinds[i] === 'genuine') genuine.push(score(v) - o);
      else if (w.kinds[i] === 'skilled') skilled.push(score(v) - o);
    });
  }
  return { genuine, skilled };
}

/**
 * Which candidate input set (and whether the writer's score offset) generalises best to writers
 * left out, judged by an inner cross-validation over the training writers only (pooled
 * skilled-forgery EER of the left-out writers' rows). Ties keep the earlier, simpler choice.
 */
function selectInputs(
  rows: readonly WriterRows[],
  candidates: ReadonlyArray<readonly string[]>,
  offsets: readonly boolean[],
  l2: number,
  steps: EngineSteps,
  folds = 4,
): { inputs: readonly string[]; offset: boolean } {
  if (candidates.length === 1 && offsets.length === 1) return { inputs: candidates[0]!, offset: offsets[0]! };
  let best = { inputs: candidates[0]!, offset: offsets[0]! }, bestError = Infinity;
  for (const inputs of candidates) {
    const inner = Array.from({ length: folds }, (_, f) => ({
      logistic: fitRows(rows.filter((_, i) => i % folds !== f), inputs, l2).logistic,
      held: rows.filter((_, i) => i % folds === f),
    }));
    for (const offset of offsets) {
      const genuine: number[] = [], skilled: number[] = [];
      for (const { logistic, held } of inner) {
        const s = rowScores(held, logistic, steps, offset);
        genuine.push(...s.genuine);
        skilled.push(...s.skilled);
      }
      const error = equalErrorRate(genuine, skilled);
      if (error < bestError - 1e-9) {
        best = { inputs, offset };
        bestError = error;
      }
    }
  }
  return best;
}

/**
 * Simulated enrolments on the training writers → labelled dissimilarity vectors → logistic model.
 * With several candidate input sets, the set is chosen by inner cross-validation on these writers;
 * `referenceOffset: 'choose'` lets the same inner cross-validation decide on the writer's offset.
 */
export function trainScoreModel(writers: readonly ProtocolWriter<EnrolledReference>[], options: TrainingOptions = {}): ScoreModel {
  const steps = options.steps ?? directEngineSteps();
  const l2 = options.l2 ?? 1;
  const rows = trainingRows(writers, options, steps);
  const offsets = options.referenceOffset === 'choose' ? [false, true] : [options.referenceOffset === true];
  const { inputs, offset } = selectInputs(rows, options.candidates ?? [options.inputs ?? MODEL_INPUTS], offsets, l2, steps);
  const { logistic } = fitRows(rows, inputs, l2);
  // The threshold at the skilled-forgery EER point of the training rows, on the scores as shipped.
  const s = rowScores(rows, logistic, steps, offset);
  const threshold = equalErrorThreshold(s.genuine, s.skilled);
  return {
    logistic,
    threshold,
    ...(offset ? { referenceOffset: 'leaveOneOut' as const } : {}),
    expected: { falseRejectRate: NaN, skilledFalseAcceptRate: NaN, randomFalseAcceptRate: NaN },
    trainedOn: options.trainedOn ?? `${writers.length} writers`,
  };
}

/** "U12" → 12 (any other id → a stable number from its characters). */
function writerNumber(id: string): number {
  const n = Number(id.replace(/^\D+/, ''));
  return Number.isFinite(n) ? n : [...id].reduce((a, c) => (a * 31 + c.charCodeAt(0)) >>> 0, 0);
}

/** The engine as a verifier for cross-validation: everything it learns comes from the training writers. */
export function engineVerifier(steps: EngineSteps, options: Omit<TrainingOptions, 'steps'> = {}, name = 'engine'): Verifier<EnrolledReference> {
  return {
    name,
    train(writers) {
      const model = trainScoreModel(writers, { ...options, steps });
      return {
        threshold: model.threshold,
        enrol(references) {
          const writer = steps.enrol(references);
          const offset = model.referenceOffset ? leaveOneOutOffset(writer, steps, (values) => scoreRow(model, values)) : 0;
          return (q) => scoreRow(model, steps.dissimilarity(q, writer)) - offset;
        },
      };
    },
  };
}

function scoreRow(model: ScoreModel, values: Float64Array): number {
  return scoreDissimilarity(model, { values, distances: [] });
}
