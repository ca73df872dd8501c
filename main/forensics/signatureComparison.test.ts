import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BiometricRecord } from '../pen/biometricRecord';
import { sharedDataPath } from '../config/sharedData';
import { readSvc2004File } from '../pen/svc2004';
import { buildExaminerReport } from './examinerReport';
import { compareWithReferences, enrolSignatures } from './signatureComparison';
import { TRAINED_SCORE_MODEL } from './trainedScoreModel';

const TASK2 = sharedDataPath('svc2004-task2-dev/Task2');
if (!TASK2) console.warn('signatureComparison.test: skipping: ../shared/data/svc2004-task2-dev is absent (see ../shared/README.md)');

const read = (u: number, s: number) => readSvc2004File(join(TASK2!, `U${u}S${s}.TXT`));
const median = (xs: number[]) => xs.slice().sort((a, b) => a - b)[xs.length >> 1]!;

describe.skipIf(!TASK2)('comparison engine on real signatures (SVC2004, writer U12: not a tuning writer)', () => {
  it('scores the writer\'s own later signatures above skilled forgeries and far above other people', async () => {
    const refs = await Promise.all([1, 2, 3, 4, 5].map((s) => read(12, s)));
    const writer = enrolSignatures(refs);
    const genuine = await Promise.all([11, 12, 13, 14, 15, 16, 17, 18, 19, 20].map(async (s) => compareWithReferences(writer, await read(12, s)).score));
    const skilled = await Promise.all([21, 22, 23, 24, 25, 26, 27, 28, 29, 30].map(async (s) => compareWithReferences(writer, await read(12, s)).score));
    const others = await Promise.all([13, 14, 15, 16, 17].map(async (u) => compareWithReferences(writer, await read(u, 1)).score));
    expect(median(genuine)).toBeGreaterThan(median(skilled));
    expect(Math.min(...genuine)).toBeGreaterThan(Math.max(...others));
    // Most genuine signatures pass and most forgeries fail at the calibrated threshold.
    expect(genuine.filter((s) => s >= TRAINED_SCORE_MODEL.threshold).length).toBeGreaterThanOrEqual(7);
    expect(skilled.filter((s) => s < TRAINED_SCORE_MODEL.threshold).length).toBeGreaterThanOrEqual(7);
    expect(others.every((s) => s < TRAINED_SCORE_MODEL.threshold)).toBe(true);
  });

  it('is deterministic and does not depend on the order of the references', async () => {
    const refs = await Promise.all([2, 4, 6, 8, 10].map((s) => read(15, s)));
    const q = await read(15, 25);
    const a = compareWithReferences(enrolSignatures(refs), q).score;
    const b = compareWithReferences(enrolSignatures(refs.slice().reverse()), q).score;
    expect(b).toBeCloseTo(a, 6);
    expect(compareWithReferences(enrolSignatures(refs), q).score).toBe(a);
  });

  it('builds an examiner\'s report with the nearest reference, an alignment and provenance', async () => {
    const refs = await Promise.all([1, 2, 3].map((s) => read(14, s)));
    const q = await read(14, 12);
    const report = buildExaminerReport({
      references: refs.map((record, i) => ({ name: `ref${i}.txt`, sha256: 'ab'.repeat(32), format: 'svc2004', record })),
      questioned: { name: 'q.txt', sha256: 'cd'.repeat(32), format: 'svc2004', record: q },
      generatedAt: '2026-01-01T00:00:00Z',
    });
    expect(report.references[report.nearest]!.distance).toBe(Math.min(...report.references.map((r) => r.distance)));
    expect(report.alignment.length).toBeGreaterThan(10);
    expect(report.questioned.provenance.measuredRateHz).toBeCloseTo(100, -1);
    expect(report.questioned.provenance.device).toMatch(/Intuos/);
    expect(report.interpretation.join(' ')).toMatch(/threshold/);
  });
});

describe('enrolment and comparison refuse what they cannot use', () => {
  const record = (point: (i: number) => [number, number]): BiometricRecord => ({
    device: { source: 'simulated', profile: 'test', xRange: [0, 1000], yRange: [0, 1000], pressureRange: [0, 1] },
    gaps: [],
    capturedAt: '2026-01-01T00:00:00Z',
    samples: Array.from({ length: 40 }, (_, i) => {
      const [x, y] = point(i);
      return { t: i * 10, x, y, pressure: 0.5, nx: x / 1000, ny: y / 1000, np: 0.5 + 0.3 * Math.sin(i / 4), inRange: true, tip: true, buttons: 0 };
    }),
  });
  const loop = (k: number) => record((i) => [100 + i * 10 + 30 * Math.sin(i / (3 + k)), 500 + 80 * Math.cos(i / (4 + k))]);

  it('needs at least two references', () => {
    expect(() => enrolSignatures([])).toThrow(/at least 2/);
  });

  it('refuses duplicate references: copies hide how much the writer varies', () => {
    expect(() => enrolSignatures([loop(0), loop(1), loop(0)])).toThrow(/references 1 and 3 are the same signature/);
  });

  it('flags a questioned signature that is an exact copy of a reference, with a finite score', () => {
    const verdict = compareWithReferences(enrolSignatures([loop(0), loop(1), loop(2)]), loop(1));
    expect(verdict.copyOfReference).toBe(1);
    expect(Number.isFinite(verdict.score)).toBe(true);
    expect(compareWithReferences(enrolSignatures([loop(0), loop(1), loop(2)]), loop(3)).copyOfReference).toBeUndefined();
  });

  it('refuses a pen that never moved and values that are not numbers', () => {
    const refs = enrolSignatures([loop(0), loop(1), loop(2)]);
    expect(() => compareWithReferences(refs, record(() => [5, 5]))).toThrow(/never moved/);
    expect(() => compareWithReferences(refs, record((i) => [i, i === 7 ? NaN : 3 * i]))).toThrow(/point 7 .*not a finite number/);
  });
});
