import { ListObjectVersionsCommand, PutBucketVersioningCommand } from '@aws-sdk/client-s3';
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { radosgwAvailable } from '../../test/support/radosgw';
import { loadStationConfig } from '../config/loadStationConfig';
import { runCliAgainstS3, stationEnvFor } from '../../test/support/cliAgainstS3';
import { freshBucket, type TestS3 } from '../../test/support/syncFixtures';
import { openStationVault } from '../vault/openStationVault';
import { pdfWithText, tempDir } from '../../test/support/vaultFixtures';

/** The CLI with the S3 archive from the configuration: sync, erase in S3, checkpoints archived and verified against. */
const missing = process.env.STATION_TEST_S3_ENDPOINT ? undefined : radosgwAvailable();
const tmp = tempDir('privacy-cli-s3-');
let s3: TestS3;
let env: NodeJS.ProcessEnv;

const cli = (...argv: string[]) => runCliAgainstS3(argv, env, tmp.dir);
const sup = () => ['--user', 'sup', '--secret-file', join(tmp.dir, 'sup.secret')];

describe.skipIf(missing)(`station gdpr erase and audit checkpoints against the configured S3 archive (radosgw)${missing ? ` — skipped: ${missing}` : ''}`, () => {
  beforeAll(async () => {
    s3 = await freshBucket();
    await s3.client.send(new PutBucketVersioningCommand({ Bucket: s3.bucket, VersioningConfiguration: { Status: 'Enabled' } }));
    env = stationEnvFor(s3, tmp.dir, { STATION_STATION_ID: 'teller-3' });
    writeFileSync(join(tmp.dir, 'admin.secret'), 'admin secret 123\n');
    writeFileSync(join(tmp.dir, 'sup.secret'), 'supervisor secret 1\n');
    expect((await cli('user', 'add', '--username', 'admin', '--role', 'administrator', '--new-secret-file', join(tmp.dir, 'admin.secret'))).code).toBe(0);
    expect((await cli('user', 'add', '--username', 'sup', '--role', 'supervisor', '--new-secret-file', join(tmp.dir, 'sup.secret'), '--user', 'admin', '--secret-file', join(tmp.dir, 'admin.secret'))).code).toBe(0);
    const { config } = loadStationConfig({ env });
    const vault = await openStationVault(config);
    vault.enqueueSignedDocument({ id: 'doc-a', tenant: 'bank-a', pdf: pdfWithText('Contract of Zqxw'), signerName: 'Zqxw Customer' });
    vault.enqueueSignedDocument({ id: 'doc-b', tenant: 'bank-a', pdf: pdfWithText('Contract of Other'), signerName: 'Other Customer' });
    vault.close();
    const synced = await cli('sync', '--once');
    expect(synced.code, synced.err).toBe(0);
  });
  afterAll(() => {
    s3?.client.destroy();
    tmp.remove();
  });

  it('erases the subject in S3 (every version) and locally, leaving the other customer', async () => {
    const { config } = loadStationConfig({ env });
    const vault = await openStationVault(config);
    const keyA = vault.document('doc-a')!.object_key!;
    const keyB = vault.document('doc-b')!.object_key!;
    vault.close();
    const versions = async (key: string) => ((await s3.client.send(new ListObjectVersionsCommand({ Bucket: s3.bucket, Prefix: key }))).Versions ?? []).filter((v) => v.Key === key).length;
    expect([await versions(keyA), await versions(keyB)]).toEqual([1, 1]);
    const r = await cli('gdpr', 'erase', '--subject', 'ZQXW customer', ...sup());
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/Erased 1 documents: doc-a \(content removed, tombstone kept; 1 archive versions\)/);
    expect([await versions(keyA), await versions(keyA.replace(/\.pdf$/, '.json')), await versions(keyB)]).toEqual([0, 0, 1]);
  });

  it('archives the audit checkpoints and verifies the local trail against them', async () => {
    const up = await cli('audit', 'checkpoint', '--upload', ...sup());
    expect(up).toMatchObject({ code: 0, out: expect.stringMatching(/2 checkpoints uploaded/) }); // the erasure's and this one
    const ok = await cli('audit', 'verify', '--against-archive', ...sup());
    expect(ok).toMatchObject({ code: 0, out: expect.stringMatching(/2 archived checkpoints match/) });
    // The real command in its own process: it answers and exits (no S3 socket holds it open).
    const bin = fileURLToPath(new URL('../../bin/station.mjs', import.meta.url));
    const { stdout } = await promisify(execFile)(process.execPath, [bin, 'audit', 'verify', '--against-archive', ...sup()], { env, cwd: tmp.dir });
    expect(stdout).toMatch(/^audit trail OK: .*2 archived checkpoints match/);
  });
});
