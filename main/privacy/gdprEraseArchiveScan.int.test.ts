import { ListObjectVersionsCommand } from '@aws-sdk/client-s3';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../accounts/roles';
import { radosgwAvailable } from '../../test/support/radosgw';
import { claimForArchive, putArchiveObject, putLegacyArchiveObjects } from '../../test/support/archiveUploads';
import { freshBucket, type TestS3 } from '../../test/support/syncFixtures';
import { openLocalVault, pdfWithText, tempDir } from '../../test/support/vaultFixtures';
import { openVault, type Vault } from '../vault/vault';
import { createS3ArchiveStore } from './archiveStore';
import { createAuditTrail, type AuditTrail } from './auditTrail';
import { gdprErase } from './gdprErase';
import { gdprExport } from './gdprExport';

const missing = process.env.STATION_TEST_S3_ENDPOINT ? undefined : radosgwAvailable();
const quiet = { info() {}, warn() {} };
const supervisor: Actor = { id: 's1', username: 'sup', role: 'supervisor' };

/**
 * Documents no longer linked to the person on this station — purged here before any audit entry
 * named them, or archived by another station of the same tenant — are found by reading the archive.
 */
describe.skipIf(missing)(`GDPR erasure with an archive scan (radosgw)${missing ? ` — skipped: ${missing}` : ''}`, () => {
  let s3: TestS3;
  const tmp = tempDir('gdpr-scan-');
  let a: Vault;
  let b: Vault;
  let audit: AuditTrail;

  async function upload(vault: Vault, id: string, signerName: string, purge: boolean) {
    vault.enqueueSignedDocument({ id, tenant: 'bank-a', pdf: pdfWithText(`doc ${id}`), signerName, signedAt: '2020-03-01T10:00:00Z' });
    claimForArchive(vault, 5);
    // Station b is an older station: it wrote each document as two objects (envelope + .json).
    const key = vault === b ? await putLegacyArchiveObjects(s3.client, s3.bucket, vault, id) : await putArchiveObject(s3.client, s3.bucket, vault, id);
    vault.markSynced(id);
    if (purge) vault.purgeDocument(id, 'retention');
    return key;
  }
  const versions = async (key: string) => ((await s3.client.send(new ListObjectVersionsCommand({ Bucket: s3.bucket, Prefix: key }))).Versions ?? []).filter((v) => v.Key === key).length;
  const keys: Record<string, string> = {};

  beforeAll(async () => {
    s3 = await freshBucket();
    let provider;
    ({ vault: a, provider } = await openLocalVault(join(tmp.dir, 'a')));
    // A second station of the same tenant under the same (KMS-like) key provider.
    b = await openVault({ dir: join(tmp.dir, 'b'), tenant: 'bank-a', stationId: 'station-8', keyProvider: provider });
    audit = createAuditTrail(a, { log: quiet });
    keys.aOld = await upload(a, 'a-old', 'Unlinked Zqxw', true);
    keys.aOther = await upload(a, 'a-other', 'Someone Else', true);
    keys.b1 = await upload(b, 'b-1', 'unlinked  ZQXW', false);
  });
  afterAll(() => {
    a?.close();
    b?.close();
    tmp.remove();
  });

  it('an access request with a scan exports both archive copies, decrypted', async () => {
    const archive = createS3ArchiveStore(s3.client, s3.bucket);
    const outDir = join(tmp.dir, 'export');
    const summary = await gdprExport({ vault: a, audit, archive, actor: supervisor, subject: 'Unlinked Zqxw', from: 'cli', outDir, scanArchive: true });
    expect(summary).toMatchObject({ documents: 2, pdfs: 2, unavailable: [] });
    const json = JSON.parse(readFileSync(join(outDir, 'subject.json'), 'utf8'));
    expect(json.documents.map((d: { id: string; source: string; state: string }) => [d.id, d.source, d.state])).toEqual([['a-old', 'archive', 'purged'], ['b-1', 'archive', 'archived by station station-8']]);
    expect(readFileSync(join(outDir, 'documents', 'b-1.pdf'), 'latin1')).toContain('doc b-1');
  });

  it('without a scan finds nothing; with one, erases this station\'s purged copy and names the other station\'s', async () => {
    const archive = createS3ArchiveStore(s3.client, s3.bucket);
    expect((await gdprErase({ vault: a, audit, archive, actor: supervisor, subject: 'Unlinked Zqxw', from: 'cli', dryRun: true })).erased).toEqual([]);
    const report = await gdprErase({ vault: a, audit, archive, actor: supervisor, subject: 'Unlinked Zqxw', from: 'cli', scanArchive: true });
    expect(report.archiveScan).toEqual({ scanned: 3, unreadable: 0, found: 2 });
    expect(report.erased).toEqual([{ documentId: 'a-old', local: 'nothing left locally', archiveVersions: 1 }]);
    expect(report.kept).toEqual([{ documentId: 'b-1', why: expect.stringMatching(/from station station-8: erase it there/) }]);
    expect([await versions(keys.aOld), await versions(keys.b1), await versions(keys.aOther)]).toEqual([0, 1, 1]);
  });

  it('with --include-other-stations erases the other station\'s archive copy, unless a retention duty applies', async () => {
    const archive = createS3ArchiveStore(s3.client, s3.bucket);
    const duty = await gdprErase({ vault: a, audit, archive, actor: supervisor, subject: 'Unlinked Zqxw', from: 'cli', scanArchive: true, includeOtherStations: true, legalRetentionDays: 100_000 });
    expect(duty.kept).toEqual([{ documentId: 'b-1', why: expect.stringMatching(/retention duty \(signed 2020-03-01\)/) }]);
    const report = await gdprErase({ vault: a, audit, archive, actor: supervisor, subject: 'Unlinked Zqxw', from: 'cli', scanArchive: true, includeOtherStations: true });
    // The older station's envelope and the .json beside it.
    expect(report.erased).toEqual([{ documentId: 'b-1', local: 'not on this station', archiveVersions: 2 }]);
    expect(await versions(keys.b1.replace(/\.pdf$/, '.json'))).toBe(0);
    expect([await versions(keys.b1), await versions(keys.aOther)]).toEqual([0, 1]);
    expect(audit.verify().ok).toBe(true);
  });
});
