/**
 * Signature comparison: accuracy with the SVC2004 competition protocol, and speed.
 *
 *   npm run bench:sig                 measure, write bench/results/signature.md
 *   npm run bench:sig -- --train      also retrain the shipped score model (main/forensics/trainedScoreModel.ts)
 *   npm run bench:sig -- --speed-only only the speed (bench/results/signature-speed.md)
 *   npm run bench:sig -- --quick      one fold seed and five repetitions (development)
 *   npm run bench:sig -- --candidate rich   also measure a candidate training (WITH_RICH_GLOBALS) beside the engine, in the same run
 *
 * Writes bench/results/signature.md and signature-speed.md and replaces those sections of bench/RESULTS.md.
 * Honesty rules (docs/forensics.md): every figure comes from writer-disjoint cross-validation; what
 * the engine learns it learns on the training folds only.
 */
import { cpus, loadavg } from 'node:os';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { readSvc2004File, SVC2004_PROFILE } from '../main/pen/svc2004';
import { compareWithReferences, enrolSignatures } from '../main/forensics/signatureComparison';
import { haveSvc2004Corpus, loadSvc2004Writers, memoisedEngineSteps, svc2004Task2Dir } from '../main/forensics/svc2004Corpus';
import { CANDIDATE_INPUTS, describeModel, ENGINE_TRAINING, engineVerifier, FUSION_WEIGHTS, inputSetName, trainScoreModel, WITH_RICH_GLOBALS, WITH_WARP_AND_FUSIONS, type TrainingOptions } from '../main/forensics/scoreModelTraining';
import { modelInputNames } from '../main/forensics/scoreModel';
import { equalErrorRate } from '../main/forensics/verificationProtocol';
import { crossValidate } from '../main/forensics/writerCrossValidation';
import { crossValidationTable, thresholdLine } from './crossValidationTable';
import { plainDtwVerifier } from './plainDtwVerifier';
import { replaceResultsSection } from './resultsSection';
import type { ScoreModel } from '../main/forensics/scoreModel';
import { TRAINED_SCORE_MODEL } from '../main/forensics/trainedScoreModel';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = new Set(process.argv.slice(2));
/** Candidate trainings that `--candidate <name>` measures beside the engine (the engine still ships). */
const CANDIDATES: Record<string, () => Omit<TrainingOptions, 'steps'>> = { rich: WITH_RICH_GLOBALS, 'warp-fusions': WITH_WARP_AND_FUSIONS };
const candidateName = process.argv[process.argv.indexOf('--candidate') + 1];
const candidateTraining = process.argv.includes('--candidate') && candidateName ? CANDIDATES[candidateName] : undefined;
if (process.argv.includes('--candidate') && !candidateTraining) throw new Error(`--candidate takes one of ${Object.keys(CANDIDATES).join(', ')}`);
const dir = svc2004Task2Dir();
if (!haveSvc2004Corpus(dir)) {
  console.log(`signatureBench: skipped: the SVC2004 corpus is not at ${dir} (see ../shared/README.md)`);
  process.exit(0);
}

