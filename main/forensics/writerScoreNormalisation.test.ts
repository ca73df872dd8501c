import { describe, expect, it } from 'vitest';
import { DISSIMILARITY_NAMES } from './dissimilarityVector';
import { scoreDissimilarity, modelInputNames, type ScoreModel } from './scoreModel';
import { writerNormaliser } from './writerScoreNormalisation';

/** The writer-dependent score transform and the score-level fusion of two models. */

describe('writer score normalisation', () => {
  const loo = [2, 4, 6, 8, 30];

  it('leaves the score alone without a normalisation or without leave-one-out scores', () => {
    expect(writerNormaliser(undefined, loo)(3)).toBe(3);
    expect(writerNormaliser({ centre: 'mean', shift: 1 }, [])(3)).toBe(3);
  });

  it('subtracts a share of the chosen centre', () => {
    expect(writerNormaliser({ centre: 'mean', shift: 1 }, loo)(10)).toBeCloseTo(0);
    expect(writerNormaliser({ centre: 'mean', shift: 0.5 }, loo)(10)).toBeCloseTo(5);
    // The median is not pulled by the one outlying reference, the mean is.
    expect(writerNormaliser({ centre: 'median', shift: 1 }, loo)(10)).toBeCloseTo(4);
    expect(writerNormaliser({ centre: 'min', shift: 1 }, loo)(10)).toBeCloseTo(8);
  });

  it('divides by the spread of the leave-one-out scores, never by less than the floor', () => {
    const sd = Math.sqrt([2, 4, 6, 8, 30].reduce((a, x) => a + (x - 10) ** 2, 0) / 4);
    expect(writerNormaliser({ centre: 'mean', shift: 1, spreadFloor: 1 }, loo)(20)).toBeCloseTo(10 / sd);
    expect(writerNormaliser({ centre: 'mean', shift: 0, spreadFloor: 100 }, loo)(20)).toBeCloseTo(0.2);
  });
});

describe('score-level fusion', () => {
  const logistic = (name: string, weight: number) => ({ names: [name], mean: [0], sd: [1], weights: [weight], intercept: 0 });
  const values = new Float64Array(DISSIMILARITY_NAMES.length);
  values[DISSIMILARITY_NAMES.indexOf('trajectory:min')] = 1;
  values[DISSIMILARITY_NAMES.indexOf('dynamics:min')] = 2;
  const model: ScoreModel = {
    logistic: logistic('trajectory:min', -1),
    fused: { logistic: logistic('dynamics:min', -3), weight: 0.25 },
    threshold: 0,
    expected: { falseRejectRate: 0, skilledFalseAcceptRate: 0, randomFalseAcceptRate: 0 },
    trainedOn: 'test',
  };

  it('mixes the two models’ log-odds with the fusion weight', () => {
    expect(scoreDissimilarity(model, { values, distances: [] })).toBeCloseTo(0.75 * -1 + 0.25 * -6);
    expect(scoreDissimilarity({ ...model, fused: undefined }, { values, distances: [] })).toBeCloseTo(-1);
  });

  it('reads the inputs of both parts', () => {
    expect(modelInputNames(model)).toEqual(['trajectory:min', 'dynamics:min']);
  });
});
