import type { BiometricRecord } from '../pen/biometricRecord';
import { dissimilarity, viewsRead, type Dissimilarity } from './dissimilarityVector';
import { scoreDissimilarity, type ScoreModel } from './scoreModel';
import { extractFeatures, type SignatureFeatures } from './signatureFeatures';
import { TRAINED_SCORE_MODEL } from './trainedScoreModel';
import { enrolWriter, IDENTICAL_DISTANCE, type WriterModel } from './writerEnrolment';

/**
 * The forensic comparison engine's front door: enrol a person's reference signatures, then score a
 * questioned signature against them. Pure (no Node built-ins): runs in the main process, a worker
 * or a browser.
 */

export interface SignatureVerdict {
  /** Log-odds that the questioned signature is by the enrolled writer; higher = more likely genuine. */
  score: number;
  /** The calibrated decision threshold the score is compared with. */
  threshold: number;
  /** Score ≥ threshold: consistent with the references. This is evidence for an examiner, not a verdict on its own. */
  consistent: boolean;
  /** Expected error rates at the threshold (measured on writers the model never saw). */
  expected: ScoreModel['expected'];
  dissimilarity: Dissimilarity;
  /** Index of a reference the questioned signature is an exact copy of (a replay, not a new signature). */
  copyOfReference?: number;
}

/** Features of one captured signature (throws SignatureTooShortError for a dot or a slip). */
export function signatureFeatures(record: BiometricRecord): SignatureFeatures {
  return extractFeatures(record.samples, { yUnitScale: yUnitScale(record.device) });
}

/**
 * How tall one raw y unit is relative to one raw x unit, from the device's physical size where it
 * says it (a digitizer may have 10 000 × 10 000 units over a 16:10 surface); otherwise units are
 * taken as square, which holds for pointer input (CSS pixels) and the pen tablets seen so far.
 */
export function yUnitScale(device: BiometricRecord['device']): number {
  const xSpan = device.xRange[1] - device.xRange[0];
  const ySpan = device.yRange[1] - device.yRange[0];
  if (!(device.widthMm! > 0 && device.heightMm! > 0 && xSpan > 0 && ySpan > 0)) return 1;
  return device.heightMm! / ySpan / (device.widthMm! / xSpan);
}

/** Enrols a person from 2–20 reference signatures (3–10 recommended). */
export function enrolSignatures(references: readonly BiometricRecord[]): WriterModel {
  return enrolWriter(references.map(signatureFeatures));
}

/** Scores a questioned signature against an enrolled writer. */
export function compareWithReferences(writer: WriterModel, questioned: BiometricRecord | SignatureFeatures, model: ScoreModel = TRAINED_SCORE_MODEL): SignatureVerdict {
  const features = 'samples' in questioned ? signatureFeatures(questioned) : questioned;
  const d = dissimilarity(features, writer, undefined, undefined, viewsRead(model.logistic.names));
  const score = scoreDissimilarity(model, d);
  const copy = d.distances[0]!.findIndex((x) => x < IDENTICAL_DISTANCE);
  return {
    score,
    threshold: model.threshold,
    consistent: score >= model.threshold,
    expected: model.expected,
    dissimilarity: d,
    ...(copy >= 0 ? { copyOfReference: copy } : {}),
  };
}
