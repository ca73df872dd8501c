// `npm run bench`: runs every benchmark (bench/*Bench.ts) one after the other — never side by side,
// the machine has two cores — and rebuilds bench/RESULTS.md from each one's bench/results/<area>.md.
// `npm run bench -- hid pdf` runs only those whose file name starts with the given words;
// `npm run bench -- --collect` only rebuilds RESULTS.md from the sections already written.
import { spawnSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const benchDir = resolve(import.meta.dirname);
const root = resolve(benchDir, '..');
const collectOnly = process.argv.includes('--collect');
const only = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const benches = collectOnly ? [] : readdirSync(benchDir)
  .filter((f) => /Bench\.ts$/.test(f))
  .filter((f) => only.length === 0 || only.some((w) => f.toLowerCase().startsWith(w.toLowerCase())))
  .sort();

console.log(`benchmarks on Node ${process.version} (${process.execPath})`);
for (const file of benches) {
  console.log(`\n=== ${file} ===`);
  const r = spawnSync(process.execPath, [join(root, 'bin', 'run-ts.mjs'), join('bench', file)], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) console.error(`${file} exited with ${r.status ?? r.signal}`);
}

const sections = readdirSync(join(benchDir, 'results'))
  .filter((f) => f.endsWith('.md'))
  .sort()
  .map((f) => readFileSync(join(benchDir, 'results', f), 'utf8').trim());
const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${process.platform}`;
writeFileSync(
  join(benchDir, 'RESULTS.md'),
  `# Benchmark results\n\nAll numbers from \`npm run bench\` (or the command given in each section) on a shared, noisy machine: ` +
    `medians and ratios of runs made side by side in one process, never single timings. Last full rebuild of this page: ` +
    `${new Date().toISOString().slice(0, 10)} on ${machine}.\n\n${sections.join('\n\n')}\n`,
);
console.log('\nbench/RESULTS.md rebuilt from bench/results/*.md');
