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

  it('never lets training see a held-out writer, and draws strict random forgers from unseen writers only', () => {
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
            // Scores say who wrote the questioned signature, +1000 when that writer was a training writer.
            return (q) => writerOf(q) + (seen.has(writerOf(q)) ? 1000 : 0);
          },
        };
      },
    };
    const report = crossValidate(writers, verifier, { foldSeeds: [1, 2], repetitions: 3 });
    expect(violations).toEqual([]);
    expect(report.trials).toHaveLength(2 * 20 * 3);
    expect(report.trials.every((t) => t.genuine.length === 10 && t.skilled.length === 20 && t.random.length === 20)).toBe(true);
    const strict = report.trials.flatMap((t) => t.random);
    expect(strict.every((s) => s < 1000)).toBe(true);
    // The competition's draw (all 19 others) does reach training writers, as documented.
    expect(report.trials.flatMap((t) => t.randomAll).some((s) => s >= 1000)).toBe(true);
    // Strict random forgers are the fold's other writers, never the enrolled writer.
    for (const t of report.trials) expect(t.random.every((s) => `W${s}` !== t.writer)).toBe(true);
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
