// Audit head anchor benchmark: what writing the signed head beside the vault
// (Ed25519 signature, temp file, fsync, rename) adds to an audit append, side by side with the
// audit trail as it was before (read from git at the commit before the head anchor into a temporary file, so both run
// in one process on one disk, interleaved). Real vault files (WAL, synchronous=FULL).
// Run: node bin/run-ts.mjs bench/auditHeadBench.ts   (about 1 minute)
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createAuditTrail } from '../main/privacy/auditTrail';
import { openLocalVault } from '../test/support/vaultFixtures';

const root = resolve(import.meta.dirname, '..');
const baselineFile = join(root, 'main', 'privacy', '.auditTrail.before-head-anchor.ts');
// The last commit whose trail had no head file: `main` now has it too, so the baseline is pinned.
const beforeHeadAnchor = '3cddf19e3b7254005c0160082a9c5a77e8d9132d';
writeFileSync(baselineFile, execFileSync('git', ['show', `${beforeHeadAnchor}:main/privacy/auditTrail.ts`], { cwd: root }));
const loadAtStart = loadavg()[0];
const reps = 7;
const n = 300;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const quiet = { info() {}, warn() {} };

try {
  const before = (await import(pathToFileURL(baselineFile).href)).createAuditTrail as typeof createAuditTrail;
  const variants = { 'before (no head file)': before, 'with the signed head file': createAuditTrail };
  const runs: Record<string, { own: number[]; batched: number[] }> = {};
  for (let r = 0; r < reps; r++) {
    for (const [name, make] of Object.entries(variants)) {
      const dir = mkdtempSync(join(tmpdir(), 'audit-head-bench-'));
      const { vault } = await openLocalVault(dir);
      try {
        const audit = make(vault, { log: quiet });
        audit.append({ actor: 'anna', action: 'warm-up', from: 'desk' }); // makes the audit key
        let t = process.hrtime.bigint();
        for (let i = 0; i < n; i++) audit.append({ actor: 'anna', action: 'sign-in', from: 'desk' });
        const own = Number(process.hrtime.bigint() - t) / 1e6 / n;
        // Inside a caller's transaction (document transitions): one head write per transaction.
        t = process.hrtime.bigint();
        for (let b = 0; b < n / 10; b++) vault.transaction(() => { for (let i = 0; i < 10; i++) audit.append({ actor: 'station', action: 'document.queued', recordId: `d-${b}-${i}`, from: 'vault' }); });
        await new Promise((ok) => setImmediate(ok)); // let the deferred head write of the last batch run
        const batched = Number(process.hrtime.bigint() - t) / 1e6 / n;
        (runs[name] ??= { own: [], batched: [] }).own.push(own);
        runs[name].batched.push(batched);
      } finally {
        vault.close();
        rmSync(dir, { recursive: true, force: true });
      }
    }
  }
  const [a, b] = Object.keys(variants);
  const row = (what: string, key: 'own' | 'batched') => `| ${what} | ${(median(runs[a][key]) * 1000).toFixed(0)} µs | ${(median(runs[b][key]) * 1000).toFixed(0)} µs | ${(median(runs[b][key]) / median(runs[a][key])).toFixed(2)}× |`;
  const out = [
    `Machine: ${cpus().length} cores (${cpus()[0]?.model.trim()}); Node ${process.version}; 1-minute load average ${loadAtStart.toFixed(1)} at the start, ${loadavg()[0].toFixed(1)} at the end (shared machine).`,
    `Command: \`node bin/run-ts.mjs bench/auditHeadBench.ts\`. ${reps} interleaved runs of ${n} entries per variant, medians; real vault files in ${tmpdir()}.`,
    '',
    `| audit append | ${a} | ${b} | ratio |`,
    '|---|---:|---:|---:|',
    row('each entry its own transaction', 'own'),
    row('10 entries per caller transaction (per entry)', 'batched'),
  ].join('\n');
  console.log(out);
  // Its own section of bench/RESULTS.md (`npm run bench -- --collect` rebuilds the page from these).
  mkdirSync(join(root, 'bench', 'results'), { recursive: true });
  writeFileSync(join(root, 'bench', 'results', 'auditHead.md'), `## Audit head file (issue 13, item 4)\n\n${out}\n`);
} finally {
  rmSync(baselineFile, { force: true });
}