const pct = (x: number) => `${(100 * x).toFixed(2)} %`;
const median = (xs: number[]) => {
  const s = xs.slice().sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
/** Prints a line and keeps it for the results file. */
const sayInto = (out: string[]) => (line = '') => {
  console.log(line);
  out.push(line);
};
const lines: string[] = [];
const say = sayInto(lines);

say('## Signature comparison (issues 9 and 15)');
say();
say(`Machine: ${cpus().length} cores (\`nproc\`), ${cpus()[0]?.model ?? 'unknown CPU'}; Node ${process.version}; one process, one thread; load average at start ${loadavg()[0]!.toFixed(1)} (the machine is shared: timings under load are upper bounds).`);
const argsGiven = process.argv.slice(2).join(' ');
say(`Command: \`npm run bench:sig${argsGiven ? ` -- ${argsGiven}` : ''}\` (= \`node bin/run-ts.mjs bench/signatureBench.ts${argsGiven ? ` ${argsGiven}` : ''}\`), started ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC. Data: ../shared/data/svc2004-task2-dev (SVC2004 Task 2, users 1–20).`);
say();

let speedModel: ScoreModel = TRAINED_SCORE_MODEL;
if (!args.has('--speed-only')) {
  const t0 = performance.now();
  const quick = args.has('--quick');
  // Three fold seeds × five folds × ten repetitions keep the run to minutes on a busy 2-core machine
  // (--quick: one fold seed, five repetitions, for development).
  const options = { folds: 5, foldSeeds: quick ? [1] : [1, 2, 3], repetitions: quick ? 5 : 10 };
  const steps = memoisedEngineSteps();
  const all = await loadSvc2004Writers(dir, Array.from({ length: 20 }, (_, i) => i + 1));
  // The engine chooses its input set or fusion inside each training fold (inner writer cross-validation).
  const engine = crossValidate(all, engineVerifier(steps, ENGINE_TRAINING()), options);
  const candidate = candidateTraining ? crossValidate(all, engineVerifier(steps, candidateTraining(), `candidate: ${candidateName}`), options) : undefined;
  const plain = crossValidate(all, plainDtwVerifier(), options);
  const compared = candidate ? [engine, candidate, plain] : [engine, plain];
  // Each candidate on its own, for the record of what each step gives (docs/forensics.md).
  const alone = CANDIDATE_INPUTS.map((inputs, i) => crossValidate(all, engineVerifier(steps, { inputs }, `input set ${i + 1}`), options));

  say(`### Accuracy on writers never seen: writer-disjoint cross-validation (issue 15)`);
  say();
  say(`All 20 development writers, ${options.folds} folds of 4 writers, ${options.foldSeeds.length} fold seed${options.foldSeeds.length > 1 ? 's' : ''} ` +
    `(different splits), ${options.repetitions} repetitions of the SVC2004 protocol per held-out writer (5 references drawn from S1–S10; ` +
    `S11–S20 genuine, the 20 skilled forgeries, 20 random forgeries = genuine signatures of the fold's other writers). ` +
    `Everything the engine learns — score model weights, which input set or score-level fusion it reads, its threshold — comes from the 16 training writers of each fold; ` +
    `the plain-DTW reference (bench/plainDtwVerifier.ts) learns nothing. Each cell: **mean over the ${options.folds * options.foldSeeds.length} held-out folds** ± sd (min–max across folds).`);
  say();
  for (const line of crossValidationTable(compared)) say(line);
  say();
  if (candidate) say(`The candidate (\`--candidate ${candidateName}\`) is measured beside the engine in the same run and is not shipped; what its training folds chose: ${candidate.chosen.join(' | ')}.`);
  if (candidate) say();
  for (const r of compared) {
    const line = thresholdLine(r);
    if (line) say(line);
  }
  say();
  const byWriter = new Map<string, number[]>();
  for (const t of engine.trials) (byWriter.get(t.writer) ?? byWriter.set(t.writer, []).get(t.writer)!).push(equalErrorRate(t.genuine, t.skilled));
  const worst = [...byWriter].map(([id, e]) => [id, e.reduce((a, b) => a + b, 0) / e.length] as const).sort((a, b) => b[1] - a[1]).slice(0, 5);
  say('What each candidate input set gives on its own (the engine above picks one per fold by inner cross-validation on its training writers; ' +
    'reading this table to pick one would be choosing on the evaluation writers, so it is a record, not a result):');
  say();
  CANDIDATE_INPUTS.forEach((inputs, i) => say(`- input set ${i + 1}: ${inputs.join(', ')}`));
  say();
  const fusions = ENGINE_TRAINING().fusions ?? [];
  say((fusions.length > 0
    ? `The engine may also choose a score-level fusion of two separately trained models, (1 − w) · first + w · second, w ∈ {${FUSION_WEIGHTS.join(', ')}}: ` +
      `${fusions.map(([a, b]) => `input ${inputSetName(a)} with input ${inputSetName(b)}`).join('; ')}. `
    : '') + `What each training fold chose: ${engine.chosen.join(' | ')}.`);
  say();
  for (const line of crossValidationTable(alone)) say(line);
  say();
  say(`Hardest writers for the engine (skilled EER per repetition, own threshold): ${worst.map(([id, e]) => `${id} ${pct(e)}`).join(', ')}.`);
  say();

  if (args.has('--train')) {
    const shipped = trainScoreModel(all, { ...ENGINE_TRAINING(), steps });
    shipped.trainedOn = `SVC2004 Task 2 users 1–20, 5 enrolment draws per writer, inputs chosen by 4-fold writer cross-validation: ${describeModel(shipped)} (${modelInputNames(shipped).join(', ')}); trained ${new Date().toISOString().slice(0, 10)}`;
    const model: ScoreModel = {
      ...shipped,
      expected: engine.atThreshold!,
      measured: [
        {
          device: 'WACOM Intuos pen tablet, 100 Hz, pressure and pen angles (SVC2004 Task 2)',
          profiles: [SVC2004_PROFILE],
          measuredOn: `SVC2004 Task 2 development writers, ${options.folds}-fold writer-disjoint cross-validation × ${options.foldSeeds.length} fold seeds, ` +
            `${options.repetitions} enrolments of 5 references per writer; rates at the threshold each fold chose on its training writers`,
          eer: {
            competition: engine.competition.mean,
            perWriter: engine.perWriter.mean,
            pooled: engine.pooledAll.mean,
            randomPooled: engine.randomAllPooled.mean,
          },
          atThreshold: engine.atThreshold!,
        },
      ],
    };
    speedModel = model;
    const file = join(root, 'main/forensics/trainedScoreModel.ts');
    writeFileSync(
      file,
      [
        "import type { ScoreModel } from './scoreModel';",
        '',
        '// Generated by `npm run bench:sig -- --train` (bench/signatureBench.ts): do not edit by hand.',
        '// Trained on all 20 development writers; the expected error rates come from writer-disjoint',
        '// cross-validation (each writer scored by a model that never saw it). See docs/forensics.md.',
        `export const TRAINED_SCORE_MODEL: ScoreModel = ${JSON.stringify(model, null, 2)};`,
        '',
      ].join('\n'),
    );
    say(`Shipped model retrained on U1–U20 → ${file.slice(root.length + 1)}; threshold ${model.threshold.toFixed(3)} (the skilled EER point on its training writers); its expected error rates are the cross-validated ones above.`);
    say();
  }
  say(`(Accuracy runs took ${((performance.now() - t0) / 1000).toFixed(1)} s.)`);
}

const results = join(root, 'bench/results');
mkdirSync(results, { recursive: true });
if (!args.has('--speed-only')) {
  writeFileSync(join(results, 'signature.md'), lines.join('\n') + '\n');
  replaceResultsSection(join(root, 'bench/RESULTS.md'), '## Signature comparison (', lines.join('\n'));
}
const speed = await measureSpeed(speedModel);
writeFileSync(join(results, 'signature-speed.md'), speed.join('\n') + '\n');
replaceResultsSection(join(root, 'bench/RESULTS.md'), '## Signature comparison speed', speed.join('\n'));
console.log('\nwritten to bench/results/signature.md, signature-speed.md and bench/RESULTS.md');

// ---- speed: with the model the accuracy run just trained, else the shipped one --------------
async function measureSpeed(model: ScoreModel): Promise<string[]> {
  const out: string[] = [];
  const say = sayInto(out);
  say('## Signature comparison speed (issue 15)');
  say();
  say(`Machine: ${cpus().length} cores, ${cpus()[0]?.model ?? 'unknown CPU'}; Node ${process.version}; one thread; load average at start ${loadavg()[0]!.toFixed(1)}. Command: \`npm run bench:sig -- --speed-only\` (also part of \`npm run bench:sig\`). Score model: ${describeModel(model)}, inputs ${modelInputNames(model).join(', ')}.`);
  say();
  const records = [];
  for (let s = 1; s <= 20; s++) records.push(await readSvc2004File(join(dir, `U9S${s}.TXT`)));
  for (let s = 21; s <= 30; s++) records.push(await readSvc2004File(join(dir, `U9S${s}.TXT`)));
  const writer = enrolSignatures(records.slice(0, 5));
  const questioned = records.slice(5);
  const compareMs: number[] = [];
  const compareCpuMs: number[] = [];
  const enrolMs: number[] = [];
  const enrolCpuMs: number[] = [];
  // CPU time of this (single-threaded) process is what one core spends; wall time on a machine shared
  // by many adds the time other processes held the core.
  const cpuMs = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  for (let round = 0; round < 20; round++) {
    for (const q of questioned) {
      const c0 = cpuMs();
      const t0 = performance.now();
      compareWithReferences(writer, q, model);
      compareMs.push(performance.now() - t0);
      compareCpuMs.push(cpuMs() - c0);
    }
    const c0 = cpuMs();
    const t0 = performance.now();
    enrolSignatures(records.slice(round % 10, (round % 10) + 5));
    enrolMs.push(performance.now() - t0);
    enrolCpuMs.push(cpuMs() - c0);
  }
  const points = questioned.map((r) => r.samples.length);
  say(`One questioned signature against 5 references (features of the questioned one included; writer U9, the longest signatures in the set, ${Math.min(...points)}–${Math.max(...points)} points, ${compareMs.length} runs):`);
  say();
  say('| step | CPU time, median | CPU time, 90th percentile | wall time, median | wall time, 90th percentile |');
  say('|---|---|---|---|---|');
  const p90 = (xs: number[]) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length * 0.9)]!;
  const ms = (x: number) => `${x.toFixed(2)} ms`;
  say(`| compare 1 vs 5 | ${ms(median(compareCpuMs))} | ${ms(p90(compareCpuMs))} | ${ms(median(compareMs))} | ${ms(p90(compareMs))} |`);
  say(`| enrol 5 references (once per person) | ${ms(median(enrolCpuMs))} | ${ms(p90(enrolCpuMs))} | ${ms(median(enrolMs))} | ${ms(p90(enrolMs))} |`);
  say();
  say(`Target: under 20 ms per comparison on one core; ratio target / median CPU time = ${(20 / median(compareCpuMs)).toFixed(1)}× ` +
    `(CPU time has a resolution of about 1 ms on this kernel; wall time includes waiting for the shared cores).`);
  say();
  return out;
}

