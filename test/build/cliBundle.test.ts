import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliBundleStaleReason } from '../../bin/cliBundle.mjs';
import { buildCli } from '../../scripts/build-cli.mjs';
import { runCli } from '../../main/cli/main';
import { createDemoDocument } from '../../main/signing/demoDocument';

// The compiled `station` (scripts/build-cli.mjs) must behave as the TypeScript sources do, start
// without the heavy packages, find what it loads beside it or in the project, and be refused by
// bin/station.mjs once a source is newer. Built into its own folder, so the .build/cli that other
// tests start is never rebuilt under their feet.

const root = resolve(import.meta.dirname, '..', '..');
const run = promisify(execFile);
const outDir = join(root, '.build', `cli-test-${process.pid}`);
const work = mkdtempSync(join(tmpdir(), 'cli-bundle-'));
const env = { ...process.env, STATION_STORAGE_DIR: join(work, 'storage'), STATION_CONFIG: join(work, 'none.json') };
/** Packages that `--help` and `queue status` must not load (each costs 0.1–0.3 s to load). */
const heavy = ['@aws-sdk/client-s3', '@aws-sdk/client-kms', 'pdf-lib', '@pdf-lib/fontkit', 'pdfjs-dist', 'node-forge', 'pkijs', 'ssh2', 'ws', 'tsx'];

/** Runs the bundle's runCli in a fresh Node, recording which packages it loads. */
async function bundled(...argv: string[]) {
  // A file, not `-e`: worker threads inherit the execArgv, and `--input-type` is refused in them.
  const runner = join(outDir, 'run-test.mjs');
  writeFileSync(runner, "const { runCli } = await import('./station.js'); process.exitCode = await runCli(process.argv.slice(2));\n");
  const r = await run(process.execPath, ['--import', join(root, 'test', 'support', 'loadedPackages.mjs'), runner, ...argv], { cwd: work, env })
    .catch((err: { stdout: string; stderr: string; code: number }) => err);
  const stderr = String(r.stderr);
  const packages = /^loaded packages: (.*)$/m.exec(stderr)?.[1].split(' ').filter(Boolean) ?? [];
  const workerPackages = [...stderr.matchAll(/^loaded package \(worker\): (\S+)$/gm)].map((m) => m[1]);
  return { stdout: String(r.stdout), stderr: stderr.replace(/^loaded packages?.*\n/gm, ''), code: 'code' in r ? r.code : 0, packages, workerPackages };
}

async function fromSources(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env, cwd: work });
  return { stdout, stderr, code };
}

beforeAll(async () => {
  await buildCli({ outDir });
});
afterAll(() => {
  rmSync(outDir, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
});

describe('the compiled station CLI', () => {
  it('prints the same --help as the sources, loading none of the heavy packages', async () => {
    const [b, s] = [await bundled('--help'), await fromSources('--help')];
    expect(b.code).toBe(0);
    expect(b.stdout).toBe(s.stdout);
    expect(b.stdout).toContain('station queue status');
    expect(b.packages.filter((p) => heavy.includes(p))).toEqual([]);
  });

  it('runs `queue status` on a new vault (migrations found) without the AWS SDK or the PDF code', async () => {
    const b = await bundled('queue', 'status', '--json');
    expect(b.stderr).toBe('');
    expect(b.code).toBe(0);
    expect(JSON.parse(b.stdout)).toEqual(JSON.parse((await fromSources('queue', 'status', '--json')).stdout));
    expect(b.packages).toContain('better-sqlite3');
    expect(b.packages.filter((p) => heavy.includes(p))).toEqual([]);
  });

  it('inspects a PDF in the parser worker built beside it, pdf-lib inside it and no TypeScript loader', async () => {
    const pdf = join(work, 'demo.pdf');
    writeFileSync(pdf, await createDemoDocument(new Date('2026-01-05T10:00:00Z')));
    const b = await bundled('doc', 'inspect', pdf, '--json');
    expect(b.stderr).toBe('');
    expect(b.code).toBe(0);
    expect(JSON.parse(b.stdout)).toEqual(JSON.parse((await fromSources('doc', 'inspect', pdf, '--json')).stdout));
    // The worker's isolate loads no package from node_modules: pdf-lib's ES build is bundled into it.
    expect(b.workerPackages).toEqual([]);
    expect(readFileSync(join(outDir, 'pdfParseWorker.js'), 'utf8')).toContain('// node_modules/pdf-lib/es/core/parser/PDFObjectParser.js');
    expect(b.packages).not.toContain('tsx');
  });

  it('refuses commands it does not know exactly as the sources do', async () => {
    const [b, s] = [await bundled('queue', 'frobnicate'), await fromSources('queue', 'frobnicate')];
    expect([b.code, b.stdout, b.stderr]).toEqual([s.code, s.stdout, s.stderr]);
  });
});

describe('the freshness rule bin/station.mjs applies', () => {
  it('accepts the bundle right after the build', () => {
    expect(cliBundleStaleReason(outDir)).toBeNull();
  });

  it('refuses it once a source it was built from is newer, and when it was never built', () => {
    const source = join(root, 'main', 'cli', 'cliCommand.ts');
    const later = new Date(Date.now() + 60_000);
    const { mtime, atime } = statSync(source);
    try {
      utimesSync(source, later, later);
      expect(cliBundleStaleReason(outDir)).toBe('main/cli/cliCommand.ts changed since the build');
    } finally {
      utimesSync(source, atime, mtime);
    }
    expect(cliBundleStaleReason(join(work, 'nothing-here'))).toBe('not built (npm run build:cli)');
  });
});
