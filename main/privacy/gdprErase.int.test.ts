import { GetObjectCommand, ListObjectVersionsCommand, PutBucketVersioningCommand } from '@aws-sdk/client-s3';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccessDeniedError, type Actor } from '../accounts/roles';
import { claimForArchive, putArchiveObject } from '../../test/support/archiveUploads';
import { freshBucket, type TestS3 } from '../../test/support/syncFixtures';
import { filesUnder, findPlaintextMarkers, openLocalVault, pdfWithText, tempDir } from '../../test/support/vaultFixtures';
import type { Vault } from '../vault/vault';
import { createS3ArchiveStore } from './archiveStore';
import { createAuditTrail, type AuditTrail } from './auditTrail';
import { gdprErase, type ErasureReport } from './gdprErase';
import { radosgwAvailable } from '../../test/support/radosgw';
import { rawVaultDatabase } from '../../test/support/rawVaultDatabase';

const quiet = { info() {}, warn() {} };
const supervisor: Actor = { id: 's1', username: 'sup', role: 'supervisor' };
const teller: Actor = { id: 't1', username: 'anna.k', role: 'teller' };
const missing = process.env.STATION_TEST_S3_ENDPOINT ? undefined : radosgwAvailable();

/** 32 bytes from the middle of a ciphertext: random, so found again only if the ciphertext is. */
const slice = (b: Buffer) => b.subarray(Math.max(0, (b.length >> 1) - 16), Math.max(0, (b.length >> 1) - 16) + Math.min(32, b.length));

