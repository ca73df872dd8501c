#!/usr/bin/env node
// Runs electronegativity over the Electron side (shell, preloads, the windows' HTML) and fails on
// any finding that is not explained in .ci/electronegativity-explained.json.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const work = mkdtempSync(join(tmpdir(), 'eneg-'));
try {
  cpSync(join(root, 'main', 'shell'), join(work, 'shell'), { recursive: true });
  cpSync(join(root, 'preload'), join(work, 'preload'), { recursive: true });
  mkdirSync(join(work, 'renderer'));
  for (const page of ['teller', 'customer']) cpSync(join(root, 'renderer', page, 'index.html'), join(work, 'renderer', `${page}.html`));
  const csv = join(work, 'findings.csv');
  execFileSync(process.execPath, [join(root, 'scripts', 'electronegativity.cjs'), '-i', work, '-e', '45.0.0', '-o', csv], { stdio: 'ignore', timeout: 300_000 });
  const explained = JSON.parse(readFileSync(join(root, '.ci', 'electronegativity-explained.json'), 'utf8'));
  const rows = readFileSync(csv, 'utf8').trim().split('\n').slice(1).filter(Boolean);
  let unexplained = 0;
  for (const row of rows) {
    const [issue, severity, , file, location] = row.split(',').map((c) => c.replace(/^"|"$/g, ''));
    const key = `${issue} ${basename(file)}`;
    const why = explained[key];
    if (why) console.log(`explained  ${severity.padEnd(6)} ${key}:${location} — ${why}`);
    else {
      unexplained++;
      console.log(`UNEXPLAINED ${severity.padEnd(6)} ${key}:${location}`);
    }
  }
  console.log(`electronegativity: ${rows.length} findings, ${unexplained} unexplained`);
  process.exitCode = unexplained ? 1 : 0;
} finally {
  rmSync(work, { recursive: true, force: true });
}
