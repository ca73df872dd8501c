import { HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { createHash, randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { openEnvelope, type EnvelopeHeader } from '../vault/portableEnvelope';
import type { Vault } from '../vault/vault';
import { openLocalVault, pdfWithText, tempDir } from '../../test/support/vaultFixtures';
import type { LocalKeyProvider } from '../vault/localKeyProvider';
import { documentSectionOf } from './archiveObject';
import { createSyncService, type SyncProgress, type SyncServiceOptions } from './syncService';
import { useBucketBehindProxy } from '../../test/support/bucketBehindProxy';
import { rawVaultDatabase } from '../../test/support/rawVaultDatabase';

const rig = useBucketBehindProxy();
let vault: Vault;
let provider: LocalKeyProvider;
let removeDir: () => void;

async function freshVault(): Promise<void> {
  const t = tempDir();
  removeDir = t.remove;
  ({ vault, provider } = await openLocalVault(t.dir, 'bank-a', `station-${randomBytes(3).toString('hex')}`));
}
afterEach(() => {
  vault?.close();
  removeDir?.();
});

function service(extra: Partial<SyncServiceOptions> = {}) {
  return createSyncService({
    vault,
    config: { sync: rig.s3.syncConfig(rig.proxy.endpoint) },
    s3ClientConfig: { credentials: rig.s3.credentials },
    backoff: { baseMs: 20, maxMs: 200 },
    ...extra,
  });
}

function enqueue(n: number, size = 2000): string[] {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const id = `doc-${randomBytes(4).toString('hex')}`;
    vault.enqueueSignedDocument({ id, tenant: 'bank-a', pdf: pdfWithText(`${id} ${'x'.repeat(size)}`), signerName: 'Birutė Secret-Name', metadata: { ref: 'REF-SECRET-1' }, signedAt: '2026-11-20T09:30:00Z' });
    ids.push(id);
  }
  return ids;
}

describe('S3 sync against radosgw', () => {
  it('drains the queue in order: one object per document, described in its header, openable with the key provider, no personal data in clear', async () => {
    await freshVault();
    const ids = enqueue(5);
    const sync = service();
    const seen: SyncProgress[] = [];
    sync.onProgress((p) => seen.push(p));
    const claimed: string[] = [];
    vault.onTransition((e) => e.to === 'uploading' && claimed.push(e.documentId));
    const result = await sync.syncOnce();
    expect(result).toMatchObject({ online: true, uploaded: 5, failed: 0, remaining: 0 });
    expect(vault.documents().map((d) => d.state)).toEqual(Array(5).fill('synced'));
    const keys = (await rig.s3.list()).filter((k) => ids.some((id) => k.includes(id)));
    expect(keys).toEqual(ids.map((id) => `bank-a/2026/11/20/${id}.pdf`).sort());
    expect(vault.documents().map((d) => d.object_key)).toEqual(ids.map((id) => `bank-a/2026/11/20/${id}.pdf`));
    const envelope = await rig.s3.get(`bank-a/2026/11/20/${ids[0]}.pdf`);
    const unwrap = (h: EnvelopeHeader) => provider.decryptDataKey(Buffer.from(h.kek.blob, 'base64'), h.kek.encryptionContext);
    const opened = await openEnvelope(envelope, unwrap);
    expect(opened.plaintext.toString('latin1')).toContain(ids[0]);
    const head = await rig.s3.client.send(new HeadObjectCommand({ Bucket: rig.s3.bucket, Key: `bank-a/2026/11/20/${ids[0]}.pdf` }));
    expect(head.Metadata?.sha256).toBe(createHash('sha256').update(envelope).digest('hex'));
    const described = documentSectionOf(opened.header)!;
    expect(described).toMatchObject({ format: 'signing-station/document-metadata/2', documentId: ids[0], tenant: 'bank-a', stationId: vault.stationId, signedAt: '2026-11-20T09:30:00.000Z' });
    const details = JSON.parse((await openEnvelope(Buffer.from(described.detailsEnvelope!, 'base64'), unwrap)).plaintext.toString('utf8'));
    expect(details).toEqual({ signerName: 'Birutė Secret-Name', metadata: { ref: 'REF-SECRET-1' } });
    for (const secret of ['Birutė', 'Secret-Name', 'REF-SECRET-1', ids[0] + ' x']) {
      expect(envelope.toString('latin1')).not.toContain(secret);
      expect(JSON.stringify(head.Metadata)).not.toContain(secret);
    }
    // Uploads are taken oldest signing first (with concurrency 3 they may reach S3 interleaved).
    expect(claimed).toEqual(ids);
    expect(seen.at(-1)).toMatchObject({ online: true, running: false, current: [], bytes: { done: result.bytes } });
    expect(seen.some((p) => p.current.length > 0)).toBe(true);
    expect(await sync.syncOnce()).toMatchObject({ uploaded: 0, remaining: 0 });
  });

  it('tells a listener at most one progress event per quarter second while it drains (each one counts the queue)', async () => {
    await freshVault();
    enqueue(40);
    const sync = service();
    const seen: SyncProgress[] = [];
    sync.onProgress((p) => seen.push(p));
    const started = performance.now();
    expect(await sync.syncOnce()).toMatchObject({ uploaded: 40, remaining: 0 });
    const quarters = Math.ceil((performance.now() - started) / 250);
    // One per document start and end would be 80; coalesced: the run's start and end, the first
    // upload at once, then one per 250 ms.
    expect(seen.length).toBeLessThanOrEqual(3 + quarters + 1);
    expect(seen.at(-1)).toMatchObject({ running: false, current: [], counts: { synced: 40 } });
  });

  it('is idempotent: a document whose upload succeeded but was never recorded is not sent again', async () => {
    await freshVault();
    const [id] = enqueue(1);
    await service().syncOnce();
    // As if the process died between the upload and recording it.
    rawVaultDatabase(vault).prepare("UPDATE documents SET state = 'queued' WHERE id = ?").run(id);
    rig.proxy.log.length = 0;
    const result = await service().syncOnce();
    expect(result).toMatchObject({ uploaded: 0, alreadyPresent: 1, remaining: 0 });
    expect(rig.proxy.log.filter((r) => r.method === 'PUT')).toEqual([]);
    expect((await rig.s3.list()).filter((k) => k.includes(id))).toHaveLength(1);
  });

  it('never overwrites a different object at its key: the document stays queued with a clear error', async () => {
    await freshVault();
    const [id] = enqueue(1);
    await rig.s3.client.send(new PutObjectCommand({ Bucket: rig.s3.bucket, Key: `bank-a/2026/11/20/${id}.pdf`, Body: 'someone else' }));
    const result = await service().syncOnce();
    expect(result).toMatchObject({ uploaded: 0, failed: 1, remaining: 1 });
    expect(vault.document(id)).toMatchObject({ state: 'queued' });
    expect(vault.document(id)!.last_error).toMatch(/already holds a different object/);
    expect((await rig.s3.get(`bank-a/2026/11/20/${id}.pdf`)).toString()).toBe('someone else');
  });

  it('S3 down: nothing fails, the queue waits, and drains when S3 is back', async () => {
    await freshVault();
    enqueue(3);
    rig.proxy.mode = 'down';
    const offline = await service().syncOnce();
    expect(offline).toMatchObject({ online: false, uploaded: 0, failed: 0, remaining: 3 });
    expect(vault.documents().every((d) => d.state === 'queued' && d.attempts === 0)).toBe(true);
    rig.proxy.mode = 'pass';
    expect(await service().syncOnce()).toMatchObject({ online: true, uploaded: 3, remaining: 0 });
  });

  it('503 and 500 on uploads are retried with backoff within the run', async () => {
    await freshVault();
    enqueue(3);
    rig.proxy.failNext(4, 'status503', ['PUT']);
    const result = await service({ attemptsPerRun: 6 }).syncOnce();
    expect(result).toMatchObject({ uploaded: 3, failed: 0, remaining: 0 });
    expect(rig.proxy.log.filter((r) => r.mode === 'status503')).toHaveLength(4);
  });

  it('a server that keeps answering 500 halts the run; the queue waits and resumes later', async () => {
    await freshVault();
    const ids = enqueue(4);
    rig.proxy.failNext(1000, 'status500', ['PUT']);
    const sync = service({ attemptsPerRun: 2 });
    const bad = await sync.syncOnce();
    expect(bad.uploaded).toBe(0);
    expect(bad.remaining).toBe(4);
    expect(sync.progress().lastError).toMatch(/500/);
    rig.proxy.failNext(0, 'pass');
    rawVaultDatabase(vault).prepare('UPDATE documents SET next_attempt_at = NULL').run(); // skip the wait
    expect(await sync.syncOnce()).toMatchObject({ uploaded: 4, remaining: 0 });
    expect((await rig.s3.list()).filter((k) => ids.some((id) => k.includes(id)))).toHaveLength(ids.length);
  });

  it('a connection dropped mid-upload is retried, and nothing is duplicated', async () => {
    await freshVault();
    const ids = enqueue(2, 50_000);
    rig.proxy.failNext(2, 'drop', ['PUT']);
    const result = await service().syncOnce();
    expect(result).toMatchObject({ uploaded: 2, remaining: 0 });
    expect(rig.proxy.log.filter((r) => r.mode === 'drop')).toHaveLength(2);
    expect((await rig.s3.list()).filter((k) => ids.some((id) => k.includes(id)))).toHaveLength(ids.length);
  });

  it('a response that never comes (slow server) times out; the retry finds the object already there', async () => {
    await freshVault();
    const [id] = enqueue(1);
    rig.proxy.slowMs = 4000;
    rig.proxy.failNext(1, 'slow', ['PUT']);
    const result = await service({ requestTimeoutMs: 1000 }).syncOnce();
    // The PUT reached radosgw but its answer was held past the timeout: the attempt failed, and the
    // retry's HEAD found the object (same SHA-256) instead of sending it again.
    expect(result).toMatchObject({ uploaded: 0, alreadyPresent: 1, remaining: 0, failed: 0 });
    expect(rig.proxy.log.filter((r) => r.method === 'PUT' && r.path.includes(`${id}.pdf`))).toHaveLength(1);
  });

  it('large documents go up as multipart, verified by their multipart ETag', async () => {
    await freshVault();
    const id = 'big-doc';
    vault.enqueueSignedDocument({ id, tenant: 'bank-a', pdf: Buffer.concat([pdfWithText('big'), randomBytes(11 * 1024 * 1024)]), signedAt: '2026-11-21T12:00:00Z' });
    const result = await service({ multipartThresholdBytes: 5 * 1024 * 1024, partSizeBytes: 5 * 1024 * 1024 }).syncOnce();
    expect(result.errors).toEqual([]);
    expect(result).toMatchObject({ uploaded: 1, remaining: 0 });
    expect(rig.proxy.log.filter((r) => r.method === 'PUT' && /partNumber=3/.test(r.path))).toHaveLength(1);
    const envelope = await rig.s3.get(`bank-a/2026/11/21/${id}.pdf`);
    const opened = await openEnvelope(envelope, (h) => provider.decryptDataKey(Buffer.from(h.kek.blob, 'base64'), h.kek.encryptionContext));
    expect(opened.plaintext.equals(vault.openDocument(id).pdf)).toBe(true);
  });

  it('with a retention policy, synced documents are purged after the run, each purge seen by the audit hook', async () => {
    await freshVault();
    const ids = enqueue(2);
    const purges: string[] = [];
    vault.onTransition((e) => e.to === 'purged' && purges.push(`${e.documentId}: ${e.reason}`));
    const result = await service({ retention: { retentionDays: 0, budgetBytes: 0 } }).syncOnce();
    expect(result.purged.sort()).toEqual([...ids].sort());
    expect(purges).toHaveLength(2);
    expect(purges[0]).toMatch(/retention: synced more than 0 days ago/);
    expect(rawVaultDatabase(vault).prepare('SELECT COUNT(*) AS n FROM records').get()).toEqual({ n: 0 });
    // The archive keeps them.
    expect((await rig.s3.list()).filter((k) => ids.some((id) => k.includes(id)))).toHaveLength(2);
  });

  it('start() keeps syncing in the background and stop() ends it', async () => {
    await freshVault();
    const sync = service();
    sync.start();
    enqueue(2);
    sync.trigger();
    await new Promise<void>((resolve) => {
      const off = sync.onProgress((p) => {
        if (p.counts.synced === 2) {
          off();
          resolve();
        }
      });
    });
    await sync.stop();
    expect(vault.queueStatus().counts.synced).toBe(2);
  });

  it('stop() in the middle of uploads puts the documents back in the queue, without errors, and the next run finishes them', async () => {
    await freshVault();
    const ids = enqueue(3);
    rig.proxy.slowMs = 1500;
    rig.proxy.failNext(1000, 'slow', ['PUT']);
    const sync = service();
    sync.start();
    await new Promise<void>((resolve) => {
      const off = sync.onProgress((p) => {
        if (p.current.length > 0) {
          off();
          resolve();
        }
      });
    });
    await sync.stop();
    expect(vault.documents().map((d) => d.state)).not.toContain('uploading');
    expect(vault.queueStatus().failing).toBe(0);
    rig.proxy.failNext(0, 'pass');
    const result = await service().syncOnce();
    expect(result).toMatchObject({ failed: 0, remaining: 0 });
    expect(vault.documents().filter((d) => ids.includes(d.id)).every((d) => d.state === 'synced')).toBe(true);
  });
});