describe.skipIf(missing)(`GDPR erasure against a real vault file and a real S3 server (radosgw)${missing ? ` — skipped: ${missing}` : ''}`, () => {
  let tmp: ReturnType<typeof tempDir>;
  let vault: Vault;
  let audit: AuditTrail;
  let s3: TestS3;
  let before: { name: string; bytes: Buffer }[];
  let report: ErasureReport;
  let started: number;

  async function versionsOf(key: string) {
    const out = await s3.client.send(new ListObjectVersionsCommand({ Bucket: s3.bucket, Prefix: key }));
    return [...(out.Versions ?? []), ...(out.DeleteMarkers ?? [])].filter((v) => v.Key === key);
  }

  async function sign(id: string, signerName: string, marker: string, upload: boolean) {
    vault.startDocument({ id, tenant: 'bank-a' });
    audit.append({ actor: 'anna.k', action: 'document.shown', recordId: id, subject: signerName, from: 'desk-3', details: { signerName } });
    vault.enqueueSignedDocument({ id, tenant: 'bank-a', pdf: pdfWithText(`Contract of ${marker}`), signerName, metadata: { customerNumber: `C-${marker}` }, biometricContainer: Buffer.from(`pen samples of ${marker}`) });
    if (!upload) return;
    claimForArchive(vault, 10);
    // Twice: the bucket is versioned, so the archive holds two versions of the object.
    for (let i = 0; i < 2; i++) await putArchiveObject(s3.client, s3.bucket, vault, id);
    vault.markSynced(id);
  }

  beforeAll(async () => {
    started = Date.now();
    s3 = await freshBucket();
    await s3.client.send(new PutBucketVersioningCommand({ Bucket: s3.bucket, VersioningConfiguration: { Status: 'Enabled' } }));
    tmp = tempDir('gdpr-erase-');
    ({ vault } = await openLocalVault(tmp.dir));
    audit = createAuditTrail(vault, { log: quiet, checkpointEvery: 5 });
    audit.followVault();
    await sign('doc-i1', 'Ingrid Zqxwmark', 'ZQXW-I1', true);
    await sign('doc-i3', 'Ingrid Zqxwmark', 'ZQXW-I3', true);
    vault.keepDocument('doc-i3', 'court order 17/2026');
    await sign('doc-o1', 'Olof Otherperson', 'OTHER-O1', true);
    await sign('doc-i2', 'Ingrid Zqxwmark', 'ZQXW-I2', false);
    // A document found only by its encrypted details (no audit entry names the subject).
    vault.enqueueSignedDocument({ id: 'doc-i4', tenant: 'bank-a', pdf: pdfWithText('Contract of ZQXW-I4'), signerName: 'INGRID  zqxwmark' });

    // Every ciphertext of the subject's erasable documents, their audit payloads and archive copies.
    before = [];
    const rows = rawVaultDatabase(vault).prepare("SELECT kind, id, sealed, wrapped_dek FROM records WHERE id IN ('doc-i1', 'doc-i2', 'doc-i4')").all() as { kind: string; id: string; sealed: Buffer; wrapped_dek: Buffer }[];
    for (const r of rows) before.push({ name: `${r.kind}/${r.id} sealed`, bytes: slice(r.sealed) }, { name: `${r.kind}/${r.id} key`, bytes: slice(r.wrapped_dek) });
    const payloads = audit.entries({ subjectTag: audit.subjectTag('Ingrid Zqxwmark') }).filter((e) => e.record_id !== 'doc-i3');
    for (const e of payloads) before.push({ name: `audit ${e.seq}`, bytes: slice((rawVaultDatabase(vault).prepare("SELECT sealed FROM records WHERE kind = 'audit-payload' AND id = ?").get(`audit-${e.seq}`) as { sealed: Buffer }).sealed) });
    const i1 = vault.document('doc-i1')!.object_key!;
    // The envelope's tail is the document's ciphertext (its head is a header shared with other documents).
    const envelope = await s3.get(i1);
    before.push({ name: 'archive envelope doc-i1', bytes: envelope.subarray(envelope.length - 48, envelope.length - 16) });
    expect(before.length).toBeGreaterThanOrEqual(12);

    report = await gdprErase({ vault, audit, archive: createS3ArchiveStore(s3.client, s3.bucket), actor: supervisor, subject: 'ingrid zqxwmark', from: 'cli' });
  });

  afterAll(() => {
    vault?.close();
    tmp?.remove();
  });

  it('reports what was erased, and what was kept and why', () => {
    expect(report.erased.map((e) => e.documentId).sort()).toEqual(['doc-i1', 'doc-i2', 'doc-i4']);
    expect(report.erased.find((e) => e.documentId === 'doc-i1')).toMatchObject({ archiveVersions: 2, local: 'content removed, tombstone kept' });
    expect(report.kept).toEqual([{ documentId: 'doc-i3', why: expect.stringMatching(/legal hold/) }]);
    expect(report.failed).toEqual([]);
    expect(report.auditPayloadsErased).toBe(2);
    expect(report.walTruncated).toBe(true);
  });

  it('leaves no byte of the erased ciphertexts, keys or names in the database file, its WAL, or temp files', () => {
    const files = [...filesUnder(tmp.dir), ...readdirSync(tmpdir()).filter((f) => f.startsWith('etilqs_')).map((f) => join(tmpdir(), f)).filter((f) => statSync(f).mtimeMs >= started)];
    expect(files.some((f) => f.endsWith('vault.sqlite'))).toBe(true);
    const hits = files.flatMap((f) => {
      const bytes = readFileSync(f);
      return before.filter((b) => bytes.includes(b.bytes)).map((b) => `${b.name} in ${f}`);
    });
    expect(hits).toEqual([]);
    expect(findPlaintextMarkers(tmp.dir, ['ZQXW-I1', 'ZQXW-I2', 'ZQXW-I4', 'Zqxwmark', 'zqxwmark', 'pen samples of'])).toEqual([]);
  });

  it('leaves no version or delete marker of the erased objects in S3, and none of their bytes anywhere in the bucket', async () => {
    const key = vault.document('doc-i1')!.object_key!;
    expect(await versionsOf(key)).toEqual([]);
    expect(await versionsOf(key.replace(/\.pdf$/, '.json'))).toEqual([]);
    const all = await s3.client.send(new ListObjectVersionsCommand({ Bucket: s3.bucket }));
    for (const v of all.Versions ?? []) {
      const res = await s3.client.send(new GetObjectCommand({ Bucket: s3.bucket, Key: v.Key, VersionId: v.VersionId }));
      const bytes = Buffer.from(await res.Body!.transformToByteArray());
      expect(before.filter((b) => bytes.includes(b.bytes)).map((b) => `${b.name} in ${v.Key}`)).toEqual([]);
    }
  });

  it('keeps other subjects and the held document intact, locally and in S3', async () => {
    expect(vault.openDocument('doc-o1').signerName).toBe('Olof Otherperson');
    expect(vault.openDocument('doc-i3').pdf.toString('latin1')).toContain('ZQXW-I3');
    expect(await versionsOf(vault.document('doc-o1')!.object_key!)).toHaveLength(2);
    expect(await versionsOf(vault.document('doc-i3')!.object_key!)).toHaveLength(2);
  });

  it('the audit keeps the fact, not the data, and the chain still verifies', () => {
    expect(audit.verify()).toMatchObject({ ok: true, erasedPayloads: 2 });
    const entries = audit.entries({ subjectTag: audit.subjectTag('Ingrid Zqxwmark') });
    expect(entries.map((e) => [e.record_id, audit.openPayload(e.seq) === 'erased'])).toEqual([['doc-i1', true], ['doc-i3', false], ['doc-i2', true]]);
    const erasure = audit.entries().find((e) => e.action === 'gdpr.erased')!;
    expect(erasure).toMatchObject({ actor: 'sup', source: 'cli', seq: report.auditEntry });
    expect(audit.entries({ recordId: 'doc-i1' }).map((e) => e.action)).toContain('document.purged');
  });

  it('a teller is refused, and a second run finds nothing more to erase', async () => {
    await expect(gdprErase({ vault, audit, actor: teller, subject: 'Olof Otherperson', from: 'desk-3' })).rejects.toThrow(AccessDeniedError);
    expect(vault.openDocument('doc-o1').signerName).toBe('Olof Otherperson');
    const again = await gdprErase({ vault, audit, archive: createS3ArchiveStore(s3.client, s3.bucket), actor: supervisor, subject: 'Ingrid Zqxwmark', from: 'cli', dryRun: true });
    expect(again.erased).toEqual([]);
    expect(again.kept.map((k) => k.documentId)).toEqual(['doc-i3']);
  });
});

