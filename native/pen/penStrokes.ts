import type { PenSample } from './penSample';

/** One stroke: the samples from pen-down to pen-up, in order. */
export type Stroke = PenSample[];

/** Splits samples into strokes (tip down → tip up); hover samples belong to no stroke. */
export function strokesOf(samples: readonly PenSample[]): Stroke[] {
  const strokes: Stroke[] = [];
  let current: Stroke | undefined;
  for (const s of samples) {
    if (s.tip) {
      if (!current) {
        current = [];
        strokes.push(current);
      }
      current.push(s);
    } else {
      current = undefined;
    }
  }
  return strokes;
}
