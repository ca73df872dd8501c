import { dissimilarity, DISSIMILARITY_NAMES } from './dissimilarityVector';
import { fitLogistic, logisticLogOdds } from './logisticRegression';
import { equalErrorThreshold, sample, seededRandom, type ProtocolWriter } from './verificationProtocol';
import type { Verifier } from './writerCrossValidation';
import { defaultDistance, enrolReferences, type EnrolledReference, type WriterModel } from './writerEnrolment';
import { scoreDissimilarity, type ScoreModel } from './scoreModel';

/**
 * Fits the writer-independent score model on development writers, and measures it on others.
 * Training never sees the writers it is measured on: cross-validation is by writer.
 */

/** The dissimilarities the shipped model reads (chosen on writers U1–U10 only, see docs/forensics.md). */
export const MODEL_INPUTS = ['trajectory:min', 'trajectory:mean', 'trajectory:spread', 'trajectory:template', 'trajectory:templateSpread'];

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
  trainedOn?: string;
}

/** Simulated enrolments on the training writers → labelled dissimilarity vectors → logistic model. */
export function trainScoreModel(writers: readonly ProtocolWriter<EnrolledReference>[], options: TrainingOptions = {}): ScoreModel {
  const inputs = options.inputs ?? MODEL_INPUTS;
  const steps = options.steps ?? directEngineSteps();
  const seed = options.seed ?? 7;
  const randomWeight = options.randomWeight ?? 0.05;
  const rows: Float64Array[] = [];
  const labels: number[] = [];
  const weights: number[] = [];
  const kinds: Array<'genuine' | 'skilled' | 'random'> = [];
  const pick = inputs.map((name) => {
    const i = DISSIMILARITY_NAMES.indexOf(name);
    if (i < 0) throw new Error(`unknown model input "${name}"`);
    return i;
  });
  const repetitions = options.repetitions ?? 5;
  for (const writer of writers) {
    const others = writers.filter((w) => w !== writer).flatMap((w) => w.genuine);
    for (let rep = 0; rep < repetitions; rep++) {
      // Draws depend on the writer and the repetition only: every fold that trains on this writer
      // enrols the same references (evaluation then computes each enrolment once).
      const random = seededRandom(seed + 1000 * writerNumber(writer.id) + rep);
      const refs = sample(writer.genuine.slice(0, 10), 5, random);
      const model = steps.enrol(refs);
      const genuine = writer.genuine.filter((s) => !refs.includes(s));
      const impostors = sample(others, 20, random);
      const add = (s: EnrolledReference, kind: (typeof kinds)[number], weight: number) => {
        const d = steps.dissimilarity(s, model);
        rows.push(Float64Array.from(pick, (i) => d[i]!));
        labels.push(kind === 'genuine' ? 1 : 0);
        weights.push(weight);
        kinds.push(kind);
      };
      // Each writer weighs the same; within a writer genuine and impostor halves weigh the same.
      genuine.forEach((s) => add(s, 'genuine', 10 / genuine.length));
      writer.skilled.forEach((s) => add(s, 'skilled', (10 * (1 - randomWeight)) / writer.skilled.length));
      impostors.forEach((s) => add(s, 'random', (10 * randomWeight) / impostors.length));
    }
  }
  const logistic = fitLogistic(inputs, rows, labels, { l2: options.l2 ?? 1, sampleWeights: weights });
  // The decision threshold: the skilled-forgery EER point on the training writers' own scores.
  const model: ScoreModel = {
    logistic,
    threshold: 0,
    expected: { falseRejectRate: NaN, skilledFalseAcceptRate: NaN, randomFalseAcceptRate: NaN },
    trainedOn: options.trainedOn ?? `${writers.length} writers`,
  };
  const scores = rows.map((row) => logisticLogOdds(logistic, row));
  model.threshold = equalErrorThreshold(
    scores.filter((_, i) => kinds[i] === 'genuine'),
    scores.filter((_, i) => kinds[i] === 'skilled'),
  );
  return model;
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
          return (q) => scoreRow(model, steps.dissimilarity(q, writer));
        },
      };
    },
  };
}

function scoreRow(model: ScoreModel, values: Float64Array): number {
  return scoreDissimilarity(model, { values, distances: [] });
}
