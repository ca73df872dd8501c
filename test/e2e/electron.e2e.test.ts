import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { _electron as electron } from 'playwright-core';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..', '..');

/** The Electron binary, if this machine has one (its installer downloads from GitHub, so usually not here). */
function electronBinary(): string | undefined {
  const pathFile = join(root, 'node_modules', 'electron', 'path.txt');
  if (!existsSync(pathFile)) return undefined;
  const binary = join(root, 'node_modules', 'electron', 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : undefined;
}

const binary = electronBinary();
if (!binary) console.log('skipped: no Electron binary (ELECTRON_SKIP_BINARY_DOWNLOAD; see README)');

describe('Electron shell', () => {
  it.skipIf(!binary)('opens the teller and customer windows with the security baseline', async () => {
    const vite = join(root, 'node_modules', '.bin', 'vite');
    execFileSync(vite, ['build', '--config', 'vite.main.config.ts', '--outDir', '.vite/build', '--emptyOutDir', 'false'], { cwd: root });
    for (const entry of ['preload/teller.ts', 'preload/customer.ts']) {
      execFileSync(vite, ['build', '--config', 'vite.preload.config.ts', '--outDir', '.vite/build', '--emptyOutDir', 'false', '--ssr', entry], { cwd: root });
    }
    const app = await electron.launch({ executablePath: binary!, args: [root], env: { ...process.env, STATION_PEN_SIMULATE: 'true' } });
    try {
      await expect.poll(() => app.windows().length, { timeout: 30_000 }).toBe(2);
      const titles = await Promise.all(app.windows().map((w) => w.title()));
      expect(titles.sort()).toEqual(['Signing Station', 'Signing Station — customer']);
      for (const w of app.windows()) {
        // The page has the typed bridge and nothing of Node or Electron.
        expect(await w.evaluate(() => typeof (window as any).station?.call)).toBe('function');
        expect(await w.evaluate(() => typeof (window as any).require)).toBe('undefined');
        expect(await w.evaluate(() => typeof (window as any).process)).toBe('undefined');
      }
    } finally {
      await app.close();
    }
  });
});
