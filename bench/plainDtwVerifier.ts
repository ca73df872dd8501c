import { dtwDistance, type FrameSequence } from '../main/forensics/dynamicTimeWarping';
import { zNormalise } from '../main/forensics/signatureFeatures';
import type { EnrolledReference } from '../main/forensics/writerEnrolment';
import type { Verifier } from '../main/forensics/writerCrossValidation';

/**
 * The plain-DTW reference every engine figure is measured against: written to be obvious, learns
 * nothing. Per pen-down point x, y, dx, dy (plain differences) and pressure, each z-scored over the
 * signature; DTW without band, Euclidean frame distance, the accumulated cost *not* divided by the
 * path length. Score = −(mean distance to the references) / (the references' mean pairwise distance).
 *
 * The earlier version divided the cost by the path length and took L1 frames and the minimum: 6.29 %
 * instead of 3.29 % on the competition figure. Dividing by the path throws away that a forgery is
 * usually longer (slower, more points) than the genuine signature; bench/sigPlainDtwVariants.ts
 * measures every variant and docs/forensics.md explains the difference.
 */
export function plainDtwVerifier(): Verifier<EnrolledReference> {
  const sequences = new WeakMap<EnrolledReference, FrameSequence>();
  const memo = new Map<string, number>();
  const ids = new WeakMap<EnrolledReference, number>();
  let next = 0;
  const idOf = (r: EnrolledReference) => ids.get(r) ?? (ids.set(r, next), next++);
  const sequenceOf = (r: EnrolledReference): FrameSequence => {
    let s = sequences.get(r);
    if (s) return s;
    const { x, y } = r.features.trajectory;
    const n = x.length;
    const dx = new Float64Array(n), dy = new Float64Array(n);
    for (let i = 1; i < n; i++) {
      dx[i] = x[i]! - x[i - 1]!;
      dy[i] = y[i]! - y[i - 1]!;
    }
    const columns = [x, y, dx, dy, r.features.pressure].map(zNormalise);
    const values = new Float64Array(n * columns.length);
    for (let i = 0; i < n; i++) columns.forEach((c, k) => (values[i * columns.length + k] = c[i]!));
    sequences.set(r, (s = { length: n, dims: columns.length, values }));
    return s;
  };
  const distance = (a: EnrolledReference, b: EnrolledReference) => {
    const ia = idOf(a), ib = idOf(b);
    const key = ia < ib ? `${ia}:${ib}` : `${ib}:${ia}`;
    let d = memo.get(key);
    if (d === undefined) memo.set(key, (d = dtwDistance(sequenceOf(a), sequenceOf(b), { frame: 'l2', normalise: 'none' }).distance));
    return d;
  };
  return {
    name: 'plain DTW',
    train: () => ({
      enrol(references) {
        let sum = 0, pairs = 0;
        for (let i = 0; i < references.length; i++) for (let j = i + 1; j < references.length; j++, pairs++) sum += distance(references[i]!, references[j]!);
        const scale = sum / pairs;
        return (q) => -references.reduce((sum, r) => sum + distance(q, r), 0) / references.length / scale;
      },
    }),
  };
}
