import { describe, expect, it } from 'vitest';
import { fitLogistic, logisticLogOdds } from './logisticRegression';
import { seededRandom } from './verificationProtocol';

describe('logistic regression', () => {
  it('learns which input separates the classes and ignores noise', () => {
    const random = seededRandom(1);
    const rows: Float64Array[] = [];
    const labels: number[] = [];
    for (let i = 0; i < 400; i++) {
      const label = i % 2;
      rows.push(Float64Array.from([label * 2 - 1 + (random() - 0.5) * 1.5, random() * 10]));
      labels.push(label);
    }
    const model = fitLogistic(['signal', 'noise'], rows, labels, { l2: 0.1 });
    expect(model.weights[0]!).toBeGreaterThan(2);
    expect(Math.abs(model.weights[1]!)).toBeLessThan(0.5);
    expect(logisticLogOdds(model, Float64Array.from([1, 5]))).toBeGreaterThan(0);
    expect(logisticLogOdds(model, Float64Array.from([-1, 5]))).toBeLessThan(0);
  });

  it('refuses an empty training set', () => {
    expect(() => fitLogistic(['a'], [], [])).toThrow(/at least one row/);
  });
});
