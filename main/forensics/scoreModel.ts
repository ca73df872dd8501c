import { DISSIMILARITY_NAMES, type Dissimilarity } from './dissimilarityVector';
import { logisticLogOdds, type LogisticModel } from './logisticRegression';

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
  /** Expected error rates at the threshold, measured on writers the model was not trained on. */
  expected: { falseRejectRate: number; skilledFalseAcceptRate: number; randomFalseAcceptRate: number };
  /** Provenance of the model: data, protocol, date. */
  trainedOn: string;
}

/** Reads the model's inputs out of a dissimilarity vector (throws if the model names an unknown input). */
export function modelInputs(model: ScoreModel, d: Dissimilarity): Float64Array {
  const row = new Float64Array(model.logistic.names.length);
  model.logistic.names.forEach((name, i) => {
    const index = DISSIMILARITY_NAMES.indexOf(name);
    if (index < 0) throw new Error(`score model input "${name}" is not computed by this engine version; retrain the model`);
    row[i] = d.values[index]!;
  });
  return row;
}

export function scoreDissimilarity(model: ScoreModel, d: Dissimilarity): number {
  return logisticLogOdds(model.logistic, modelInputs(model, d));
}
