import { equalErrorRate, sample, seededRandom, type ProtocolWriter } from './verificationProtocol';

/**
 * Writer-disjoint cross-validation of a signature verifier: the development writers are split into
 * folds (e.g. 5 folds of 4 writers), each fold is scored by a verifier trained on the other folds'
 * writers only, and the split is repeated with different fold seeds. Whatever the verifier learns
 * (weights, model, normalisation statistics, its threshold) it learns inside `train`, which never
 * sees the fold it is measured on: the figures are for writers the verifier has never seen.
 *
 * Inside a fold the SVC2004 protocol runs per writer: 5 references drawn from genuine 1–10, tested
 * on genuine 11–20 (second session), the 20 skilled forgeries, and 20 random forgeries (genuine
 * signatures of the fold's *other* writers, never of training writers: a verifier may use those as
 * its impostor cohort). The reference draws depend on the writer and the repetition only, so every
 * fold seed and every verifier sees the same enrolments.
 */

export interface TrainedVerifier<S> {
  /** Enrols references and returns a scorer (higher = more likely the enrolled writer). */
  enrol(references: S[]): (questioned: S) => number;
  /** The verifier's decision threshold, chosen on its training writers (undefined: it has none). */
  threshold?: number;
  /** What training chose (input set, fusion, normalisation), in words, for the record. */
  chosen?: string;
}

export interface Verifier<S> {
  name: string;
  train(writers: readonly ProtocolWriter<S>[]): TrainedVerifier<S>;
}

export interface CrossValidationOptions {
  folds?: number;
  foldSeeds?: readonly number[];
  repetitions?: number;
  references?: number;
  randomForgeries?: number;
  /** Seed of the reference draws (shared by all fold seeds and verifiers). */
  drawSeed?: number;
}

/** One enrolment of one held-out writer and its scores. */
export interface Trial {
  foldSeed: number;
  fold: number;
  writer: string;
  repetition: number;
  genuine: number[];
  skilled: number[];
  /** Random forgeries from the fold's other (also unseen) writers. */
  random: number[];
  /** Random forgeries from all other development writers, as in the competition (may include training writers). */
  randomAll: number[];
}

/** A figure's mean over the held-out folds and its spread across them. */
export interface Spread {
  mean: number;
  sd: number;
  min: number;
  max: number;
}

export interface CrossValidationReport {
  verifier: string;
  writers: number;
  folds: number;
  foldSeeds: number;
  repetitions: number;
  /** Skilled forgeries: EER per writer and repetition, own threshold each (the competition's figure). */
  competition: Spread;
  /** Skilled forgeries: EER per writer over all repetitions, one threshold per writer. */
  perWriter: Spread;
  /** Skilled forgeries: EER with one global threshold over a fold's writers. */
  pooled: Spread;
  /** Skilled forgeries: one global threshold over all 20 held-out writers (per fold seed and repetition). */
  pooledAll: Spread;
  randomPooled: Spread;
  randomPerWriter: Spread;
  /** Random forgeries drawn from all other development writers (the competition's draw). */
  randomAllPooled: Spread;
  randomAllPerWriter: Spread;
  /** Error rates at the thresholds the verifier chose on its training writers (when it chooses one). */
  atThreshold?: { falseRejectRate: number; skilledFalseAcceptRate: number; randomFalseAcceptRate: number };
  /** What each fold's training chose, when the verifier says (one entry per fold, in order). */
  chosen: string[];
  trials: Trial[];
}

/** Splits writers into `folds` groups after a seeded shuffle (sizes differ by at most one). */
export function writerFolds<T>(writers: readonly T[], folds: number, seed: number): T[][] {
  if (folds < 2 || folds > writers.length) throw new RangeError(`need 2..${writers.length} folds, got ${folds}`);
  const order = sample(writers, writers.length, seededRandom(seed));
  return Array.from({ length: folds }, (_, f) => order.filter((_, i) => i % folds === f));
}

