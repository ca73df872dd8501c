import { describe, expect, it } from 'vitest';
import { crossValidate, writerFolds, type Verifier } from './writerCrossValidation';

// Signatures are numbers: writer*100 + index; genuine 0..19, skilled 20..39.
const writers = Array.from({ length: 20 }, (_, w) => ({
  id: `W${w + 1}`,
  genuine: Array.from({ length: 20 }, (_, i) => (w + 1) * 100 + i),
  skilled: Array.from({ length: 20 }, (_, i) => (w + 1) * 100 + 20 + i),
}));
const writerOf = (s: number) => Math.floor(s / 100);

describe('writer-disjoint cross-validation', () => {
  it('splits writers into disjoint folds that cover everyone, differently per seed', () => {
    const a = writerFolds(writers, 5, 1);
    expect(a.map((f) => f.length)).toEqual([4, 4, 4, 4, 4]);
    expect(new Set(a.flat().map((w) => w.id)).size).toBe(20);
    expect(writerFolds(writers, 5, 2).map((f) => f.map((w) => w.id))).not.toEqual(a.map((f) => f.map((w) => w.id)));
  });

  it('never lets training see a held-out writer, nor a random forger of the strict draw', () => {
    const violations: string[] = [];
    const verifier: Verifier<number> = {
      name: 'spy',
      train(training) {
        const seen = new Set(training.map((w) => writerOf(w.genuine[0]!)));
        return {
          enrol(references) {
            const w = writerOf(references[0]!);
            if (seen.has(w)) violations.push(`W${w} enrolled but trained on`);
            if (references.some((r) => writerOf(r) !== w || r % 100 >= 10)) violations.push('references not from genuine 1–10');
            return (q) => {
              if (seen.has(writerOf(q)) && q % 100 < 20 && writerOf(q) !== w) violations.push(`random forger W${writerOf(q)} was a training writer`);
              return writerOf(q) === w && q % 100 < 20 ? 1 : 0;
            };
          },
        };
      },
    };
    const report = crossValidate(writers, verifier, { foldSeeds: [1, 2], repetitions: 3 });
    // randomAll deliberately draws from every other writer; only the strict draw is checked here.
    expect(violations.filter((v) => !v.startsWith('random forger'))).toEqual([]);
    expect(report.trials).toHaveLength(2 * 20 * 3);
    expect(report.trials.every((t) => t.genuine.length === 10 && t.skilled.length === 20 && t.random.length === 20)).toBe(true);
    expect(report.competition.mean).toBe(0);
    expect(report.pooledAll.mean).toBe(0);
  });

  it('draws random forgeries of the strict kind only from the fold\'s other held-out writers', () => {
    const bad: number[] = [];
    const verifier: Verifier<number> = {
      name: 'random-check',
      train(training) {
        const trainingIds = new Set(training.map((w) => writerOf(w.genuine[0]!)));
        return { enrol: () => (q) => (trainingIds.has(writerOf(q)) ? (bad.push(q), 0) : 0) };
      },
    };
    const report = crossValidate(writers, verifier, { foldSeeds: [3], repetitions: 2 });
    // Every strict random forgery comes from a non-training writer; the competition draw does reach training writers.
    const strictScored = report.trials.flatMap((t) => t.random).length;
    expect(strictScored).toBe(20 * 2 * 20);
    expect(bad.length).toBeGreaterThan(0); // from randomAll
    expect(bad.length).toBeLessThanOrEqual(report.trials.flatMap((t) => t.randomAll).length);
  });

  it('gives the figures of a known overlap: one forgery per writer above every genuine signature', () => {
    const verifier: Verifier<number> = {
      name: 'one-bad-forgery',
      train: () => ({
        threshold: 0.5,
        enrol: (refs) => (q) => (writerOf(q) === writerOf(refs[0]!) ? (q % 100 < 20 ? 1 : q % 100 === 20 ? 2 : 0) : 0),
      }),
    };
    const report = crossValidate(writers, verifier, { foldSeeds: [1], repetitions: 2 });
    // Per writer: 1 of 20 forgeries beats all 10 genuine → EER (0.05 + 0) / 2 … the sweep gives 0.05 at best gap.
    expect(report.competition.mean).toBeCloseTo(report.perWriter.mean, 9);
    expect(report.competition.mean).toBeGreaterThan(0);
    expect(report.randomPooled.mean).toBe(0);
    expect(report.atThreshold).toEqual({ falseRejectRate: 0, skilledFalseAcceptRate: 0.05, randomFalseAcceptRate: 0 });
  });
});
