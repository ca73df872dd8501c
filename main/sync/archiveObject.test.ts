import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArchiveStore } from '../privacy/archiveStore';
import { decodeEnvelope, envelopeContentType, openEnvelope, type EnvelopeHeader } from '../vault/portableEnvelope';
import type { LocalKeyProvider } from '../vault/localKeyProvider';
import type { Vault } from '../vault/vault';
import { openLocalVault, pdfWithText, tempDir } from '../../test/support/vaultFixtures';
import { archiveObjectKey, buildArchiveObject, documentSectionOf } from './archiveObject';
import { eraseArchivedDocument, readArchivedDocument } from './archivedDocumentReader';
import { legacyArchiveObjects } from '../../test/support/archiveUploads';

/** An archive in memory with versions, as the readers see S3 (versions(), erase()). */
function memoryArchive(): ArchiveStore & { objects: Map<string, Buffer[]> } {
  const objects = new Map<string, Buffer[]>();
  const current = (key: string) => objects.get(key)?.at(-1);
  return {
    objects,
    async versions(key) {
      return (objects.get(key) ?? []).map((_, i) => ({ key, versionId: String(i), deleteMarker: false }));
    },
    get: async (key) => current(key),
    getStart: async (key, bytes) => current(key)?.subarray(0, bytes),
    async erase(key) {
      const n = objects.get(key)?.length ?? 0;
      objects.delete(key);
      return n;
    },
    list: async (prefix) => [...objects.keys()].filter((k) => k.startsWith(prefix)),
  };
}

describe('the archive object of a signed document', () => {
  const t = tempDir('archive-object-');
  let vault: Vault;
  let provider: LocalKeyProvider;
  const unwrap = (h: EnvelopeHeader) => provider.decryptDataKey(Buffer.from(h.kek.blob, 'base64'), h.kek.encryptionContext);
  beforeAll(async () => {
    ({ vault, provider } = await openLocalVault(t.dir));
    vault.enqueueSignedDocument({ id: 'doc-1', tenant: 'bank-a', pdf: pdfWithText('Loan of Ona'), signerName: 'Ona Onaitė', metadata: { reference: 'R-1' }, signedAt: '2026-11-20T23:30:00+02:00' });
    vault.enqueueSignedDocument({ id: 'doc-2', tenant: 'bank-a', pdf: pdfWithText('No details'), signedAt: '2026-11-21T08:00:00Z' });
  });
  afterAll(() => {
    vault.close();
    t.remove();
  });

  it('is one envelope keyed by tenant and UTC day of signing, described in its header, the same bytes every time', async () => {
    const object = buildArchiveObject(vault.archiveParts('doc-1'));
    expect(object.key).toBe('bank-a/2026/11/20/doc-1.pdf');
    expect(object.contentType).toBe(envelopeContentType);
    expect(buildArchiveObject(vault.archiveParts('doc-1')).body.equals(object.body)).toBe(true);
    const opened = await openEnvelope(object.body, unwrap);
    expect(opened.plaintext.equals(vault.openDocument('doc-1').pdf)).toBe(true);
    const section = documentSectionOf(opened.header)!;
    expect(section).toMatchObject({ format: 'signing-station/document-metadata/2', documentId: 'doc-1', tenant: 'bank-a', stationId: 'station-7', signedAt: '2026-11-20T21:30:00.000Z' });
    expect(JSON.parse((await openEnvelope(Buffer.from(section.detailsEnvelope!, 'base64'), unwrap)).plaintext.toString('utf8'))).toEqual({ signerName: 'Ona Onaitė', metadata: { reference: 'R-1' } });
    expect(object.body.toString('latin1')).not.toMatch(/Ona|R-1/);
    expect(documentSectionOf(decodeEnvelope(buildArchiveObject(vault.archiveParts('doc-2')).body).header)).toMatchObject({ documentId: 'doc-2', detailsEnvelope: null });
  });

  it('keeps a key already recorded for the document (claimed earlier, or by an older station)', () => {
    expect(archiveObjectKey({ id: 'x', tenant: 'bank-a', signed_at: '2026-01-02T00:00:00Z', object_key: 'bank-a/2025/12/31/x.pdf' })).toBe('bank-a/2025/12/31/x.pdf');
    expect(() => archiveObjectKey({ id: 'x', tenant: 'bank-a', signed_at: null, object_key: null })).toThrow(/not signed yet/);
  });

  it('is read back in either shape: the one object, or the envelope and .json an older station wrote', async () => {
    const archive = memoryArchive();
    const one = buildArchiveObject(vault.archiveParts('doc-1'));
    archive.objects.set(one.key, [one.body]);
    const legacy = legacyArchiveObjects(vault, 'doc-2');
    archive.objects.set(legacy.objectKey, [legacy.envelope]);
    archive.objects.set(legacy.metadataKey, [legacy.metadata]);

    expect(await readArchivedDocument(archive, one.key)).toMatchObject({ shape: 'one-object', metadata: { documentId: 'doc-1', stationId: 'station-7' } });
    expect(await readArchivedDocument(archive, legacy.objectKey)).toMatchObject({ shape: 'two-objects', metadata: { format: 'signing-station/document-metadata/1', documentId: 'doc-2', object: { key: legacy.objectKey } } });
    expect(await readArchivedDocument(archive, 'bank-a/none.pdf')).toBeUndefined();
    archive.objects.set('bank-a/not-ours.pdf', [Buffer.from('%PDF-1.7 plain')]);
    await expect(readArchivedDocument(archive, 'bank-a/not-ours.pdf')).rejects.toThrow(/not a Signing Station envelope/);

    expect(await eraseArchivedDocument(archive, one.key)).toBe(1);
    expect(await eraseArchivedDocument(archive, legacy.objectKey)).toBe(2);
    expect([...archive.objects.keys()]).toEqual(['bank-a/not-ours.pdf']);
  });
});
