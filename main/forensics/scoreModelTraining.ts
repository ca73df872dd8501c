import { dissimilarity, DISSIMILARITY_NAMES } from './dissimilarityVector';
import { fitLogistic } from './logisticRegression';
import { equalErrorThreshold, errorRatesAt, runSvcProtocol, seededRandom, type ProtocolResult, type ProtocolWriter } from './verificationProtocol';
import { defaultDistance, enrolReferences, type EnrolledReference } from './writerEnrolment';
import { scoreDissimilarity, type ScoreModel } from './scoreModel';

/**
 * Fits the writer-independent score model on development writers, and measures it on others.
 * Training never sees the writers it is measured on: cross-validation is by writer.
 */

/** The dissimilarities the shipped model reads (chosen on writers U1–U10 only, see docs/forensics.md). */
export const MODEL_INPUTS = ['trajectory:min', 'trajectory:mean', 'trajectory:spread', 'trajectory:template', 'trajectory:templateSpread'];

export type Distance = (a: EnrolledReference, b: EnrolledReference, view: number) => number;

export interface TrainingOptions {
  inputs?: readonly string[];
  /** Enrolment draws per writer. */
  repetitions?: number;
  seed?: number;
  /** Share of the impostor weight given to random forgeries (the rest to skilled ones). */
  randomWeight?: number;
  l2?: number;
  distance?: Distance;
  trainedOn?: string;
}

/** Simulated enrolments on the training writers → labelled dissimilarity vectors → logistic model. */
export function trainScoreModel(writers: ProtocolWriter<EnrolledReference>[], options: TrainingOptions = {}): ScoreModel {
  const inputs = options.inputs ?? MODEL_INPUTS;
  const distance = options.distance ?? defaultDistance;
  const random = seededRandom(options.seed ?? 7);
  const randomWeight = options.randomWeight ?? 0.05;
  const rows: Float64Array[] = [];
  const labels: number[] = [];
  const weights: number[] = [];
  const pick = inputs.map((name) => {
    const i = DISSIMILARITY_NAMES.indexOf(name);
    if (i < 0) throw new Error(`unknown model input "${name}"`);
    return i;
  });
  for (let rep = 0; rep < (options.repetitions ?? 5); rep++) {
    for (const writer of writers) {
      const order = shuffle([...Array(Math.min(10, writer.genuine.length)).keys()], random);
      const refs = order.slice(0, 5).map((i) => writer.genuine[i]!);
      const model = enrolReferences(refs, distance);
      const genuine = writer.genuine.filter((s) => !refs.includes(s));
      const others = shuffle(writers.filter((w) => w !== writer).flatMap((w) => w.genuine), random).slice(0, 20);
      const add = (s: EnrolledReference, label: number, weight: number) => {
        const d = dissimilarity(s.features, model, distance, s);
        rows.push(Float64Array.from(pick, (i) => d.values[i]!));
        labels.push(label);
        weights.push(weight);
      };
      // Each writer weighs the same; within a writer genuine and impostor halves weigh the same.
      genuine.forEach((s) => add(s, 1, 10 / genuine.length));
      writer.skilled.forEach((s) => add(s, 0, (10 * (1 - randomWeight)) / writer.skilled.length));
      others.forEach((s) => add(s, 0, (10 * randomWeight) / others.length));
    }
  }
  const logistic = fitLogistic(inputs, rows, labels, { l2: options.l2 ?? 1, sampleWeights: weights });
  return {
    logistic,
    threshold: 0,
    expected: { falseRejectRate: NaN, skilledFalseAcceptRate: NaN, randomFalseAcceptRate: NaN },
    trainedOn: options.trainedOn ?? `${writers.length} writers`,
  };
}

function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

/** Runs the competition protocol with a given score model. */
export function evaluateScoreModel(model: ScoreModel, writers: ProtocolWriter<EnrolledReference>[], distance: Distance = defaultDistance, seed = 2004): ProtocolResult {
  return runSvcProtocol(
    writers,
    (refs) => {
      const writer = enrolReferences(refs, distance);
      return (q) => scoreDissimilarity(model, dissimilarity(q.features, writer, distance, q));
    },
    { seed },
  );
}

export interface CrossValidation {
  folds: Array<{ trainedOn: string; testedOn: string; result: ProtocolResult }>;
  /** Means over the folds. */
  skilledPerWriter: number;
  skilledPooled: number;
  randomPerWriter: number;
  randomPooled: number;
  /** The decision threshold, and the error rates it gives on the test writers (all folds' scores). */
  threshold: number;
  atThreshold: { falseRejectRate: number; skilledFalseAcceptRate: number; randomFalseAcceptRate: number };
}

/**
 * Cross-validation by writer over the given groups: each group is scored by a model trained on the
 * other groups' writers only.
 * The threshold is the pooled skilled-forgery EER point on the training writers' own scores,
 * averaged over folds, then applied unchanged to the held-out scores.
 */
export function crossValidateByWriter(groups: ProtocolWriter<EnrolledReference>[][], options: TrainingOptions = {}): CrossValidation {
  const distance = options.distance ?? defaultDistance;
  const results: CrossValidation['folds'] = [];
  const heldOut = { genuine: [] as number[], skilled: [] as number[], random: [] as number[] };
  const thresholds: number[] = [];
  for (let f = 0; f < groups.length; f++) {
    const test = groups[f]!;
    const train = groups.filter((_, i) => i !== f).flat();
    const model = trainScoreModel(train, options);
    const trainScores = evaluateScoreModel(model, train, distance).scores;
    thresholds.push(equalErrorThreshold(trainScores.genuine, trainScores.skilled));
    const result = evaluateScoreModel(model, test, distance);
    results.push({ trainedOn: train.map((w) => w.id).join(','), testedOn: test.map((w) => w.id).join(','), result });
    heldOut.genuine.push(...result.scores.genuine);
    heldOut.skilled.push(...result.scores.skilled);
    heldOut.random.push(...result.scores.random);
  }
  const mean = (pick: (r: ProtocolResult) => number) => results.reduce((a, r) => a + pick(r.result), 0) / results.length;
  const threshold = thresholds.reduce((a, b) => a + b, 0) / thresholds.length;
  return {
    folds: results,
    skilledPerWriter: mean((r) => r.skilledPerWriter),
    skilledPooled: mean((r) => r.skilledPooled),
    randomPerWriter: mean((r) => r.randomPerWriter),
    randomPooled: mean((r) => r.randomPooled),
    threshold,
    atThreshold: {
      falseRejectRate: errorRatesAt(threshold, heldOut.genuine, heldOut.skilled).frr,
      skilledFalseAcceptRate: errorRatesAt(threshold, heldOut.genuine, heldOut.skilled).far,
      randomFalseAcceptRate: errorRatesAt(threshold, heldOut.genuine, heldOut.random).far,
    },
  };
}
