import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BiometricRecord } from '../pen/biometricRecord';
import { sharedDataPath } from '../config/sharedData';
import { readSvc2004File, SVC2004_PROFILE } from '../pen/svc2004';
import { buildExaminerReport } from './examinerReport';
import { renderExaminerReportHtml } from './examinerReportHtml';
import type { ScoreModel } from './scoreModel';
import { TRAINED_SCORE_MODEL } from './trainedScoreModel';

/** The report quotes the error rates measured on the questioned signature's kind of device, and only those. */

const TASK2 = sharedDataPath('svc2004-task2-dev/Task2');
if (!TASK2) console.warn('examinerReportFigures.test: skipping: ../shared/data/svc2004-task2-dev is absent (see ../shared/README.md)');
const read = (u: number, s: number) => readSvc2004File(join(TASK2!, `U${u}S${s}.TXT`));

const model: ScoreModel = {
  ...TRAINED_SCORE_MODEL,
  measured: [
    {
      device: 'Test tablet',
      profiles: [SVC2004_PROFILE],
      measuredOn: 'test writers',
      eer: { competition: 0.0123, perWriter: 0.0234, pooled: 0.0456, randomPooled: 0.0007 },
      atThreshold: { falseRejectRate: 0.061, skilledFalseAcceptRate: 0.052, randomFalseAcceptRate: 0.0003 },
    },
  ],
};

async function reportFor(questioned: BiometricRecord, scoreModel: ScoreModel) {
  const refs = await Promise.all([1, 2, 3, 4, 5].map((s) => read(16, s)));
  return buildExaminerReport({
    references: refs.map((record, i) => ({ name: `ref${i}.txt`, sha256: 'ab'.repeat(32), format: 'svc2004', record })),
    questioned: { name: 'q', sha256: 'cd'.repeat(32), format: 'svc2004', record: questioned },
    generatedAt: '2026-01-01T00:00:00Z',
    model: scoreModel,
  });
}

describe.skipIf(!TASK2)('examiner report: figures for the questioned signature\'s device', () => {
  it('states the measured equal error rates and the false-accept / false-reject rates at the threshold used', async () => {
    const report = await reportFor(await read(16, 14), model);
    const text = report.interpretation.join('\n');
    expect(text).toMatch(/device \(Test tablet\)/);
    expect(text).toMatch(/1\.23 % per writer and repetition/);
    expect(text).toMatch(/4\.56 % with one threshold for all writers/);
    expect(text).toMatch(new RegExp(`threshold used here \\(${model.threshold.toFixed(2)}\\): false rejects 6\\.1 % .* false accepts 5\\.2 % of skilled forgeries`));
    expect(renderExaminerReportHtml(report)).toContain('false accepts 5.2 % of skilled forgeries');
  });

  it('says so when nothing was measured on the questioned signature\'s device, and does not quote those figures as its own', async () => {
    const svc = await read(16, 14);
    const fromPointer: BiometricRecord = { ...svc, device: { source: 'pointer-events', profile: 'pointer-events:pen', xRange: [0, 600], yRange: [0, 200], pressureRange: [0, 1] } };
    const text = (await reportFor(fromPointer, model)).interpretation.join('\n');
    expect(text).toMatch(/No error rates have been measured for the questioned signature's device \(pointer-events:pen, pointer-events\)/);
    expect(text).toMatch(/unvalidated/);
    expect(text).not.toMatch(/Figures for the questioned signature's device/);
  });

  it('the shipped model carries cross-validated figures for the SVC2004 tablet', () => {
    const measured = TRAINED_SCORE_MODEL.measured?.find((m) => m.profiles.includes(SVC2004_PROFILE));
    expect(measured?.measuredOn).toMatch(/writer-disjoint cross-validation/);
    expect(measured!.atThreshold.falseRejectRate).toBeGreaterThan(0);
  });
});
