import { describe, expect, it } from 'vitest';
import { DISSIMILARITY_NAMES } from './dissimilarityVector';
import { trainScoreModel, type EngineSteps } from './scoreModelTraining';
import { seededRandom } from './verificationProtocol';
import type { EnrolledReference, WriterModel } from './writerEnrolment';

/**
 * The score model chooses its inputs by inner writer cross-validation on its training writers: with
 * stand-in signatures whose dissimilarity is informative in one input only, it must pick a set that
 * reads that input, and its threshold must separate the training writers' classes.
 */

type Fake = EnrolledReference & { writer: number; kind: 'genuine' | 'skilled' };
const noise = seededRandom(5);
const INFORMATIVE = DISSIMILARITY_NAMES.indexOf('duration:absZ');

function writers(count: number) {
  return Array.from({ length: count }, (_, w) => ({
    id: `W${w + 1}`,
    genuine: Array.from({ length: 20 }, () => ({ writer: w, kind: 'genuine' }) as Fake),
    skilled: Array.from({ length: 20 }, () => ({ writer: w, kind: 'skilled' }) as Fake),
  }));
}

const steps: EngineSteps = {
  enrol: (refs) => ({ writer: (refs[0] as Fake).writer }) as unknown as WriterModel,
  dissimilarity(q) {
    const v = new Float64Array(DISSIMILARITY_NAMES.length).map(() => noise());
    const fake = q as Fake;
    v[INFORMATIVE] = (fake.kind === 'genuine' ? 0 : 1) + 0.3 * noise();
    return v;
  },
};

describe('score model training', () => {
  it('picks the candidate input set that generalises to left-out writers', () => {
    const model = trainScoreModel(writers(8), {
      steps,
      candidates: [['trajectory:min', 'trajectory:mean'], ['trajectory:min', 'duration:absZ']],
    });
    expect(model.logistic.names).toEqual(['trajectory:min', 'duration:absZ']);
    expect(model.logistic.weights[1]).toBeLessThan(0); // larger duration deviation → less likely genuine
  });

  it('puts the threshold at the skilled-forgery EER point of its training writers', () => {
    const model = trainScoreModel(writers(6), { steps, inputs: ['duration:absZ'] });
    const genuine = steps.dissimilarity({ kind: 'genuine' } as Fake, {} as WriterModel)[INFORMATIVE]!;
    expect(Number.isFinite(model.threshold)).toBe(true);
    // A clearly genuine value scores above it, a clearly forged one below.
    const score = (x: number) => model.logistic.intercept + model.logistic.weights[0]! * ((x - model.logistic.mean[0]!) / model.logistic.sd[0]!);
    expect(score(genuine - 0.2)).toBeGreaterThan(model.threshold);
    expect(score(1.2)).toBeLessThan(model.threshold);
  });

  it('chooses a writer normalisation when each writer’s genuine level differs and its references show it', () => {
    // Each writer's values sit at its own level (shown by its references scored against each other);
    // one global threshold cannot separate the classes, the level-corrected score can.
    const level = (w: number) => 3 * (w % 4);
    const shifted: EngineSteps = {
      enrol: (refs) => ({ writer: (refs[0] as Fake).writer, references: [...refs] }) as unknown as WriterModel,
      dissimilarity(q) {
        const v = new Float64Array(DISSIMILARITY_NAMES.length).map(() => noise());
        const fake = q as Fake;
        v[INFORMATIVE] = level(fake.writer) + (fake.kind === 'genuine' ? 0 : 1) + 0.2 * noise();
        return v;
      },
    };
    const options = { steps: shifted, inputs: ['duration:absZ'] };
    const plain = trainScoreModel(writers(8), options);
    const chosen = trainScoreModel(writers(8), { ...options, normalisations: [undefined, { centre: 'mean', shift: 1 }] });
    expect(plain.writerNormalisation).toBeUndefined();
    expect(chosen.writerNormalisation).toEqual({ centre: 'mean', shift: 1 });
  });

  it('forward selection adds the informative input from the pool and leaves the noise out', () => {
    const model = trainScoreModel(writers(8), {
      steps,
      candidates: [],
      forwardSelection: { base: ['trajectory:min'], pool: ['rich:mean', 'rich:f:duration', 'duration:absZ', 'rich:max'], maxAdded: 3 },
    });
    expect(model.logistic.names).toEqual(['trajectory:min', 'duration:absZ']);
  });
});
