// `station --help` and `station queue status` as whole processes, the way a user or a script starts
// them, beside `node -e 0` (the floor: a Node that does nothing) and beside the same commands run from
// the TypeScript sources through tsx (what every start cost before the CLI was compiled). Rounds are
// interleaved, one process of each kind per round, so load on the shared machine hits all alike.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { cliBundleStaleReason } from '../bin/cliBundle.mjs';

const root = resolve(import.meta.dirname, '..');
const rounds = Number(process.env.CLI_BENCH_ROUNDS ?? 15);
const storage = mkdtempSync(join(tmpdir(), 'cli-start-bench-'));
const env = { ...process.env, STATION_STORAGE_DIR: storage, STATION_CONFIG: join(storage, 'none.json') };
const station = join(root, 'bin', 'station.mjs');

// The compiled CLI is what `station` runs; measure the build as it stands now.
execFileSync(process.execPath, [join(root, 'scripts', 'build-cli.mjs')], { cwd: root, stdio: 'inherit' });
if (cliBundleStaleReason() !== null) throw new Error(`the compiled CLI is not used: ${cliBundleStaleReason()}`);

const variants: Record<string, { args: string[]; env?: NodeJS.ProcessEnv }> = {
  'node -e 0': { args: ['-e', '0'] },
  'station --help': { args: [station, '--help'] },
  'station --help (sources, tsx)': { args: [station, '--help'], env: { ...env, SIGNING_STATION_CLI: 'sources' } },
  'station queue status': { args: [station, 'queue', 'status'] },
  'station queue status (sources, tsx)': { args: [station, 'queue', 'status'], env: { ...env, SIGNING_STATION_CLI: 'sources' } },
};

function once(v: { args: string[]; env?: NodeJS.ProcessEnv }): number {
  const started = process.hrtime.bigint();
  const r = spawnSync(process.execPath, v.args, { cwd: root, env: v.env ?? env, stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (r.status !== 0) throw new Error(`${v.args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return ms;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const loadAtStart = loadavg()[0];
const times: Record<string, number[]> = Object.fromEntries(Object.keys(variants).map((k) => [k, []]));
// One unmeasured round: the vault is created and V8's compile cache is written, as after any first start.
for (const v of Object.values(variants)) once(v);
try {
  for (let i = 0; i < rounds; i++) for (const [name, v] of Object.entries(variants)) times[name].push(once(v));
} finally {
  rmSync(storage, { recursive: true, force: true });
}

const floor = median(times['node -e 0']);
const row = (name: string) => {
  const m = median(times[name]);
  return `| ${name} | ${(m / 1000).toFixed(3)} s | ${(m / floor).toFixed(1)}× |`;
};
const speedup = (what: string) => `${(median(times[`${what} (sources, tsx)`]) / median(times[what])).toFixed(1)}×`;
const out = [
  `Machine: ${cpus().length} cores (${cpus()[0]?.model.trim()}); Node ${process.version}; 1-minute load average ${loadAtStart.toFixed(1)} at the start, ${loadavg()[0].toFixed(1)} at the end (shared machine).`,
  `Command: \`npm run bench -- cliStart\` (bench/cliStartBench.ts). ${rounds} interleaved rounds, one whole process of each kind per round (spawn to exit), medians; an empty vault in ${tmpdir()}; goal ≤ 0.3 s.`,
  '',
  '| process | median | × `node -e 0` |',
  '|---|---:|---:|',
  ...Object.keys(variants).map(row),
  '',
  `The compiled CLI (.build/cli/, \`npm run build:cli\`) against the sources through tsx: \`--help\` ${speedup('station --help')} faster, \`queue status\` ${speedup('station queue status')} faster.`,
].join('\n');
console.log(out);
mkdirSync(join(root, 'bench', 'results'), { recursive: true });
writeFileSync(join(root, 'bench', 'results', 'cliStart.md'), `## station start-up: --help and queue status as whole processes\n\n${out}\n`);
