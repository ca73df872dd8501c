import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { GetObjectCommand, ListObjectVersionsCommand, PutBucketVersioningCommand } from '@aws-sdk/client-s3';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kmsForTests } from '../../test/support/moto';
import { radosgwAvailable } from '../../test/support/radosgw';
import { startLocalTsa, type LocalTsa } from '../../test/support/tsa';
import { loadStationConfig } from '../config/loadStationConfig';
import { extendPdf } from '../documents/extendPdf';
import { closePdfParser } from '../documents/inspectPdf';
import { signPdf } from '../documents/signPdf';
import { verifyPdf } from '../documents/verifyPdf';
import { corpusFiles, demoCredentials, haveCorpus, pdfsig, svcRecord } from '../../test/support/documentTestKit';
import { mutoolVerify, opensslChecksOfDocumentTimestamps, startLtvWorld, type LtvWorld } from '../../test/support/longTermTestKit';
import { createAuditTrail } from '../privacy/auditTrail';
import { openEnvelopeWithKms } from '../vault/openEnvelopeAnywhere';
import { decodeEnvelope } from '../vault/portableEnvelope';
import { openStationVault } from '../vault/openStationVault';
import { tempDir } from '../../test/support/vaultFixtures';
import { archiveObjectKey, documentSectionOf } from './archiveObject';
import { ArchiveKeeperError, extendArchive, newestTimestampCertificateExpiry } from './archiveKeeper';
import { runCliAgainstS3, stationEnvFor } from '../../test/support/cliAgainstS3';
import { freshBucket, type TestS3 } from '../../test/support/syncFixtures';

/**
 * `station archive extend` through the real CLI against radosgw (versioning on), KMS (moto) for the
 * tenant key, the real openssl PKI and two openssl TSAs: one whose certificate lives 5 days, one 30.
 * With a 10-day margin, the document archive-stamped by the short-lived TSA is renewed (new version
 * beside the old, B-LTA with a second archive time-stamp, audited); the other is left alone; a
 * teller is refused and nothing changes.
 */
const missing = process.env.STATION_TEST_S3_ENDPOINT ? undefined : radosgwAvailable();
const tmp = tempDir('archive-keeper-');

