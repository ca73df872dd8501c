import { DISSIMILARITY_NAMES, type Dissimilarity } from './dissimilarityVector';
import { logisticLogOdds, type LogisticModel } from './logisticRegression';
import type { WriterNormalisation } from './writerScoreNormalisation';

/**
 * The writer-independent score model: dissimilarity vector → log-odds that the questioned signature
 * is by the enrolled writer (higher = more likely genuine), plus the decision threshold calibrated on
 * development writers and the error rates expected at it.
 */
export interface ScoreModel {
  /** Which dissimilarities the model reads (a subset of DISSIMILARITY_NAMES, by name). */
  logistic: LogisticModel;
  /** Accept as "consistent with the references" at score ≥ threshold. */
  threshold: number;
  /**
   * Score-level fusion with a second, separately trained model over other inputs (e.g. the
   * trajectory view and the dynamics view): score = (1 − weight) · logistic + weight · fused.
   */
  fused?: { logistic: LogisticModel; weight: number };
  /**
   * A writer-dependent decision: the score is shifted and scaled by how the writer's own references
   * score against each other (writerScoreNormalisation.ts). Absent: the log-odds as they are.
   */
  writerNormalisation?: WriterNormalisation;
  /** Expected error rates at the threshold, measured on writers the model was not trained on. */
  expected: { falseRejectRate: number; skilledFalseAcceptRate: number; randomFalseAcceptRate: number };
  /** Provenance of the model: data, protocol, date. */
  trainedOn: string;
  /** What was measured, per kind of device, on writers the model never saw (see MeasuredPerformance). */
  measured?: MeasuredPerformance[];
}

/**
 * Error rates of the engine measured on one kind of device, by writer-disjoint cross-validation:
 * what an examiner may quote for a signature captured on such a device, and nothing else.
 */
export interface MeasuredPerformance {
  /** The device the figures come from, in words. */
  device: string;
  /** The device profiles (PenDeviceInfo.profile) the figures apply to. */
  profiles: string[];
  /** Data and protocol, in words. */
  measuredOn: string;
  /** Equal error rates (fractions). */
  eer: { competition: number; perWriter: number; pooled: number; randomPooled: number };
  /** Rates at the model's decision threshold. */
  atThreshold: { falseRejectRate: number; skilledFalseAcceptRate: number; randomFalseAcceptRate: number };
}

/** The figures measured on the questioned signature's kind of device, if any were. */
export function measuredFor(model: ScoreModel, deviceProfile: string): MeasuredPerformance | undefined {
  return model.measured?.find((m) => m.profiles.includes(deviceProfile));
}

/** Every dissimilarity the model reads, of all its fused parts. */
export function modelInputNames(model: ScoreModel): string[] {
  return [...new Set([...model.logistic.names, ...(model.fused?.logistic.names ?? [])])];
}

/** Reads a logistic model's inputs out of a dissimilarity vector (throws if it names an unknown input). */
export function modelInputs(model: Pick<ScoreModel, 'logistic'>, d: Dissimilarity): Float64Array {
  const row = new Float64Array(model.logistic.names.length);
  model.logistic.names.forEach((name, i) => {
    const index = DISSIMILARITY_NAMES.indexOf(name);
    if (index < 0) throw new Error(`score model input "${name}" is not computed by this engine version; retrain the model`);
    row[i] = d.values[index]!;
  });
  return row;
}

/** The model's score before any writer normalisation. */
export function scoreDissimilarity(model: ScoreModel, d: Dissimilarity): number {
  const own = logisticLogOdds(model.logistic, modelInputs(model, d));
  if (!model.fused) return own;
  const { logistic, weight } = model.fused;
  return (1 - weight) * own + weight * logisticLogOdds(logistic, modelInputs({ logistic }, d));
}
