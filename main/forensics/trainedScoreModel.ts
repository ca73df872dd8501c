import type { ScoreModel } from './scoreModel';

// Placeholder until `npm run bench:sig -- --train` writes the trained model.
export const TRAINED_SCORE_MODEL: ScoreModel = {
  logistic: { names: ['trajectory:min', 'trajectory:mean', 'trajectory:spread'], mean: [0, 0, 0], sd: [1, 1, 1], weights: [-1, -1, 0], intercept: 0 },
  threshold: 0,
  expected: { falseRejectRate: NaN, skilledFalseAcceptRate: NaN, randomFalseAcceptRate: NaN },
  trainedOn: 'untrained placeholder',
};
