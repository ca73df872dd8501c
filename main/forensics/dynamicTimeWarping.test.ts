import { describe, expect, it } from 'vitest';
import { dtwAlign, dtwDistance, type FrameSequence } from './dynamicTimeWarping';
import { seededRandom } from './verificationProtocol';

const seq = (rows: number[][]): FrameSequence => ({ length: rows.length, dims: rows[0]!.length, values: Float64Array.from(rows.flat()) });
const sine = (n: number, phase = 0) => seq(Array.from({ length: n }, (_, i) => [Math.sin((2 * Math.PI * i) / n + phase), Math.cos((2 * Math.PI * i) / n)]));

describe('dynamic time warping', () => {
  it('gives zero for a sequence and itself, and for a copy with repeated frames', () => {
    const a = seq([[0], [1], [2], [3]]);
    const slow = seq([[0], [0], [1], [1], [1], [2], [3], [3]]);
    expect(dtwDistance(a, a).distance).toBe(0);
    expect(dtwDistance(a, slow).distance).toBe(0);
    expect(dtwDistance(slow, a).distance).toBe(0);
  });

  it('absorbs a change of speed better than a change of shape', () => {
    const ref = sine(100);
    const slower = sine(160);
    const other = sine(100, 1.5);
    expect(dtwDistance(ref, slower).distance).toBeLessThan(dtwDistance(ref, other).distance / 5);
  });

  it('computes the L1 cost of the best path, the same with and without the path', () => {
    const a = seq([[0, 0], [1, 2], [2, 2], [5, 1]]);
    const b = seq([[0, 1], [2, 2], [4, 1]]);
    const aligned = dtwAlign(a, b);
    expect(dtwDistance(a, b).cost).toBeCloseTo(aligned.cost, 12);
    // Hand-checked: (0,0)-(0,1)=1, (1,2)-(2,2)=1, (2,2)-(2,2)=0, (5,1)-(4,1)=1.
    expect(aligned.cost).toBe(3);
    expect(aligned.path[0]).toEqual([0, 0]);
    expect(aligned.path.at(-1)).toEqual([3, 2]);
    for (let k = 1; k < aligned.path.length; k++) {
      const [i0, j0] = aligned.path[k - 1]!, [i1, j1] = aligned.path[k]!;
      expect(i1 - i0 >= 0 && i1 - i0 <= 1 && j1 - j0 >= 0 && j1 - j0 <= 1 && i1 + j1 > i0 + j0).toBe(true);
    }
  });

  it('Euclidean frames and the raw cost: hand-checked, and the raw cost is the path-normalised distance times the path', () => {
    const a = seq([[0, 0], [3, 4], [3, 4]]);
    const b = seq([[0, 0], [0, 4]]);
    const raw = dtwDistance(a, b, { frame: 'l2', normalise: 'none' });
    // (0,0)-(0,0)=0, (3,4)-(0,4)=3, (3,4)-(0,4)=3 (L1 would give the same here; (3,4)-(0,0) would be 5 vs 7).
    expect(raw.cost).toBe(6);
    expect(raw.distance).toBe(6);
    expect(dtwDistance(a, seq([[0, 0], [0, 0]]), { frame: 'l2' }).cost).toBe(10);
    expect(dtwDistance(a, seq([[0, 0], [0, 0]])).cost).toBe(14);
    const x = sine(80), y = sine(110, 0.4);
    const normalised = dtwDistance(x, y, { frame: 'l2' });
    expect(dtwDistance(x, y, { frame: 'l2', normalise: 'none' }).distance).toBeCloseTo(normalised.distance * normalised.pathLength, 9);
  });

  it('with a band never finds a cheaper path than without, and still reaches the corner', () => {
    const a = sine(120), b = sine(90, 0.3);
    const free = dtwDistance(a, b).cost;
    const banded = dtwDistance(a, b, { band: 0.1 });
    expect(banded.cost).toBeGreaterThanOrEqual(free);
    expect(Number.isFinite(banded.cost)).toBe(true);
  });

  it('computes the same cost as the full-matrix alignment, banded or not, weighted or not (random sequences)', () => {
    const random = seededRandom(9);
    for (let trial = 0; trial < 40; trial++) {
      const n = 5 + Math.floor(random() * 60), m = 5 + Math.floor(random() * 60), dims = 1 + Math.floor(random() * 4);
      const make = (len: number): FrameSequence => ({ length: len, dims, values: Float64Array.from({ length: len * dims }, () => random() * 4 - 2) });
      const a = make(n), b = make(m);
      const band = trial % 3 === 0 ? 1 : 0.05 + random() * 0.4;
      const bWeights = trial % 2 ? Float64Array.from({ length: m * dims }, () => 0.2 + random()) : undefined;
      expect(dtwDistance(a, b, { band, bWeights }).cost).toBeCloseTo(dtwAlign(a, b, { band, bWeights }).cost, 9);
    }
  });

  it('reports the warping path’s shape as its length over n + m (path ratio)', () => {
    const a = seq([[0], [1], [2], [3]]);
    const slow = seq([[0], [0], [1], [1], [1], [2], [3], [3]]);
    // Diagonal steps only: 4 / 8. The slow copy needs 8 steps for 4 + 8 frames: 8 / 12.
    expect(dtwDistance(a, a, { normalise: 'pathRatio' }).distance).toBeCloseTo(0.5);
    expect(dtwDistance(a, slow, { normalise: 'pathRatio' }).distance).toBeCloseTo(8 / 12);
    expect(dtwAlign(a, slow, { normalise: 'pathRatio' }).distance).toBeCloseTo(8 / 12);
  });

  it('refuses sequences of different dimension', () => {
    expect(() => dtwDistance(seq([[1, 2]]), seq([[1]]))).toThrow(/dimension/);
  });
});
