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
  // SARIF, not CSV: the tool writes its CSV header and rows with two racing async writes, so the
  // header sometimes lands over the first rows. SARIF is one write.
  const sarif = join(work, 'findings.sarif');
  execFileSync(process.execPath, [join(root, 'scripts', 'electronegativity.cjs'), '-i', work, '-e', '45.0.0', '-o', sarif], { stdio: 'ignore', timeout: 300_000 });
  const explained = JSON.parse(readFileSync(join(root, '.ci', 'electronegativity-explained.json'), 'utf8'));
  const results = JSON.parse(readFileSync(sarif, 'utf8')).runs[0].results;
  let unexplained = 0;
  for (const r of results) {
    const place = r.locations?.[0]?.physicalLocation;
    const key = `${r.ruleId} ${basename(place?.artifactLocation?.uri ?? 'N/A')}`;
    const where = `${place?.region?.startLine ?? 0}:${(place?.region?.startColumn ?? 1) - 1}`;
    const why = explained[key];
    if (why) console.log(`explained   ${String(r.level).padEnd(7)} ${key}:${where} — ${why}`);
    else {
      unexplained++;
      console.log(`UNEXPLAINED ${String(r.level).padEnd(7)} ${key}:${where} — ${r.message?.text ?? ''}`);
    }
  }
  console.log(`electronegativity: ${results.length} findings, ${unexplained} unexplained`);
  process.exitCode = unexplained ? 1 : 0;
} finally {
  rmSync(work, { recursive: true, force: true });
}