describe.skipIf(missing || !haveCorpus)(`station archive extend${missing ? ` — skipped: ${missing}` : ''}`, () => {
  let world: LtvWorld;
  let shortTsa: LocalTsa;
  let s3: TestS3;
  let env: NodeJS.ProcessEnv;
  const keys: Record<string, string> = {};
  const archived: Record<string, Uint8Array> = {};

  const cli = (...argv: string[]) => runCliAgainstS3(argv, env, tmp.dir);
  const as = (user: string) => ['--user', user, '--secret-file', join(tmp.dir, `${user}.secret`)];
  const versionsOf = async (key: string) =>
    ((await s3.client.send(new ListObjectVersionsCommand({ Bucket: s3.bucket, Prefix: key }))).Versions ?? []).filter((v) => v.Key === key);

  beforeAll(async () => {
    [world, s3] = await Promise.all([startLtvWorld(), freshBucket()]);
    const shortCert = await world.pki.issue('Short-lived TSA (test)', { extendedKeyUsage: 'timeStamping', days: 5 });
    shortTsa = await startLocalTsa({ signer: { certPath: shortCert.certPath, keyPath: shortCert.keyPath, chainPath: world.pki.caFile } });
    await s3.client.send(new PutBucketVersioningCommand({ Bucket: s3.bucket, VersioningConfiguration: { Status: 'Enabled' } }));
    // The tenant key lives in KMS (moto): the keeper opens each envelope with KMS Decrypt, as `vault open s3://…` does.
    const kms = await kmsForTests();
    const kmsClient = new KMSClient({ endpoint: kms.endpoint, region: 'eu-north-1', credentials: kms.credentials });
    const keyArn = (await kmsClient.send(new CreateKeyCommand({ Description: 'bank-a archive keeper test' }))).KeyMetadata!.Arn!;
    kmsClient.destroy();
    // The test's own KMS Decrypt (opening the archived versions) uses the SDK's default chain too; moto accepts any credentials.
    Object.assign(process.env, { AWS_ACCESS_KEY_ID: s3.credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: s3.credentials.secretAccessKey });
    env = stationEnvFor(s3, tmp.dir, {
      STATION_KEYS_PROVIDER: 'aws-kms', STATION_KEYS_KMS_KEY_ID: keyArn, STATION_KEYS_KMS_ENDPOINT: kms.endpoint,
      STATION_DOCUMENTS_TSA_URL: world.tsa.url, STATION_DOCUMENTS_ARCHIVE_RENEWAL_MARGIN_DAYS: '10',
    });
    for (const [user, role] of [['admin', 'administrator'], ['sup', 'supervisor'], ['teller', 'teller']]) {
      writeFileSync(join(tmp.dir, `${user}.secret`), `${user} secret 12345\n`);
      const added = await cli('user', 'add', '--username', user, '--role', role, '--new-secret-file', join(tmp.dir, `${user}.secret`), ...(user === 'admin' ? [] : as('admin')));
      expect(added.code, added.err).toBe(0);
    }
    // Two B-LTA documents, archive-stamped by the short-lived TSA and by the long-lived one.
    const pdf = readFileSync(corpusFiles('ordinary').find((f) => f.includes('google-doc'))!);
    const { config } = loadStationConfig({ env });
    const vault = await openStationVault(config);
    for (const [id, tsa] of [['doc-near', shortTsa], ['doc-far', world.tsa]] as const) {
      const desk = await signPdf({ pdf, record: await svcRecord('U3S1.TXT'), signer: { name: 'Archive Customer' }, sealer: world.sealer, escrowPublicKeyPem: demoCredentials().escrowPublicKeyPem });
      archived[id] = (await extendPdf(desk.pdf, { level: 'B-LTA', tsaUrl: tsa.url })).pdf;
      vault.enqueueSignedDocument({ id, tenant: 'bank-a', pdf: archived[id], signedAt: '2026-11-20T09:30:00Z' });
      keys[id] = archiveObjectKey(vault.document(id)!);
    }
    vault.close();
    const synced = await cli('sync', '--once');
    expect(synced.code, synced.err).toBe(0);
  });
  afterAll(async () => {
    delete process.env.AWS_ACCESS_KEY_ID;
    delete process.env.AWS_SECRET_ACCESS_KEY;
    await shortTsa?.close();
    await world?.close();
    s3?.client.destroy();
    await closePdfParser();
    tmp.remove();
  });

  it('refuses a teller (exit 77) and touches nothing', async () => {
    const r = await cli('archive', 'extend', ...as('teller'));
    expect(r).toMatchObject({ code: 77, err: expect.stringMatching(/a teller may not archive\.extend/) });
    expect((await versionsOf(keys['doc-near'])).length).toBe(1);
  });

  it('a TSA out of reach: the document is reported failed (exit 1), nothing uploaded, nothing audited as extended', async () => {
    const r = await cli('archive', 'extend', '--tsa', 'http://127.0.0.1:9/tsa', '--json', ...as('sup'));
    expect(r.code, r.err).toBe(1);
    expect(JSON.parse(r.out)).toMatchObject({ checked: 2, extended: 0, left: 1, failed: 1 });
    expect(JSON.parse(r.out).documents.find((d: { documentId: string }) => d.documentId === 'doc-near')).toMatchObject({ action: 'failed', reason: expect.stringMatching(/Timestamp|time-stamp|TSA|ECONNREFUSED/i) });
    expect((await versionsOf(keys['doc-near'])).length).toBe(1);
  });

  it('renews the document whose time-stamp certificate expires within the margin as a new version, keeps the old, leaves the other, audits it', async () => {
    expect((await newestTimestampCertificateExpiry(archived['doc-near']))!.getTime() - Date.now()).toBeLessThan(10 * 86_400_000);
    const r = await cli('archive', 'extend', '--json', ...as('sup'));
    expect(r.code, r.err).toBe(0);
    const report = JSON.parse(r.out);
    expect(report).toMatchObject({ marginDays: 10, checked: 2, extended: 1, left: 1, failed: 0 });
    const near = report.documents.find((d: { documentId: string }) => d.documentId === 'doc-near');
    expect(near).toMatchObject({ action: 'extended', key: keys['doc-near'], versionId: expect.any(String) });
    expect(near.steps.join('\n')).toMatch(/DSS: .*\n.*archive time-stamp DocTimeStamp3/);
    expect(report.documents.find((d: { documentId: string }) => d.documentId === 'doc-far')).toMatchObject({ action: 'left', reason: expect.stringMatching(/beyond the 10-day margin/) });

    // Old and new side by side under the same key; the other document untouched; its description follows in the header.
    const versions = await versionsOf(keys['doc-near']);
    expect(versions.length).toBe(2);
    expect((await versionsOf(keys['doc-far'])).length).toBe(1);
    expect((await versionsOf(keys['doc-near'].replace(/\.pdf$/, '.json'))).length).toBe(0);
    const { config } = loadStationConfig({ env });
    const open = async (versionId: string) => {
      const out = await s3.client.send(new GetObjectCommand({ Bucket: s3.bucket, Key: keys['doc-near'], VersionId: versionId }));
      const opened = await openEnvelopeWithKms(await out.Body!.transformToByteArray(), config);
      expect(opened.header.kek).toMatchObject({ provider: 'aws-kms', version: 1 });
      return new Uint8Array(opened.plaintext);
    };
    const old = versions.find((v) => v.VersionId !== near.versionId)!;
    expect(Buffer.from(await open(old.VersionId!)).equals(Buffer.from(archived['doc-near']))).toBe(true);
    const renewed = await open(near.versionId);
    const renewedHeader = decodeEnvelope(await (await s3.client.send(new GetObjectCommand({ Bucket: s3.bucket, Key: keys['doc-near'], VersionId: near.versionId }))).Body!.transformToByteArray()).header;
    expect(documentSectionOf(renewedHeader)).toMatchObject({ documentId: 'doc-near', tenant: 'bank-a', signedAt: '2026-11-20T09:30:00.000Z', archiveRenewedAt: expect.any(String) });
    expect(Buffer.from(renewed.subarray(0, archived['doc-near'].length)).equals(Buffer.from(archived['doc-near']))).toBe(true);

    // The renewal verifies: our verifier says B-LTA, the archive time-stamp is the new one (over the second DSS), every earlier one still valid.
    const verified = await verifyPdf(renewed);
    expect(verified.ok).toBe(true);
    expect(verified.signatures.map((s) => `${s.fieldName}:${s.valid}`)).toEqual([expect.stringMatching(/:true$/), 'DocTimeStamp1:true', 'DocTimeStamp2:true', 'DocTimeStamp3:true']);
    const before = (await verifyPdf(archived['doc-near'])).signatures[0].longTerm!;
    expect(verified.signatures[0].longTerm).toMatchObject({ levelReached: 'B-LTA', revocationCovered: true });
    expect(verified.signatures[0].longTerm!.archiveTimestamp).not.toBe(before.archiveTimestamp);
    // pdfsig checks the seal (it leaves document time-stamps "not yet verified"); openssl ts checks each time-stamp over its bytes.
    expect(pdfsig(renewed)[0]).toMatchObject({ validation: 'Signature is Valid.' });
    expect(mutoolVerify(renewed)).toMatch(/The signature is valid but there have been edits since signing/);
    const stamps = await opensslChecksOfDocumentTimestamps(renewed, world.pki.caFile);
    expect(stamps.map((t) => t.field)).toEqual(['DocTimeStamp1', 'DocTimeStamp2', 'DocTimeStamp3']);
    for (const t of stamps) expect(t, t.output).toMatchObject({ status: 0, output: expect.stringMatching(/Verification: OK/) });
    // Its newest time-stamp now comes from the 30-day TSA: outside the margin.
    expect((await newestTimestampCertificateExpiry(renewed))!.getTime() - Date.now()).toBeGreaterThan(10 * 86_400_000);

    const vault = await openStationVault(config);
    try {
      const entries = createAuditTrail(vault, { log: { info() {}, warn() {} } }).entries();
      expect(entries.filter((e) => e.action === 'archive.extended')).toMatchObject([{ actor: 'sup', record_id: 'doc-near', source: 'cli' }]);
      // One per run: the failed one before and this one.
      expect(entries.filter((e) => e.action === 'archive.checked')).toHaveLength(2);
    } finally {
      vault.close();
    }
  });

  it('a second run finds nothing to renew (text report)', async () => {
    const r = await cli('archive', 'extend', ...as('sup'));
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/^archive: 2 checked, 0 extended, 2 left alone, 0 failed \(margin 10 days\)\n/);
    expect(r.out).toMatch(/left\s+doc-near \(time-stamp certificate until \d{4}-\d\d-\d\d\): time-stamp certificate valid beyond the 10-day margin/);
    expect((await versionsOf(keys['doc-near'])).length).toBe(2);
  });

  it('refuses a bucket that does not keep versions: a renewal there would replace the archived document', async () => {
    const plain = await freshBucket();
    try {
      const run = extendArchive({ s3: plain.client, sync: { s3Bucket: plain.bucket, s3SseKmsKeyId: '' }, prefix: 'bank-a/', marginDays: 10, tsaUrl: world.tsa.url, unwrapKek: () => Promise.reject(new Error('not reached')) });
      await expect(run).rejects.toThrow(ArchiveKeeperError);
      await expect(run).rejects.toThrow(/does not keep versions \(versioning never enabled\)/);
    } finally {
      plain.client.destroy();
    }
  });
});