export function crossValidate<S>(writers: readonly ProtocolWriter<S>[], verifier: Verifier<S>, options: CrossValidationOptions = {}): CrossValidationReport {
  const foldCount = options.folds ?? 5;
  const foldSeeds = options.foldSeeds ?? [1, 2, 3];
  const repetitions = options.repetitions ?? 10;
  const referenceCount = options.references ?? 5;
  const randomCount = options.randomForgeries ?? 20;
  const drawSeed = options.drawSeed ?? 2004;
  const trials: Trial[] = [];
  const atThreshold = { genuineRejected: 0, genuine: 0, skilledAccepted: 0, skilled: 0, randomAccepted: 0, random: 0 };
  let thresholds = 0;
  const chosen: string[] = [];

  for (const foldSeed of foldSeeds) {
    const folds = writerFolds(writers, foldCount, foldSeed);
    folds.forEach((test, fold) => {
      const trained = verifier.train(folds.filter((_, i) => i !== fold).flat());
      if (trained.chosen !== undefined) chosen.push(trained.chosen);
      for (const writer of test) {
        const index = writers.indexOf(writer);
        const others = test.filter((w) => w !== writer).flatMap((w) => w.genuine);
        const everyone = writers.filter((w) => w !== writer).flatMap((w) => w.genuine);
        for (let repetition = 0; repetition < repetitions; repetition++) {
          const references = sample(writer.genuine.slice(0, 10), referenceCount, seededRandom(drawSeed + 1000 * index + repetition));
          const randoms = sample(others, randomCount, seededRandom(drawSeed + 7919 * foldSeed + 1000 * index + repetition));
          const randomsAll = sample(everyone, randomCount, seededRandom(drawSeed + 1000 * index + repetition + 500));
          const score = trained.enrol(references);
          const trial: Trial = {
            foldSeed, fold, writer: writer.id, repetition,
            genuine: writer.genuine.slice(10, 20).map(score),
            skilled: writer.skilled.map(score),
            random: randoms.map(score),
            randomAll: randomsAll.map(score),
          };
          trials.push(trial);
          if (trained.threshold !== undefined) {
            const th = trained.threshold;
            atThreshold.genuineRejected += trial.genuine.filter((s) => s < th).length;
            atThreshold.skilledAccepted += trial.skilled.filter((s) => s >= th).length;
            atThreshold.randomAccepted += trial.random.filter((s) => s >= th).length;
            atThreshold.genuine += trial.genuine.length;
            atThreshold.skilled += trial.skilled.length;
            atThreshold.random += trial.random.length;
            thresholds++;
          }
        }
      }
    });
  }
  return {
    verifier: verifier.name,
    writers: writers.length,
    folds: foldCount,
    foldSeeds: foldSeeds.length,
    repetitions,
    ...figures(trials),
    ...(thresholds > 0
      ? {
          atThreshold: {
            falseRejectRate: atThreshold.genuineRejected / atThreshold.genuine,
            skilledFalseAcceptRate: atThreshold.skilledAccepted / atThreshold.skilled,
            randomFalseAcceptRate: atThreshold.randomAccepted / atThreshold.random,
          },
        }
      : {}),
    chosen,
    trials,
  };
}

/** The figures of a set of trials, each as a mean over folds with its spread across folds. */
export function figures(trials: readonly Trial[]): Pick<CrossValidationReport, 'competition' | 'perWriter' | 'pooled' | 'pooledAll' | 'randomPooled' | 'randomPerWriter' | 'randomAllPooled' | 'randomAllPerWriter'> {
  const byFold = groupBy(trials, (t) => `${t.foldSeed}/${t.fold}`);
  const perFold = (figure: (fold: readonly Trial[]) => number) => spread([...byFold.values()].map(figure));
  const meanOf = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const pooledEer = (group: readonly Trial[], impostor: 'skilled' | 'random' | 'randomAll') =>
    meanOf([...groupBy(group, (t) => String(t.repetition)).values()].map((rep) => equalErrorRate(rep.flatMap((t) => t.genuine), rep.flatMap((t) => t[impostor]))));
  return {
    competition: perFold((fold) => meanOf(fold.map((t) => equalErrorRate(t.genuine, t.skilled)))),
    perWriter: perFold((fold) => meanOf([...groupBy(fold, (t) => t.writer).values()].map((w) => equalErrorRate(w.flatMap((t) => t.genuine), w.flatMap((t) => t.skilled))))),
    pooled: perFold((fold) => pooledEer(fold, 'skilled')),
    // One threshold over every held-out writer of a fold seed: the harder, product-like figure.
    pooledAll: spread([...groupBy(trials, (t) => String(t.foldSeed)).values()].map((seed) => pooledEer(seed, 'skilled'))),
    randomPooled: perFold((fold) => pooledEer(fold, 'random')),
    randomPerWriter: perFold((fold) => meanOf(fold.map((t) => equalErrorRate(t.genuine, t.random)))),
    randomAllPooled: perFold((fold) => pooledEer(fold, 'randomAll')),
    randomAllPerWriter: perFold((fold) => meanOf(fold.map((t) => equalErrorRate(t.genuine, t.randomAll)))),
  };
}

function spread(values: number[]): Spread {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
  return { mean, sd, min: Math.min(...values), max: Math.max(...values) };
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
