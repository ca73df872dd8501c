import type { CrossValidationReport, Spread } from '../main/forensics/writerCrossValidation';

/** Markdown for cross-validation reports side by side: one row per figure, mean and spread across folds per verifier. */

const pct = (x: number) => `${(100 * x).toFixed(2)} %`;
const cell = (s: Spread) => `**${pct(s.mean)}** ± ${(100 * s.sd).toFixed(2)} (${(100 * s.min).toFixed(1)}–${(100 * s.max).toFixed(1)})`;

const ROWS: Array<[string, (r: CrossValidationReport) => Spread]> = [
  ['skilled: per writer and repetition, own threshold each (the competition\'s figure)', (r) => r.competition],
  ['skilled: per writer, one threshold over all repetitions', (r) => r.perWriter],
  ['skilled: pooled, one threshold over a fold\'s 4 writers', (r) => r.pooled],
  ['skilled: pooled, one threshold over all 20 held-out writers (spread across fold seeds)', (r) => r.pooledAll],
  ['random (forgers: the fold\'s 3 other unseen writers): pooled over the fold', (r) => r.randomPooled],
  ['random (forgers: the fold\'s 3 other unseen writers): per writer and repetition', (r) => r.randomPerWriter],
  ['random (forgers: all 19 other writers, the competition\'s draw): pooled over the fold', (r) => r.randomAllPooled],
  ['random (forgers: all 19 other writers): per writer and repetition', (r) => r.randomAllPerWriter],
];

export function crossValidationTable(reports: readonly CrossValidationReport[]): string[] {
  const lines = [
    `| EER on unseen writers | ${reports.map((r) => r.verifier).join(' | ')} |`,
    `|---|${reports.map(() => '---').join('|')}|`,
    ...ROWS.map(([name, pick]) => `| ${name} | ${reports.map((r) => cell(pick(r))).join(' | ')} |`),
  ];
  return lines;
}

export function thresholdLine(report: CrossValidationReport): string | undefined {
  const t = report.atThreshold;
  if (!t) return undefined;
  return `${report.verifier}, at the threshold each fold chose on its own training writers: false reject ${pct(t.falseRejectRate)}, ` +
    `skilled forgeries accepted ${pct(t.skilledFalseAcceptRate)}, random forgeries accepted ${pct(t.randomFalseAcceptRate)}.`;
}
