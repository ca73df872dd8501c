import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { runCli } from '../cli/main';
import type { CliIo } from '../cli/cliCommand';
import { tempDir } from '../../test/support/vaultFixtures';

/** The vault commands on a local-provider station (no servers needed). */
const t = tempDir();
afterAll(() => t.remove());
const env = { PATH: process.env.PATH, STATION_CONFIG: join(t.dir, 'none.json'), STATION_STORAGE_DIR: join(t.dir, 'data') };

async function cli(argv: string[]) {
  let out = '';
  let err = '';
  const io: CliIo = { stdout: (s) => (out += s), stderr: (s) => (err += s), env, cwd: t.dir };
  return { code: await runCli(argv, io), out, err };
}

it('vault rotate-key adds a version that vault check then verifies', async () => {
  expect((await cli(['vault', 'rotate-key'])).out).toMatch(/new key version 2/);
  const check = await cli(['vault', 'check', '--json']);
  expect(check.code).toBe(0);
  expect(JSON.parse(check.out).keys.versions.map((v: { version: number; ok: boolean }) => [v.version, v.ok])).toEqual([[1, true], [2, true]]);
});

it('sync without a bucket and unknown flags are one clear line each', async () => {
  expect(await cli(['sync', '--once'])).toMatchObject({ code: 78, err: expect.stringMatching(/sync.s3Bucket is not set/) });
  expect(await cli(['sync'])).toMatchObject({ code: 2, err: expect.stringMatching(/--once/) });
  expect(await cli(['queue', 'status', '--bogus'])).toMatchObject({ code: 2 });
});
