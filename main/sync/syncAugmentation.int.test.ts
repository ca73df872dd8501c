import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { closePdfParser } from '../documents/inspectPdf';
import { signPdf } from '../documents/signPdf';
import { verifyPdf } from '../documents/verifyPdf';
import { corpusFiles, demoCredentials, haveCorpus, pdfsig, svcRecord } from '../../test/support/documentTestKit';
import { startLtvWorld, type LtvWorld } from '../../test/support/longTermTestKit';
import { openEnvelope } from '../vault/portableEnvelope';
import type { LocalKeyProvider } from '../vault/localKeyProvider';
import type { Vault } from '../vault/vault';
import { openLocalVault, tempDir } from '../../test/support/vaultFixtures';
import { createSyncService } from './syncService';
import { freshBucket, type TestS3 } from '../../test/support/syncFixtures';
import { rawVaultDatabase } from '../../test/support/rawVaultDatabase';

/**
 * Offline first, then long-term: the desk sealed B-B; the sync run brings the document to B-LTA
 * (document time-stamp, DSS with OCSP/CRL, archive time-stamp) before upload — against the real
 * openssl PKI and TSA and radosgw. With the responders out of reach the document stays queued,
 * says why, and nothing reaches the archive; back online it goes up at B-LTA.
 */
describe.skipIf(!haveCorpus)('sync augments queued documents to documents.level before upload', () => {
  let world: LtvWorld;
  let s3: TestS3;
  let vault: Vault;
  let provider: LocalKeyProvider;
  let remove: () => void;

  beforeAll(async () => {
    [world, s3] = await Promise.all([startLtvWorld(), freshBucket()]);
  });
  afterAll(async () => {
    await world?.close();
    s3?.client.destroy();
    await closePdfParser();
  });
  afterEach(() => {
    vault?.close();
    remove?.();
  });

  const service = () => createSyncService({
    vault,
    config: { sync: s3.syncConfig(), documents: { level: 'B-LTA', tsaUrl: world.tsa.url } as never },
    s3ClientConfig: { credentials: s3.credentials },
    backoff: { baseMs: 20, maxMs: 200 },
  });

  it('offline responders: queued with the reason, nothing uploaded; online: uploaded at B-LTA, the seal still valid', async () => {
    const t = tempDir();
    remove = t.remove;
    ({ vault, provider } = await openLocalVault(t.dir, 'bank-a', `station-${randomBytes(3).toString('hex')}`));
    const pdf = readFileSync(corpusFiles('ordinary').find((f) => f.includes('google-doc'))!);
    const desk = await signPdf({ pdf, record: await svcRecord('U3S1.TXT'), signer: { name: 'Offline Branch' }, sealer: world.sealer, escrowPublicKeyPem: demoCredentials().escrowPublicKeyPem });
    expect(desk.level).toBe('B-B');
    const id = `doc-${randomBytes(4).toString('hex')}`;
    vault.enqueueSignedDocument({ id, tenant: 'bank-a', pdf: desk.pdf, signedAt: '2026-11-20T09:30:00Z' });

    await world.pki.goOffline();
    try {
      const offline = await service().syncOnce();
      expect(offline).toMatchObject({ online: true, uploaded: 0, remaining: 1 });
      expect(vault.document(id)).toMatchObject({ state: 'queued' });
      expect(vault.document(id)!.last_error).toMatch(/^waiting to add PAdES B-LTA validation data: the OCSP responder .* cannot be reached/);
      expect(vault.queueStatus()).toMatchObject({ failing: 1, lastError: expect.stringMatching(/waiting to add PAdES B-LTA/) });
      expect((await s3.list()).filter((k) => k.includes(id))).toEqual([]);
      // The queued copy is the desk's, untouched.
      expect(Buffer.from(vault.openDocument(id).pdf).equals(Buffer.from(desk.pdf))).toBe(true);
    } finally {
      await world.pki.goOnline();
    }
    // As if the retry time had come.
    rawVaultDatabase(vault).prepare('UPDATE documents SET next_attempt_at = NULL WHERE id = ?').run(id);
    const online = await service().syncOnce();
    expect(online).toMatchObject({ online: true, uploaded: 1, remaining: 0 });
    const envelope = await s3.get(`bank-a/2026/11/20/${id}.pdf`);
    const opened = await openEnvelope(envelope, (h) => provider.decryptDataKey(Buffer.from(h.kek.blob, 'base64'), h.kek.encryptionContext));
    const archived = new Uint8Array(opened.plaintext);
    expect(Buffer.from(archived.subarray(0, desk.pdf.length)).equals(Buffer.from(desk.pdf))).toBe(true);
    const report = await verifyPdf(archived);
    expect(report.ok).toBe(true);
    expect(report.signatures[0].longTerm).toMatchObject({ levelReached: 'B-LTA', revocationCovered: true, validationTimeFrom: 'document time-stamp' });
    expect(report.signatures[0].longTerm!.timestampGapSeconds).toBeGreaterThanOrEqual(0);
    expect(pdfsig(archived)[0]).toMatchObject({ validation: 'Signature is Valid.' });
    // Already at the level: a second run changes nothing.
    expect(vault.document(id)).toMatchObject({ state: 'synced' });
  });
});
