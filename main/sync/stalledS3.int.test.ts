import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Vault } from '../vault/vault';
import { openLocalVault, pdfWithText, tempDir } from '../../test/support/vaultFixtures';
import { createSyncService, type SyncServiceOptions } from './syncService';
import { useBucketBehindProxy } from '../../test/support/bucketBehindProxy';
import { defaultS3Timeouts } from './s3Timeouts';
import { rawVaultDatabase } from '../../test/support/rawVaultDatabase';

// Connections that take a request and never answer, in front of the real radosgw: a wedged S3, or
// kept-alive sockets a NAT box has silently forgotten. The drain must notice within seconds, not sit
// a minute per request behind them.
const rig = useBucketBehindProxy();
let vault: Vault;
let removeDir: () => void;
afterEach(() => {
  vault?.close();
  removeDir?.();
});

async function freshVault(): Promise<void> {
  const t = tempDir();
  removeDir = t.remove;
  ({ vault } = await openLocalVault(t.dir, 'bank-a', `station-${randomBytes(3).toString('hex')}`));
}

function enqueue(n: number): string[] {
  return Array.from({ length: n }, () => {
    const id = `doc-${randomBytes(4).toString('hex')}`;
    vault.enqueueSignedDocument({ id, tenant: 'bank-a', pdf: pdfWithText(`${id} ${'x'.repeat(50_000)}`), signedAt: '2026-11-20T09:30:00Z' });
    return id;
  });
}

function service(extra: Partial<SyncServiceOptions> = {}) {
  return createSyncService({ vault, config: { sync: rig.s3.syncConfig(rig.proxy.endpoint) }, s3ClientConfig: { credentials: rig.s3.credentials }, backoff: { baseMs: 20, maxMs: 200 }, ...extra });
}

describe('a drain when S3 connections stall', () => {
  it('with the station\'s own timeouts, stalled PUTs are noticed within seconds and retried on fresh connections: the drain completes, each document once', async () => {
    await freshVault();
    const ids = enqueue(9);
    // As many stalls as uploads in flight: every worker is stuck at once, as in the stalled bench round.
    rig.proxy.failNext(3, 'stall', ['PUT']);
    const sync = service();
    const started = Date.now();
    const result = await sync.syncOnce();
    const elapsed = Date.now() - started;
    expect(result.errors).toEqual([]);
    expect(result).toMatchObject({ online: true, uploaded: 9, failed: 0, remaining: 0, stalls: 3 });
    expect(sync.progress().stalls).toBe(3);
    // Idle timeout (the SDK arms it 3 s after the request starts) plus the retries, with room for
    // a loaded machine; the old 60 s request timeout alone took longer than this.
    expect(elapsed).toBeLessThan(defaultS3Timeouts.idleMs + 3_000 + 15_000);
    expect(rig.proxy.log.filter((r) => r.mode === 'stall')).toHaveLength(3);
    const keys = (await rig.s3.list()).filter((k) => ids.some((id) => k.includes(id)));
    expect(keys).toEqual(ids.map((id) => `bank-a/2026/11/20/${id}.pdf`).sort());
  }, 90_000);

  it('when every PUT stalls, the run stops after a stall on a fresh connection, says so, and keeps every document queued', async () => {
    await freshVault();
    const ids = enqueue(6);
    rig.proxy.failNext(1000, 'stall', ['PUT']);
    const idleMs = 1_500;
    const sync = service({ timeouts: { idleMs } });
    const started = Date.now();
    const result = await sync.syncOnce();
    const elapsed = Date.now() - started;
    // Each worker: one stall, a fresh connection, a second stall, then the run stops.
    expect(elapsed).toBeLessThan(2 * idleMs + 10_000);
    expect(result).toMatchObject({ online: true, uploaded: 0, remaining: 6 });
    expect(result.stalls).toBeGreaterThanOrEqual(2);
    expect(result.stalls).toBeLessThanOrEqual(2 * rig.s3.syncConfig().concurrency);
    expect(sync.progress().lastError).toMatch(/S3 stalled .*also on a fresh connection/);
    expect(vault.documents().filter((d) => ids.includes(d.id)).map((d) => d.state)).toEqual(Array(6).fill('queued'));
    expect((await rig.s3.list()).filter((k) => ids.some((id) => k.includes(id)))).toEqual([]);
    // The archive answers again: the next run takes everything up.
    rig.proxy.failNext(0, 'pass');
    rawVaultDatabase(vault).prepare('UPDATE documents SET next_attempt_at = NULL').run(); // skip the wait
    expect(await sync.syncOnce()).toMatchObject({ uploaded: 6, remaining: 0, stalls: 0 });
  }, 90_000);

  it('when the first request of a run, on a socket kept from the last run, gets no answer, it is asked again on a fresh connection and the run goes on', async () => {
    await freshVault();
    // Sockets kept between runs (longer than the default, so that the last run's are still there).
    const sync = service({ timeouts: { idleSocketMs: 60_000 } });
    enqueue(1);
    expect(await sync.syncOnce()).toMatchObject({ uploaded: 1 });
    const ids = enqueue(2);
    // The reachability check (HEAD of the bucket) goes out on a kept socket and hears nothing.
    rig.proxy.failNext(1, 'stall', ['HEAD']);
    const result = await sync.syncOnce();
    expect(rig.proxy.log.filter((r) => r.mode === 'stall')).toHaveLength(1);
    expect(result).toMatchObject({ online: true, uploaded: 2, remaining: 0, stalls: 1 });
    expect((await rig.s3.list()).filter((k) => ids.some((id) => k.includes(id)))).toHaveLength(2);
  }, 90_000);
});
