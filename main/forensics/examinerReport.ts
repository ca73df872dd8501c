import type { BiometricRecord } from '../pen/biometricRecord';
import { dtwAlign } from './dynamicTimeWarping';
import { compareWithReferences, signatureFeatures, type SignatureVerdict } from './signatureComparison';
import type { SignatureFeatures } from './signatureFeatures';
import { TRAINED_SCORE_MODEL } from './trainedScoreModel';
import { measuredFor, type ScoreModel } from './scoreModel';
import { ALIGNMENT_VIEWS, DTW_BAND, enrolWriter, viewSequence } from './writerEnrolment';

/**
 * The examiner's report as data: everything the HTML and PDF renderings show, computed once so the
 * two can never disagree. Pure.
 */

export interface ReportInput {
  name: string;
  /** SHA-256 of the file the signature was read from. */
  sha256: string;
  format: string;
  record: BiometricRecord;
  /** For a signature extracted from a signed PDF: the revision and field its biometric data are sealed to. */
  binding?: { documentSha256: string; fieldName?: string; sealedAt?: string };
}

export interface ReportSignature {
  name: string;
  sha256: string;
  format: string;
  provenance: Provenance;
  /** Normalised pen-down trajectory (unit spread, centred), y down. */
  trajectory: Array<[number, number]>;
  /** Time (ms from first pen-down), pressure (0..1 of the record's range), speed (normalised units per second). */
  profile: Array<{ t: number; pressure: number; speed: number }>;
}

export interface Provenance {
  device: string;
  source: string;
  profile: string;
  nominalRateHz?: number;
  /** From the median interval between samples. */
  measuredRateHz: number;
  samples: number;
  penDownPoints: number;
  strokes: number;
  durationMs: number;
  capturedAt: string;
  gaps: number;
  /** The signed document revision the biometric data are sealed to, where known. */
  sealedIn?: { documentSha256: string; fieldName?: string; sealedAt?: string };
}

export interface ExaminerReport {
  title: string;
  generatedAt: string;
  document?: { name?: string; sha256: string };
  questioned: ReportSignature;
  references: Array<ReportSignature & { distance: number }>;
  /** Index of the reference closest to the questioned signature (its alignment is drawn). */
  nearest: number;
  /** Pairs [questioned point, nearest reference point] along the warping path, thinned for drawing. */
  alignment: Array<[number, number]>;
  verdict: SignatureVerdict;
  /** Mean distance between the references themselves, for scale. */
  referenceSpread: number;
  interpretation: string[];
  method: string[];
}

export interface ReportRequest {
  references: ReportInput[];
  questioned: ReportInput;
  documentSha256?: string;
  documentName?: string;
  generatedAt: string;
  model?: ScoreModel;
}

export function buildExaminerReport(request: ReportRequest): ExaminerReport {
  const model = request.model ?? TRAINED_SCORE_MODEL;
  const refFeatures = request.references.map((r) => signatureFeatures(r.record));
  const qFeatures = signatureFeatures(request.questioned.record);
  const writer = enrolWriter(refFeatures);
  const verdict = compareWithReferences(writer, qFeatures, model);
  const distances = verdict.dissimilarity.distances[0]!;
  const nearest = distances.indexOf(Math.min(...distances));
  const view = ALIGNMENT_VIEWS[0]!;
  const aligned = dtwAlign(viewSequence(qFeatures, view), viewSequence(refFeatures[nearest]!, view), { band: DTW_BAND });
  const step = Math.max(1, Math.round(aligned.path.length / 60));
  const alignment = aligned.path.filter((_, i) => i % step === 0);

  return {
    title: 'Forensic signature comparison',
    generatedAt: request.generatedAt,
    document: request.documentSha256
      ? { name: request.documentName, sha256: request.documentSha256 }
      : request.questioned.binding
        ? { name: `revision sealed with the questioned signature${request.questioned.binding.fieldName ? ` (field ${request.questioned.binding.fieldName})` : ''}`, sha256: request.questioned.binding.documentSha256 }
        : undefined,
    questioned: describeSignature(request.questioned, qFeatures),
    references: request.references.map((r, i) => ({ ...describeSignature(r, refFeatures[i]!), distance: distances[i]! })),
    nearest,
    alignment,
    verdict,
    referenceSpread: writer.views[0]!.mean,
    interpretation: interpret(verdict, request.references.length, model, request.questioned.record.device),
    method: [
      `Features per pen-down point: position (centred, unit spread), velocity, pressure, path direction; each z-normalised over the signature.`,
      `Elastic alignment: dynamic time warping (L1 frame distance, Sakoe-Chiba band ${Math.round(DTW_BAND * 100)} %) against each reference.`,
      `Per-writer normalisation: distances divided by the mean distance between the references themselves.`,
      `Score: logistic model over the normalised distances, trained on development writers (${model.trainedOn}).`,
    ],
  };
}

