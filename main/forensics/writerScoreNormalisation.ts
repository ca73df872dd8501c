import type { EngineSteps } from './scoreModelTraining';
import type { WriterModel } from './writerEnrolment';

/**
 * A writer-dependent decision from the references alone: how the writer's own genuine signatures
 * score. Each reference is scored against the other references (leave one out); a statistic of
 * those scores (their mean, median or lowest) is the writer's centre and their spread the writer's
 * scale. The questioned signature's score is then shifted by (a share of) the centre, and divided
 * by the scale, before the one global threshold (Kholmatov & Yanikoglu 2005 and Fischer et al.
 * 2015 do this on distances; here it is done on the fused score, so every input is covered).
 *
 * Which variant, if any, is chosen by the training's inner writer cross-validation: five references
 * are few, and the references (one session) cannot show how the writer drifts across sessions.
 *
 * Needs at least 3 references (two for each leave-one-out enrolment); with fewer the score is left as it is.
 */
export const MIN_REFERENCES_FOR_NORMALISATION = 3;

export interface WriterNormalisation {
  /** The statistic of the leave-one-out scores taken as the writer's centre. */
  centre: 'mean' | 'median' | 'min';
  /** Share of the centre subtracted (1: all of it; 0.5: a shrunk offset). */
  shift: number;
  /**
   * Divide by the leave-one-out scores' standard deviation, floored at this value (training sets it
   * to the median spread of its own enrolments). Absent: no scaling.
   */
  spreadFloor?: number;
}

/** The variants training may choose from (undefined: the raw score), simplest first. */
export const NORMALISATION_CANDIDATES: ReadonlyArray<WriterNormalisation | undefined> = [
  undefined,
  { centre: 'mean', shift: 1 },
  { centre: 'mean', shift: 0.5 },
  { centre: 'median', shift: 0.5 },
  { centre: 'min', shift: 0.5 },
  { centre: 'mean', shift: 0, spreadFloor: NaN },
  { centre: 'mean', shift: 1, spreadFloor: NaN },
  { centre: 'median', shift: 1, spreadFloor: NaN },
];

export function describeNormalisation(n: WriterNormalisation | undefined): string {
  if (!n) return 'none';
  return `${n.shift === 0 ? '' : `−${n.shift}×${n.centre}`}${n.spreadFloor !== undefined ? ' ÷ spread' : ''}`;
}

/** The dissimilarity vectors of each reference against the others (five enrolments of four). */
export function leaveOneOutVectors(writer: WriterModel, steps: EngineSteps): Float64Array[] {
  const refs = writer.references;
  if (refs.length < MIN_REFERENCES_FOR_NORMALISATION) return [];
  return refs.map((ref, i) => steps.dissimilarity(ref, steps.enrol(refs.filter((_, j) => j !== i))));
}

export function spreadOf(scores: readonly number[]): number {
  if (scores.length < 2) return 0;
  const m = scores.reduce((a, b) => a + b, 0) / scores.length;
  return Math.sqrt(scores.reduce((a, b) => a + (b - m) ** 2, 0) / (scores.length - 1));
}

function centreOf(scores: readonly number[], centre: WriterNormalisation['centre']): number {
  if (centre === 'min') return Math.min(...scores);
  if (centre === 'mean') return scores.reduce((a, b) => a + b, 0) / scores.length;
  const s = [...scores].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h]! : (s[h - 1]! + s[h]!) / 2;
}

/** The score transform of one enrolment, from its references' leave-one-out scores. */
export function writerNormaliser(n: WriterNormalisation | undefined, leaveOneOutScores: readonly number[]): (score: number) => number {
  if (!n || leaveOneOutScores.length === 0) return (s) => s;
  const c = n.shift === 0 ? 0 : n.shift * centreOf(leaveOneOutScores, n.centre);
  if (n.spreadFloor === undefined) return (s) => s - c;
  const scale = Math.max(spreadOf(leaveOneOutScores), n.spreadFloor, 1e-6);
  return (s) => (s - c) / scale;
}
