import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/main';
import type { CliIo } from '../cli/cliCommand';
import { loadStationConfig } from '../config/loadStationConfig';
import { kmsForTests } from '../../test/support/moto';
import { freshBucket, type TestS3 } from '../../test/support/syncFixtures';
import { openStationVault } from './openStationVault';
import { findPlaintextMarkers, pdfWithText, tempDir } from '../../test/support/vaultFixtures';

/**
 * The CLI against real servers: a station with its tenant key from KMS (moto) syncs to radosgw;
 * then a "clean machine" (a fresh process with no station data, only AWS credentials and
 * endpoints) opens the S3 object with `station vault open`.
 */
let s3: TestS3;
let kmsEndpoint: string;
let keyArn: string;
const station = tempDir();
const elsewhere = tempDir();

beforeAll(async () => {
  s3 = await freshBucket();
  const kms = await kmsForTests();
  kmsEndpoint = kms.endpoint;
  const client = new KMSClient({ endpoint: kms.endpoint, region: 'eu-north-1', credentials: kms.credentials });
  keyArn = (await client.send(new CreateKeyCommand({ Description: 'bank-a signing station' }))).KeyMetadata!.Arn!;
  client.destroy();
  // The station's own process gets its AWS credentials from the default chain (environment here).
  process.env.AWS_ACCESS_KEY_ID = s3.credentials.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = s3.credentials.secretAccessKey;
});
afterAll(() => {
  delete process.env.AWS_ACCESS_KEY_ID;
  delete process.env.AWS_SECRET_ACCESS_KEY;
  s3?.client.destroy();
  station.remove();
  elsewhere.remove();
});

function stationEnv(): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: station.dir,
    // moto accepts any credentials; radosgw wants these.
    AWS_ACCESS_KEY_ID: s3.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: s3.credentials.secretAccessKey,
    STATION_CONFIG: join(station.dir, 'no-such-config.json'),
    STATION_STORAGE_DIR: join(station.dir, 'data'),
    STATION_STATION_TENANT: 'bank-a',
    STATION_STATION_ID: 'teller-3',
    STATION_KEYS_PROVIDER: 'aws-kms',
    STATION_KEYS_KMS_KEY_ID: keyArn,
    STATION_KEYS_KMS_ENDPOINT: kmsEndpoint,
    STATION_SYNC_ENABLED: 'true',
    STATION_SYNC_S3_ENDPOINT: s3.endpoint,
    STATION_SYNC_S3_BUCKET: s3.bucket,
    STATION_SYNC_S3_REGION: 'us-east-1',
    STATION_SYNC_S3_FORCE_PATH_STYLE: 'true',
  };
}

async function cli(argv: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const saved = { ...process.env };
  // The SDK's default credential chain reads process.env.
  Object.assign(process.env, { AWS_ACCESS_KEY_ID: env.AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY: env.AWS_SECRET_ACCESS_KEY });
  try {
    const io: CliIo = { stdout: (t) => (out += t), stderr: (t) => (err += t), env, cwd: station.dir };
    return { code: await runCli(argv, io), out, err };
  } finally {
    process.env = saved;
  }
}

describe('station queue status / sync --once / vault check / vault open', () => {
  it('enqueue, status, sync, check, then open the S3 object from a clean machine', async () => {
    const env = stationEnv();
    const { config } = loadStationConfig({ env });
    const vault = await openStationVault(config);
    vault.enqueueSignedDocument({ id: 'cli-doc-1', tenant: 'bank-a', pdf: pdfWithText('CLI-MARKER-TEXT'), signerName: 'Cli Person', signedAt: '2026-11-25T08:00:00Z' });
    vault.close();

    const status = await cli(['queue', 'status', '--json'], env);
    expect(status.code).toBe(0);
    expect(JSON.parse(status.out)).toMatchObject({ tenant: 'bank-a', counts: { queued: 1 }, oldestWaiting: { id: 'cli-doc-1' } });

    const sync = await cli(['sync', '--once'], env);
    expect(sync).toMatchObject({ code: 0 });
    expect(sync.out).toMatch(/1 uploaded/);

    // Everything the station wrote (vault, WAL, keys) after signing, status and sync: no plaintext.
    expect(findPlaintextMarkers(station.dir, ['CLI-MARKER-TEXT', 'Cli Person'])).toEqual([]);

    const check = await cli(['vault', 'check'], env);
    expect(check.out).toMatch(/integrity: ok/);
    expect(check.out).toMatch(/tenant key v1: ok \(unwraps and matches\)/);
    expect(check.out).toMatch(/WEAKER fallback/);
    expect(check.code).toBe(0);

    // A clean machine: a new process, no station data, only credentials and endpoints.
    const out = join(elsewhere.dir, 'doc.pdf');
    const clean = await promisify(execFile)(process.execPath, [resolve('bin/station.mjs'), 'vault', 'open', `s3://${s3.bucket}/bank-a/2026/11/25/cli-doc-1.pdf`, '--out', out], {
      cwd: resolve('.'),
      env: {
        PATH: process.env.PATH,
        HOME: elsewhere.dir,
        AWS_ACCESS_KEY_ID: s3.credentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: s3.credentials.secretAccessKey,
        STATION_CONFIG: join(elsewhere.dir, 'none.json'),
        STATION_STORAGE_DIR: join(elsewhere.dir, 'data'),
        STATION_KEYS_KMS_ENDPOINT: kmsEndpoint,
        STATION_SYNC_S3_ENDPOINT: s3.endpoint,
        STATION_SYNC_S3_REGION: 'us-east-1',
        STATION_SYNC_S3_FORCE_PATH_STYLE: 'true',
      },
    });
    expect(clean.stdout).toMatch(/document-pdf cli-doc-1/);
    expect(readFileSync(out).toString('latin1')).toContain('CLI-MARKER-TEXT');
  });

  it('sync --once exits non-zero when S3 cannot be reached, and the document stays queued', async () => {
    const env = { ...stationEnv(), STATION_SYNC_S3_ENDPOINT: 'http://127.0.0.1:9' };
    const { config } = loadStationConfig({ env });
    const vault = await openStationVault(config);
    vault.enqueueSignedDocument({ id: 'cli-doc-2', tenant: 'bank-a', pdf: pdfWithText('second') });
    vault.close();
    const sync = await cli(['sync', '--once'], env);
    expect(sync.code).toBe(1);
    expect(sync.out).toMatch(/OFFLINE/);
    expect(JSON.parse((await cli(['queue', 'status', '--json'], env)).out).counts.queued).toBe(1);
  });

  it('vault open refuses a file that is not an envelope, and a missing file, with one clear line', async () => {
    const env = stationEnv();
    const notEnvelope = await cli(['vault', 'open', resolve('package.json'), '--out', join(elsewhere.dir, 'x')], env);
    expect(notEnvelope.code).toBe(1);
    expect(notEnvelope.err).toMatch(/not a Signing Station envelope/);
    const missing = await cli(['vault', 'open', 'nope.bin', '--out', 'x'], env);
    expect(missing.err).toMatch(/no such file/);
  });
});