function interpret(verdict: SignatureVerdict, referenceCount: number, model: ScoreModel, device: BiometricRecord['device']): string[] {
  const { score, threshold, consistent, expected } = verdict;
  const lines = [
    `Score ${score.toFixed(2)} against a decision threshold of ${threshold.toFixed(2)}: the questioned signature is ${consistent ? 'CONSISTENT' : 'NOT CONSISTENT'} with the ${referenceCount} reference signatures.`,
    `The score is the log-odds, estimated on development data with equal weight for genuine signatures and forgeries, that the questioned signature was written by the reference writer: ${score >= 0 ? 'positive values support the same writer' : 'negative values support a different writer or a forgery'}; each unit is a factor of about 2.7.`,
  ];
  const pct = (x: number, digits = 1) => `${(x * 100).toFixed(digits)} %`;
  const measured = measuredFor(model, device.profile);
  if (measured) {
    const t = measured.atThreshold;
    lines.push(
      `Figures for the questioned signature's device (${measured.device}), measured on writers the model never saw (${measured.measuredOn}): ` +
        `equal error rate against skilled forgeries ${pct(measured.eer.competition, 2)} per writer and repetition (the SVC2004 competition's figure), ` +
        `${pct(measured.eer.perWriter, 2)} per writer, ${pct(measured.eer.pooled, 2)} with one threshold for all writers; against other people's signatures ${pct(measured.eer.randomPooled, 2)}.`,
      `At the threshold used here (${threshold.toFixed(2)}): false rejects ${pct(t.falseRejectRate)} of genuine signatures, false accepts ${pct(t.skilledFalseAcceptRate)} of skilled forgeries and ${pct(t.randomFalseAcceptRate, 2)} of other people's signatures.`,
    );
  } else if (model.measured?.length) {
    const m = model.measured[0]!;
    const t = m.atThreshold;
    lines.push(
      `No error rates have been measured for the questioned signature's device (${device.product ?? device.profile}, ${device.source}). ` +
        `On the device the model was measured on (${m.device}) the threshold used here (${threshold.toFixed(2)}) falsely rejects ${pct(t.falseRejectRate)} of genuine signatures ` +
        `and falsely accepts ${pct(t.skilledFalseAcceptRate)} of skilled forgeries; on this device the ranking of scores is expected to carry over better than the threshold: treat the decision as unvalidated.`,
    );
  } else if (Number.isFinite(expected.falseRejectRate)) {
    lines.push(
      `At this threshold, measured on writers the model never saw: ${(expected.falseRejectRate * 100).toFixed(1)} % of genuine signatures are rejected, ` +
        `${(expected.skilledFalseAcceptRate * 100).toFixed(1)} % of skilled forgeries and ${(expected.randomFalseAcceptRate * 100).toFixed(2)} % of other people's signatures are accepted.`,
    );
  } else {
    lines.push(`The score model (${model.trainedOn}) carries no measured error rates: treat the decision as unvalidated.`);
  }
  if (verdict.copyOfReference !== undefined) {
    lines.unshift(`WARNING: the questioned signature is an exact copy of reference ${verdict.copyOfReference + 1}. No hand writes a signature twice the same: this points to a replayed or copied capture, whatever the score says.`);
  }
  if (referenceCount < 3) lines.push('Fewer than 3 references: the writer\'s natural variation is poorly known and the score is less reliable.');
  lines.push('This is a measurement to support a forensic document examiner, not a conclusion on its own.');
  return lines;
}

function describeSignature(input: ReportInput, features: SignatureFeatures): ReportSignature {
  const { record } = input;
  const intervals: number[] = [];
  for (let i = 1; i < record.samples.length; i++) {
    const d = record.samples[i]!.t - record.samples[i - 1]!.t;
    if (d > 0) intervals.push(d);
  }
  intervals.sort((a, b) => a - b);
  const medianInterval = intervals.length ? intervals[intervals.length >> 1]! : 0;
  const rate = medianInterval > 0 ? 1000 / medianInterval : 0;
  const trajectory: Array<[number, number]> = [];
  const profile: Array<{ t: number; pressure: number; speed: number }> = [];
  for (let i = 0; i < features.length; i++) {
    trajectory.push([features.trajectory.x[i]!, features.trajectory.y[i]!]);
    profile.push({ t: features.t[i]!, pressure: features.pressure[i]!, speed: features.speed[i]! * rate });
  }
  const d = record.device;
  return {
    name: input.name,
    sha256: input.sha256,
    format: input.format,
    trajectory,
    profile,
    provenance: {
      device: [d.product, d.vendorId !== undefined ? `USB ${hex(d.vendorId)}:${hex(d.productId ?? 0)}` : undefined].filter(Boolean).join(', ') || 'unknown device',
      source: d.source,
      profile: d.profile,
      nominalRateHz: d.sampleRateHz,
      measuredRateHz: rate,
      samples: record.samples.length,
      penDownPoints: features.length,
      strokes: features.global.strokeCount,
      durationMs: features.global.durationMs,
      capturedAt: record.capturedAt,
      gaps: record.gaps.length,
      ...(input.binding ? { sealedIn: input.binding } : {}),
    },
  };
}

function hex(n: number): string {
  return n.toString(16).padStart(4, '0');
}
