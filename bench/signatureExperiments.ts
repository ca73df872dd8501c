/**
 * Development runs for docs/forensics.md "what was tried": the cross-validated figures of each
 * candidate input set on its own and of the in-fold selection among them, side by side in one run.
 *
 *   node bin/run-ts.mjs bench/signatureExperiments.ts [--seeds 1,2] [--reps 5] [--sets 1,6] [--offset | --offset-choose]
 *
 * --sets: only these candidate sets on their own (1-based); --offset: with the per-writer
 * leave-one-out score offset (referenceScoreOffset.ts); --offset-choose: the inner
 * cross-validation decides on it.
 */
import { loadSvc2004Writers, memoisedEngineSteps, svc2004Task2Dir } from '../main/forensics/svc2004Corpus';
import { CANDIDATE_INPUTS, engineVerifier } from '../main/forensics/scoreModelTraining';
import { crossValidate } from '../main/forensics/writerCrossValidation';
import { crossValidationTable } from './crossValidationTable';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1]! : fallback;
};
const options = { folds: 5, foldSeeds: arg('--seeds', '1').split(',').map(Number), repetitions: Number(arg('--reps', '5')) };
const steps = memoisedEngineSteps();
const all = await loadSvc2004Writers(svc2004Task2Dir(), Array.from({ length: 20 }, (_, i) => i + 1));
const sets = arg('--sets', CANDIDATE_INPUTS.map((_, i) => i + 1).join(',')).split(',').filter(Boolean).map(Number);
const referenceOffset = process.argv.includes('--offset-choose') ? ('choose' as const) : process.argv.includes('--offset');
const tag = referenceOffset === 'choose' ? ' (offset chosen in fold)' : referenceOffset ? ' + offset' : '';
const reports = [
  ...sets.map((k) => crossValidate(all, engineVerifier(steps, { inputs: CANDIDATE_INPUTS[k - 1]!, referenceOffset: referenceOffset === 'choose' ? true : referenceOffset }, `inputs ${k} (${CANDIDATE_INPUTS[k - 1]!.length})${tag}`), options)),
  crossValidate(all, engineVerifier(steps, { candidates: CANDIDATE_INPUTS, referenceOffset }, `chosen in fold${tag}`), options),
];
console.log(`fold seeds ${options.foldSeeds.join(',')}, ${options.repetitions} repetitions`);
for (const line of crossValidationTable(reports)) console.log(line);
for (const r of reports) console.log(r.verifier, JSON.stringify(r.atThreshold));
