import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../cli/main';
import { sharedDataDir, sharedDataLocation, sharedDataPath, sharedDataVariable } from './sharedData';

const saved = process.env[sharedDataVariable];
afterEach(() => {
  if (saved === undefined) delete process.env[sharedDataVariable];
  else process.env[sharedDataVariable] = saved;
});

describe('the shared-data locator', () => {
  it('looks beside the project by default, and where STATION_SHARED_DATA says', () => {
    expect(sharedDataLocation({})).toBe(resolve(import.meta.dirname, '..', '..', '..', 'shared', 'data'));
    const dir = mkdtempSync(join(tmpdir(), 'shared-data-'));
    mkdirSync(join(dir, 'pdf-corpus', 'ordinary'), { recursive: true });
    expect(sharedDataDir({ [sharedDataVariable]: dir })).toBe(dir);
    process.env[sharedDataVariable] = dir;
    expect(sharedDataPath('pdf-corpus', 'ordinary')).toBe(join(dir, 'pdf-corpus', 'ordinary'));
    expect(sharedDataPath('pdf-corpus', 'absent')).toBeUndefined();
  });

  it('says undefined when the folder is not there', () => {
    expect(sharedDataDir({ [sharedDataVariable]: join(tmpdir(), 'no-such-shared-data') })).toBeUndefined();
  });

  it('does not stop a CLI command that reads the configuration', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'shared-data-cli-'));
    const out: string[] = [];
    const err: string[] = [];
    const env = { STATION_CONFIG: join(dir, 'none.json'), STATION_STORAGE_DIR: join(dir, 'store'), [sharedDataVariable]: dir };
    const code = await runCli(['config', 'check'], { stdout: (t) => void out.push(t), stderr: (t) => void err.push(t), env, cwd: dir });
    expect(err.join('')).toBe('');
    expect(out.join('')).toMatch(/^configuration OK/);
    expect(code).toBe(0);
  });
});
