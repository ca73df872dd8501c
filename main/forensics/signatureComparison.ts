import type { BiometricRecord } from '../pen/biometricRecord';
import { rawUnitSize } from '../../native/pen/captureSurface';
import { dissimilarity, viewsRead, type Dissimilarity } from './dissimilarityVector';
import { modelInputNames, scoreDissimilarity, type ScoreModel } from './scoreModel';
import { extractFeatures, type SignatureFeatures } from './signatureFeatures';
import { TRAINED_SCORE_MODEL } from './trainedScoreModel';
import { enrolReferences, enrolWriter, IDENTICAL_DISTANCE, type WriterModel } from './writerEnrolment';
import { leaveOneOutVectors, writerNormaliser } from './writerScoreNormalisation';
import type { EngineSteps } from './scoreModelTraining';

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
 * How tall one raw y unit is relative to one raw x unit, from the capture's geometry
 * (native/pen/captureSurface.ts, the same the sealed ink and the ISO record use): the device's
 * millimetres where it states them, else the pixels its raw range covers (a box of 640 × 160 px
 * reported as 0..10 000 on both axes), else square units (Pointer Events' CSS pixels, the pen
 * tablets seen so far). The comparison is then by shape, whatever box or digitizer drew it.
 */
export function yUnitScale(device: BiometricRecord['device']): number {
  const unit = rawUnitSize(device);
  return unit.y / unit.x;
}

const normalisers = new WeakMap<WriterModel, WeakMap<ScoreModel, (score: number) => number>>();

/**
 * The writer's score transform under a model that asks for one (writerScoreNormalisation.ts),
 * computed once per enrolment and model: five leave-one-out enrolments, part of enrolling, not of
 * comparing.
 */
export function writerScoreTransform(writer: WriterModel, model: ScoreModel): (score: number) => number {
  if (!model.writerNormalisation) return (s) => s;
  let perModel = normalisers.get(writer);
  if (!perModel) normalisers.set(writer, (perModel = new WeakMap()));
  let transform = perModel.get(model);
  if (transform === undefined) {
    const views = viewsRead(modelInputNames(model));
    const steps: EngineSteps = {
      enrol: (refs) => enrolReferences(refs),
      dissimilarity: (q, w) => dissimilarity(q.features, w, undefined, q, views).values,
    };
    const scores = leaveOneOutVectors(writer, steps).map((values) => scoreDissimilarity(model, { values, distances: [] }));
    perModel.set(model, (transform = writerNormaliser(model.writerNormalisation, scores)));
  }
  return transform;
}

/** Enrols a person from 2–20 reference signatures (3–10 recommended). */
export function enrolSignatures(references: readonly BiometricRecord[]): WriterModel {
  return enrolWriter(references.map(signatureFeatures));
}

/** Scores a questioned signature against an enrolled writer. */
export function compareWithReferences(writer: WriterModel, questioned: BiometricRecord | SignatureFeatures, model: ScoreModel = TRAINED_SCORE_MODEL): SignatureVerdict {
  const features = 'samples' in questioned ? signatureFeatures(questioned) : questioned;
  const d = dissimilarity(features, writer, undefined, undefined, viewsRead(modelInputNames(model)));
  const score = writerScoreTransform(writer, model)(scoreDissimilarity(model, d));
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
