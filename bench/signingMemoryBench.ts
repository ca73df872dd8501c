/**
 * Where the memory of one signing goes: peak RSS (getrusage maxRSS) of a fresh process after each
 * step of signing the 200-page document of pdfBench — modules loaded (the bare station process),
 * the bounded parser thread's inspection, its text boxes of the last page (the default place looks
 * for blank space), the signing itself (which inspects again) — side by side with
 * `pdfsig -add-signature`'s peak RSS in the same run. Medians of --rounds fresh processes per row.
 *
 * Rows, interleaved in every round: the compiled station (bench/signingMemoryStep.ts bundled with
 * the esbuild settings of scripts/build-cli.mjs, the parser worker built beside it: what ships),
 * once with the steps back to back (a sitting shorter than the parser's idle stop) and once with the
 * parser thread stopped while the customer reads (a longer one); and the development configuration
 * (the same entry from the TypeScript sources through bin/run-ts.mjs, tsx registered in both threads).
 * Usage: node bin/run-ts.mjs bench/signingMemoryBench.ts [--rounds 3]   Writes bench/results/signingMemory.md.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { makeAgreementDocument } from './agreementDocument';
import { sharedDataPath } from '../main/config/sharedData';
import { buildNodeBundle } from '../scripts/build-cli.mjs';
import { makePdfsigNss } from './pdfsigNss';

const svc = sharedDataPath('svc2004-task2-dev/Task2/U1S1.TXT');
if (!svc) {
  console.log('signingMemoryBench: skipped: ../shared/data/svc2004-task2-dev is absent');
  process.exit(0);
}
// --reading: how long the customer reads in the idle-stopped row (s). A contract is read for minutes;
// while the station waits, V8's memory reducer gives back garbage of the opening steps.
const { values } = parseArgs({ options: { rounds: { type: 'string', default: '3' }, reading: { type: 'string', default: '30' } } });
const rounds = Number(values.rounds);
const root = resolve(import.meta.dirname, '..');
const uptimeAtStart = execFileSync('uptime', { encoding: 'utf8' }).trim();
const work = mkdtempSync(join(tmpdir(), 'station-membench-'));
const storage = join(work, 'store');
mkdirSync(storage);
const file = join(work, 'doc-200.pdf');
writeFileSync(file, await makeAgreementDocument(200));
const nssDir = makePdfsigNss(work);

// Inside the project (as .build/cli is), so that the bundle's external packages resolve from node_modules.
const bundleDir = join(root, '.build', `bench-memory-${process.pid}`);
await buildNodeBundle({ entryPoints: { signingMemoryStep: 'bench/signingMemoryStep.ts' }, outDir: bundleDir });
// Started as bin/cliBundle.mjs starts the compiled station: V8's compile cache on.
const launcher = join(bundleDir, 'launch.mjs');
writeFileSync(launcher, `import { enableCompileCache } from 'node:module';\nenableCompileCache(${JSON.stringify(join(root, '.build', 'compile-cache'))});\nawait import('./signingMemoryStep.js');\n`);

type Step = { peak: number; rss: number; ms: number };
const configs = {
  shipped: { label: 'compiled (what ships), back to back', argv: (seq: string) => [launcher, seq] },
  idle: { label: 'compiled, parser thread idle-stopped while the customer reads', argv: (seq: string) => [launcher, seq] },
  dev: { label: 'TypeScript sources through tsx (development)', argv: (seq: string) => [join(root, 'bin', 'run-ts.mjs'), 'bench/signingMemoryStep.ts', seq] },
} as const;
type Config = keyof typeof configs;
const sequenceOf = (c: Config) => (c === 'idle' ? 'idle-stopped' : 'back-to-back');
const runs = new Map<Config, Record<string, Step>[]>(Object.keys(configs).map((c) => [c as Config, []]));
const pdfsig: number[] = [];
try {
  for (let round = 0; round < rounds; round++) {
    for (const c of Object.keys(configs) as Config[]) {
      const r = spawnSync(process.execPath, [...configs[c].argv(sequenceOf(c)), file, storage, svc], { cwd: root, encoding: 'utf8', env: { ...process.env, BENCH_READING_MS: String(Number(values.reading) * 1000) } });
      if (r.status !== 0) throw new Error(`${c}: ${r.stderr.slice(-600)}`);
      runs.get(c)!.push(JSON.parse(r.stdout.trim().split('\n').pop()!));
    }
    const t = spawnSync('/usr/bin/time', ['-f', '%M', 'pdfsig', '-nssdir', nssDir, '-add-signature', '-nick', 'bench', '-new-signature-field-name', `S${round}`, file, join(work, `out-${round}.pdf`)], { encoding: 'utf8' });
    if (t.status !== 0) throw new Error(t.stderr.slice(-300));
    pdfsig.push(Number(t.stderr.trim().split('\n').pop()) / 1024);
  }
} finally {
  rmSync(bundleDir, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const med = (c: Config, step: string, what: keyof Step) => median(runs.get(c)!.map((r) => r[step][what]));
const above = (c: Config) => median(runs.get(c)!.map((r) => r.sign.peak - r.loaded.peak));
const uptimeAtEnd = execFileSync('uptime', { encoding: 'utf8' }).trim();
const cols = Object.keys(configs) as Config[];
const cell = (c: Config, step: string, prev?: string) => (runs.get(c)![0][step] ? `${med(c, step, 'peak').toFixed(1)}${prev ? ` (+${(med(c, step, 'peak') - med(c, prev, 'peak')).toFixed(1)})` : ''}` : '—');
const f1 = (x: number) => x.toFixed(1);
const notesMarker = '<!-- notes: kept by the bench -->';
const section = `## Memory of one signing (bench/signingMemoryBench.ts)

Machine: ${cpus().length} cores, ${cpus()[0].model}; Node ${process.version}; \`uptime\` at the start: ${uptimeAtStart}; at the end: ${uptimeAtEnd}.
Command: \`node bin/run-ts.mjs bench/signingMemoryBench.ts --rounds ${rounds}\` (${new Date().toISOString().slice(0, 10)}). The 200-page document of pdfBench (${'doc-200.pdf'}); each round one fresh process per configuration signing it (peak RSS, getrusage maxRSS, after each step; the configurations interleaved) and one \`pdfsig -add-signature\` of the same file (\`/usr/bin/time -f %M\`); medians of ${rounds}.
Configurations: **compiled** = bench/signingMemoryStep.ts bundled by \`buildNodeBundle\` of scripts/build-cli.mjs (the station CLI's esbuild settings, the parser worker built beside it, started with V8's compile cache as bin/cliBundle.mjs starts it) — what ships; **idle-stopped** = the same bundle, the parser thread ended after opening (a sitting longer than its idle stop), the customer reads for ${values.reading} s, and the seal restarts the thread; **back to back** = opening, then the seal (a sitting shorter than the idle stop); **development** = the same entry from the TypeScript sources through bin/run-ts.mjs (tsx registered in the main thread and, by pdfParseWorker.boot.mjs, in the parser thread).

Peak RSS in MiB after each step (cumulative; in brackets what the step added):

| step | ${cols.map((c) => configs[c].label).join(' | ')} |
|---|${cols.map(() => '---:').join('|')}|
| modules loaded (the bare station process: Node, the code, pdf-lib, crypto, the sealing credentials) | ${cols.map((c) => cell(c, 'loaded')).join(' | ')} |
| + the teller opens it: the parser thread inspects it (its own V8 isolate, pdf-lib, a copy of the bytes) | ${cols.map((c) => cell(c, 'inspect', 'loaded')).join(' | ')} |
| + the text boxes of the last page in that thread (the default place looks for blank space) | ${cols.map((c) => cell(c, 'boxes', 'inspect')).join(' | ')} |
| + the customer's Done: the signing (inspects again; placement, ink, font subset, escrow container, CMS, incremental update) | ${cols.map((c) => cell(c, 'sign', 'boxes')).join(' | ')} |
| **one signing above the bare process** | ${cols.map((c) => `**${f1(above(c))}** (${(above(c) / median(pdfsig)).toFixed(1)}× pdfsig)`).join(' | ')} |
| current RSS while the customer reads (after opening${runs.get('idle')![0].stopped ? '; idle-stopped: after the stop and the reading' : ''}) | ${cols.map((c) => f1(med(c, c === 'idle' ? 'stopped' : 'boxes', 'rss'))).join(' | ')} |
| time of the signing step (ms; idle-stopped includes restarting the thread) | ${cols.map((c) => med(c, 'sign', 'ms').toFixed(0)).join(' | ')} |

\`pdfsig -add-signature\` (whole process): ${f1(median(pdfsig))} MiB.
Per round, one signing above the bare process (MiB): ${cols.map((c) => `${c} ${runs.get(c)!.map((r) => f1(r.sign.peak - r.loaded.peak)).join(', ')}`).join('; ')}; pdfsig ${pdfsig.map(f1).join(', ')}.
`;
// The measured explanations written under the marker survive a new run of the bench.
const resultFile = resolve(import.meta.dirname, 'results', 'signingMemory.md');
const previous = existsSync(resultFile) ? readFileSync(resultFile, 'utf8') : '';
const notes = previous.includes(notesMarker) ? previous.slice(previous.indexOf(notesMarker)) : `${notesMarker}\n`;
writeFileSync(resultFile, `${section}\n${notes}`);
console.log(section);