describe('GDPR erasure: retention duty and a missing archive keep documents unchanged', () => {
  it('says which duty applies, and changes nothing it cannot finish', async () => {
    const tmp = tempDir('gdpr-duty-');
    const { vault } = await openLocalVault(tmp.dir);
    try {
      const audit = createAuditTrail(vault, { log: quiet });
      vault.enqueueSignedDocument({ id: 'loan-1', tenant: 'bank-a', pdf: pdfWithText('loan'), signerName: 'Pia Qwerty', signedAt: '2026-01-10T10:00:00Z' });
      vault.enqueueSignedDocument({ id: 'loan-2', tenant: 'bank-a', pdf: pdfWithText('loan'), signerName: 'Pia Qwerty', signedAt: '2020-01-10T10:00:00Z' });
      vault.claimForUpload(5);
      vault.markSynced('loan-2');
      vault.markUploadFailed('loan-1', 'test: not uploaded', new Date(0));
      // A type with a longer duty: signed six years ago, still kept (kyc: ten years).
      vault.enqueueSignedDocument({ id: 'kyc-1', tenant: 'bank-a', pdf: pdfWithText('kyc'), signerName: 'Pia Qwerty', signedAt: '2020-05-01T10:00:00Z', metadata: { documentType: 'kyc' } });
      const asked: string[] = [];
      const inbox = { name: 'inbox', eraseSubject: (subject: string, o: { dryRun: boolean }) => (asked.push(`${subject}:${o.dryRun}`), { erased: ['req-9'], kept: [] }) };
      const broken = { name: 'broken', eraseSubject: () => { throw new Error('inbox database locked'); } };
      const report = await gdprErase({ vault, audit, actor: supervisor, subject: 'Pia Qwerty', from: 'cli', legalRetentionDays: 365, legalRetentionByDocumentType: 'kyc=3650', clock: () => new Date('2026-06-01T00:00:00Z'), otherStores: [inbox, broken] });
      expect(asked).toEqual(['Pia Qwerty:false']);
      expect(report.otherStores).toEqual([{ store: 'inbox', erased: ['req-9'], kept: [] }, { store: 'broken', erased: [], kept: [], error: 'inbox database locked' }]);
      expect(report.kept).toEqual([
        { documentId: 'loan-1', why: 'retention duty: signed 2026-01-10, kept until 2027-01-10' },
        { documentId: 'kyc-1', why: 'retention duty: signed 2020-05-01, kept until 2030-04-29' },
      ]);
      expect(report.failed).toEqual([{ documentId: 'loan-2', error: expect.stringMatching(/no archive is configured/) }]);
      expect(vault.openDocument('loan-2').signerName).toBe('Pia Qwerty');
      expect(vault.openDocument('loan-1').signerName).toBe('Pia Qwerty');
    } finally {
      vault.close();
      tmp.remove();
    }
  });
});
