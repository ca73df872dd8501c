/**
 * Development runs for docs/forensics.md "what was tried": the cross-validated figures of the
 * current engine (input set chosen in fold) and of each candidate step, side by side in one run.
 *
 *   node bin/run-ts.mjs bench/signatureExperiments.ts [--seeds 1,2] [--reps 5] [--only name,name]
 *
 * Every variant below learns everything (weights, choices, normalisation floors) inside the
 * training folds; "fixed" variants force one choice and are a record of what it gives, not a way
 * to pick one (that would be choosing on the evaluation writers).
 */
import { loadSvc2004Writers, memoisedEngineSteps, svc2004Task2Dir } from '../main/forensics/svc2004Corpus';
import { CANDIDATE_FUSIONS, CANDIDATE_INPUTS_BEFORE_WARP as BEFORE_WARP, engineVerifier, RICH_FUSIONS, RICH_INPUTS, RICH_ONLY, RICH_PER_FEATURE, WARP_INPUTS, type TrainingOptions } from '../main/forensics/scoreModelTraining';
import { crossValidate } from '../main/forensics/writerCrossValidation';
import { NORMALISATION_CANDIDATES } from '../main/forensics/writerScoreNormalisation';
import { crossValidationTable } from './crossValidationTable';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1]! : fallback;
};
const options = { folds: 5, foldSeeds: arg('--seeds', '1').split(',').map(Number), repetitions: Number(arg('--reps', '5')) };
const SET_3 = BEFORE_WARP[2]!, SET_4 = BEFORE_WARP[3]!;
const WARP_CANDIDATES = WARP_INPUTS;
const WITH_WARP = [...BEFORE_WARP, ...WARP_INPUTS];
const WITH_RICH = [...BEFORE_WARP, ...RICH_INPUTS];
/** The pool: the rich summaries (and, with --per-feature, every feature's own distance: 4× the fits). */
const RICH_POOL = [...new Set([...RICH_ONLY, 'rich:nearest', 'rich:wideMean', 'rich:wideRms', 'rich:wideNearest', ...(process.argv.includes('--per-feature') ? RICH_PER_FEATURE : [])])];
const FUSIONS_BEFORE_WARP = CANDIDATE_FUSIONS.slice(0, 2);

const VARIANTS: Record<string, Omit<TrainingOptions, 'steps'>> = {
  current: { candidates: BEFORE_WARP },
  'set3': { inputs: SET_3 },
  'set4': { inputs: SET_4 },
  'fixed: set 3 − 0.5×mean LOO': { inputs: SET_3, normalisations: [{ centre: 'mean', shift: 0.5 }] },
  'fixed: set 3 ÷ LOO spread': { inputs: SET_3, normalisations: [{ centre: 'mean', shift: 0, spreadFloor: NaN }] },
  'fixed: set 3 z-scored by LOO (median)': { inputs: SET_3, normalisations: [{ centre: 'median', shift: 1, spreadFloor: NaN }] },
  // No single sets: only the fusion of 3 and 4, its weight chosen in fold.
  'set 3 + set 4 fused (weight in fold)': { fusions: [[SET_3, SET_4]], candidates: [] },
  'set 3 + warp': { inputs: WARP_CANDIDATES[0]! },
  'set 4 + warp': { inputs: WARP_CANDIDATES[1]! },
  'warp sets offered': { candidates: WITH_WARP },
  'normalisation chosen': { candidates: BEFORE_WARP, normalisations: NORMALISATION_CANDIDATES },
  'fusion chosen': { candidates: BEFORE_WARP, fusions: FUSIONS_BEFORE_WARP },
  'fusion + normalisation chosen': { candidates: BEFORE_WARP, fusions: FUSIONS_BEFORE_WARP, normalisations: NORMALISATION_CANDIDATES },
  // Everything offered (WITH_WARP_AND_FUSIONS): best in development, not confirmed by the full run.
  'fusion + warp offered': { candidates: WITH_WARP, fusions: CANDIDATE_FUSIONS },
  'all offered': { candidates: WITH_WARP, fusions: CANDIDATE_FUSIONS, normalisations: NORMALISATION_CANDIDATES },
  // Rich global features (richGlobalFeatures.ts): sets 11–14 alone, offered, and fused at score level.
  ...Object.fromEntries(RICH_INPUTS.map((inputs, i) => [`set ${11 + i}`, { inputs }])),
  'rich sets offered': { candidates: WITH_RICH },
  'rich sets + rich fusions offered': { candidates: WITH_RICH, fusions: RICH_FUSIONS },
  'set 3 + rich-only fused (weight in fold)': { fusions: RICH_FUSIONS.slice(0, 1), candidates: [] },
  // Feature selection inside the training folds: rich inputs added greedily to set 3 by the inner CV.
  'set 3 + forward-selected rich inputs': { candidates: [], forwardSelection: { base: SET_3, pool: RICH_POOL, maxAdded: 3 } },
  'rich sets offered + forward selection': { candidates: WITH_RICH, forwardSelection: { base: SET_3, pool: RICH_POOL, maxAdded: 3 } },
  // Training-set size: more simulated enrolments per training writer.
  'current with 10 enrolments per training writer': { candidates: BEFORE_WARP, repetitions: 10 },
  'rich sets offered with 10 enrolments': { candidates: WITH_RICH, repetitions: 10 },
  // Class weighting: the random forgeries' share of the impostor weight (default 0.05).
  'rich sets offered with random weight 0.2': { candidates: WITH_RICH, randomWeight: 0.2 },
};

const only = arg('--only', '').split(',').filter(Boolean);
const names = Object.keys(VARIANTS).filter((n) => only.length === 0 || only.includes(n));
const steps = memoisedEngineSteps();
const all = await loadSvc2004Writers(svc2004Task2Dir(), Array.from({ length: 20 }, (_, i) => i + 1));
const reports = [];
for (const name of names) {
  const t0 = performance.now();
  reports.push(crossValidate(all, engineVerifier(steps, VARIANTS[name]!, name), options));
  console.error(`${name}: ${((performance.now() - t0) / 1000).toFixed(0)} s; chosen: ${reports.at(-1)!.chosen.join(' | ')}`);
}
console.log(`fold seeds ${options.foldSeeds.join(',')}, ${options.repetitions} repetitions`);
for (const line of crossValidationTable(reports)) console.log(line);
for (const r of reports) console.log(`${r.verifier}: at threshold ${JSON.stringify(r.atThreshold)}; chosen ${r.chosen.join(' | ')}`);
