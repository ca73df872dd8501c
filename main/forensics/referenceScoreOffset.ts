import type { EngineSteps } from './scoreModelTraining';
import type { WriterModel } from './writerEnrolment';

/**
 * A per-writer threshold adapted from the reference spread: how the writer's own genuine signatures
 * score. Each reference is scored against the other references (leave one out) and the mean of
 * those scores is the writer's offset; the questioned signature's score minus the offset is then
 * compared with one global threshold. A writer whose references already score low against each
 * other (a variable hand) is not rejected for it, a very consistent one is held to a higher mark
 * (Kholmatov & Yanikoglu 2005 and Fischer et al. 2015 do this on distances; here it is done on the
 * fused score, so every input the model reads is covered).
 *
 * Needs at least 3 references (two for each leave-one-out enrolment); with fewer the offset is 0.
 */
export const MIN_REFERENCES_FOR_OFFSET = 3;

export function leaveOneOutOffset(writer: WriterModel, steps: EngineSteps, score: (values: Float64Array) => number): number {
  const refs = writer.references;
  if (refs.length < MIN_REFERENCES_FOR_OFFSET) return 0;
  let sum = 0;
  refs.forEach((ref, i) => {
    const others = steps.enrol(refs.filter((_, j) => j !== i));
    sum += score(steps.dissimilarity(ref, others));
  });
  return sum / refs.length;
}
