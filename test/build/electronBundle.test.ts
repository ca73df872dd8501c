import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { build as esbuild } from 'esbuild';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoDocument } from '../../main/signing/demoDocument';

// The Electron side is built even where Electron cannot run: the main and preload bundles are built
// with Vite from the project's own configs, the main bundle is moved away from the sources (so
// nothing can be read from main/ by accident) and loaded under plain Node with the stand-in
// `electron` (test/support/electronStandIn.ts, typed against electron.d.ts), up to its two windows.

const root = resolve(import.meta.dirname, '..', '..');
const run = promisify(execFile);
const work = mkdtempSync(join(tmpdir(), 'electron-bundle-'));
// As packaged: the app folder holds .vite/build; node_modules is there only for the native modules
// (the runner fails if the bundle asks it for anything else).
const app = join(work, 'app');
const buildDir = join(app, '.vite', 'build');
const storage = join(work, 'storage');
type Report = {
  exitCode: number | null; errorBoxes: unknown[]; unbundled: string[]; sandboxEnabled: boolean;
  privilegedSchemes: { scheme: string; privileges: Record<string, boolean> }[];
  windows: { title: string; urls: string[]; webPreferences: Record<string, unknown>; denyingNewWindows: unknown }[];
  ipcChannels: string[];
  permissions: Record<string, boolean | undefined>;
  requests: { app: { cancel: boolean }; remote: { cancel: boolean } };
  escapingPath: number | null;
  parser: { error: unknown; inspect: { ok: boolean; result: { pageCount: number } }; textBoxes: { ok: boolean; boxes: number } };
};
let report: Report;
let runnerOutput = '';

beforeAll(async () => {
  const quiet = { logLevel: 'warn' as const };
  await build({ ...quiet, configFile: join(root, 'vite.main.config.ts'), root, build: { outDir: buildDir, emptyOutDir: true } });
  // One build per preload, as Forge does: each must be a single file.
  for (const name of ['teller', 'customer']) {
    await build({ ...quiet, configFile: join(root, 'vite.preload.config.ts'), root, build: { outDir: buildDir, emptyOutDir: false, rollupOptions: { input: { [name]: join(root, `preload/${name}.ts`) } } } });
  }
  symlinkSync(join(root, 'node_modules'), join(app, 'node_modules'), 'dir');
  writeFileSync(join(app, 'package.json'), readFileSync(join(root, 'package.json')));
  await esbuild({ entryPoints: [join(root, 'test/support/electronStandIn.ts')], outfile: join(work, 'electron-stand-in.cjs'), bundle: true, platform: 'node', format: 'cjs', logLevel: 'warning' });
  const pdf = join(work, 'demo.pdf');
  writeFileSync(pdf, await createDemoDocument(new Date('2026-01-05T10:00:00Z')));
  mkdirSync(storage);
  const r = await run(process.execPath, [join(root, 'test/support/electronBundleRunner.mjs'), buildDir, join(work, 'electron-stand-in.cjs'), pdf], {
    cwd: work,
    env: { ...process.env, STATION_STORAGE_DIR: storage, STATION_CONFIG: join(work, 'none.json') },
    maxBuffer: 64 * 1024 * 1024,
  });
  runnerOutput = r.stderr;
  report = JSON.parse(r.stdout.trim().split('\n').at(-1)!);
}, 900_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the built Electron main bundle, under Node with a stand-in electron', () => {
  it('starts: every module resolves inside the bundle, and no error reaches the user', () => {
    expect(report.unbundled, runnerOutput).toEqual([]);
    expect(report.exitCode).toBeNull();
    expect(report.errorBoxes).toEqual([]);
  });

  it('ships the vault migrations: the new vault has every one applied, read from the bundle', () => {
    const shipped = readdirSync(join(buildDir, 'migrations')).sort();
    const sources = readdirSync(join(root, 'main/vault/migrations')).filter((f) => f.endsWith('.sql')).sort();
    expect(shipped).toEqual(sources);
    const vaultFile = readdirSync(storage, { recursive: true }).map(String).find((f) => f.endsWith('vault.sqlite'));
    expect(vaultFile, `no vault.sqlite in ${storage}`).toBeDefined();
    const db = new Database(join(storage, vaultFile!), { readonly: true });
    try {
      const versions = db.prepare('SELECT version FROM schema_migrations ORDER BY version').all().map((r) => (r as { version: number }).version);
      expect(versions).toEqual(sources.map((f) => Number(/^(\d+)/.exec(f)![1])));
    } finally {
      db.close();
    }
  });

  it('ships the PDF parser worker, which inspects a PDF and reads its text (pdf.js) from the bundle', () => {
    expect(report.parser.error).toBeNull();
    expect(report.parser.inspect.ok).toBe(true);
    expect(report.parser.inspect.result.pageCount).toBeGreaterThan(0);
    expect(report.parser.textBoxes.ok).toBe(true);
    expect(report.parser.textBoxes.boxes).toBeGreaterThan(0);
  });

  it('creates the teller and the customer window, sandboxed and isolated, with the preloads beside it', () => {
    expect(report.windows.map((w) => w.title)).toEqual(['Signing Station', 'Signing Station — customer']);
    expect(report.windows.map((w) => w.urls)).toEqual([['app://station/teller/index.html'], ['app://station/customer/index.html']]);
    for (const [i, w] of report.windows.entries()) {
      expect(w.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, devTools: true });
      expect(w.webPreferences.preload).toBe(join(buildDir, ['teller.cjs', 'customer.cjs'][i]));
      expect(w.denyingNewWindows).toEqual({ action: 'deny' });
    }
    expect(report.sandboxEnabled).toBe(true);
    expect(readdirSync(buildDir)).toEqual(expect.arrayContaining(['teller.cjs', 'customer.cjs']));
  });

  it('keeps the security baseline: one privileged app scheme, nothing remote, HID only for the app, no path escape', () => {
    expect(report.privilegedSchemes).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
    expect(report.requests).toEqual({ app: { cancel: false }, remote: { cancel: true } });
    expect(report.permissions).toEqual({ requestHandlerSet: true, hidForTheApp: true, hidForAnotherOrigin: false, cameraForTheApp: false });
    expect(report.escapingPath).toBe(404);
    expect(report.ipcChannels.length).toBeGreaterThan(0);
  });
});

describe('the built preload scripts', () => {
  it('are single CommonJS files that require nothing but electron (a sandboxed preload can load nothing else)', () => {
    for (const file of ['teller.cjs', 'customer.cjs']) {
      const code = readFileSync(join(buildDir, file), 'utf8');
      const required = [...code.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]);
      expect(new Set(required), file).toEqual(new Set(['electron']));
    }
  });
});
