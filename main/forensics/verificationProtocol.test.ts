import { describe, expect, it } from 'vitest';
import { equalErrorRate, equalErrorThreshold, errorRatesAt, runSvcProtocol, seededRandom } from './verificationProtocol';

describe('equal error rate', () => {
  it('is 0 for separated scores and 0.5 for identical ones', () => {
    expect(equalErrorRate([5, 6, 7], [1, 2, 3])).toBe(0);
    expect(equalErrorRate([1, 2, 3, 4], [1, 2, 3, 4])).toBeCloseTo(0.5, 1);
  });

  it('counts one overlapping pair out of ten', () => {
    const genuine = [10, 11, 12, 13, 14, 15, 16, 17, 18, 3];
    const impostor = [0, 1, 2, 4, 5, 6, 7, 8, 9, 19];
    expect(equalErrorRate(genuine, impostor)).toBeCloseTo(0.1, 9);
    const th = equalErrorThreshold(genuine, impostor);
    expect(errorRatesAt(th, genuine, impostor)).toEqual({ far: 0.1, frr: 0.1 });
  });
});

describe('SVC2004 protocol runner', () => {
  it('draws references from the first ten genuine signatures and tests the right sets', () => {
    // Signatures are numbers: writer*100 + index; genuine 0..19, skilled 20..39.
    const writers = [1, 2, 3].map((w) => ({
      id: `W${w}`,
      genuine: Array.from({ length: 20 }, (_, i) => w * 100 + i),
      skilled: Array.from({ length: 20 }, (_, i) => w * 100 + 20 + i),
    }));
    const seen: number[][] = [];
    const result = runSvcProtocol(writers, (refs, id) => {
      seen.push(refs);
      const w = Number(id.slice(1));
      // A perfect scorer: genuine of this writer 1, anything else 0.
      return (q) => (Math.floor(q / 100) === w && q % 100 < 20 ? 1 : 0);
    }, { repetitions: 3 });
    expect(seen).toHaveLength(9);
    for (const refs of seen) {
      expect(refs).toHaveLength(5);
      expect(refs.every((r) => r % 100 < 10)).toBe(true);
    }
    expect(result.skilledPerWriter).toBe(0);
    expect(result.randomPooled).toBe(0);
    expect(result.scores.genuine).toHaveLength(3 * 3 * 10);
    expect(result.scores.skilled).toHaveLength(3 * 3 * 20);
    expect(result.scores.random).toHaveLength(3 * 3 * 20);
  });

  it('is reproducible for a seed', () => {
    const a = seededRandom(42), b = seededRandom(42);
    expect([a(), a(), a()]).toEqual([b(), b(), b()]);
  });
});
