#!/usr/bin/env node
// `npm test`: everything CI checks, in one command, ending with one plain summary line.
//   1. TypeScript (strict) per runtime, and the import rules and size ceiling (check-layering.mjs)
//   2. the renderer bundle (the end-to-end tests serve it) and the compiled CLI (they start it)
//   3. electronegativity over the Electron side, every finding explained
//   4. vitest: unit, integration (real SQLite, radosgw, moto, sshd, ipptool, pdfsig, qpdf) and
//      end-to-end tests (Debian Chromium against browser mode)
// Extra arguments go to vitest (e.g. `npm test -- main/vault`).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { requireProjectNode } from '../bin/projectNode.mjs';

requireProjectNode();
console.log(`Node ${process.version} (${process.execPath})`);

const root = resolve(import.meta.dirname, '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);
const extra = process.argv.slice(2);
let passed = 0;
let failed = 0;
let skipped = 0;

function step(name, command, args, options = {}) {
  const started = Date.now();
  console.log(`\n── ${name} ──`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' }, ...options });
  const ok = result.status === 0;
  console.log(`── ${name}: ${ok ? 'ok' : `FAILED (exit ${result.status ?? result.signal})`} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return ok;
}

const count = (ok) => (ok ? passed++ : failed++);
if (extra.length === 0) {
  // One program per runtime: Node (main/, tests), the window (renderer/), and code for both (native/, preload/common/).
  for (const config of ['tsconfig.json', 'tsconfig.renderer.json', 'tsconfig.portable.json']) {
    count(step(`typecheck (${config})`, bin('tsc'), ['--noEmit', '-p', config]));
  }
  count(step('layering and file sizes', process.execPath, ['scripts/check-layering.mjs']));
  count(step('security scan (electronegativity)', process.execPath, ['scripts/electron-security-scan.mjs']));
}
count(step('renderer build', bin('vite'), ['build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn']));
// The tests start `station` as users do: from the compiled CLI, which must match the sources under test.
count(step('CLI build', process.execPath, ['scripts/build-cli.mjs']));

const report = join(tmpdir(), `vitest-report-${process.pid}.json`);
const vitestOk = step('vitest', bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...extra]);
if (existsSync(report)) {
  const r = JSON.parse(readFileSync(report, 'utf8'));
  passed += r.numPassedTests;
  failed += r.numFailedTests;
  skipped += r.numPendingTests + (r.numTodoTests ?? 0);
  // A suite that fails to load counts as a failure even if it declared no test.
  failed += r.testResults.filter((f) => f.status === 'failed' && f.assertionResults.length === 0).length;
  rmSync(report, { force: true });
} else if (!vitestOk) failed++;
if (!vitestOk && failed === 0) failed++;

console.log(`\n${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);
