import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { LocalKeyProvider } from './localKeyProvider';
import { defaultProtector, localProviderFile } from './createKeyProvider';
import { openVault } from './vault';
import { integrityCheck } from './vaultDatabase';
import { buildArchiveObject } from '../sync/archiveObject';
import { createSyncService } from '../sync/syncService';
import { freshBucket, type TestS3 } from '../../test/support/syncFixtures';
import { tempDir } from '../../test/support/vaultFixtures';
import { rawVaultDatabase } from '../../test/support/rawVaultDatabase';

/**
 * SIGKILL at random moments while the station signs, enqueues and uploads, RUNS times
 * (STATION_TEST_CRASH_RUNS, default 30; the 100 was measured by hand: see
 * bench/results/vault.md). Afterwards: every acknowledged document is in the vault and, after one
 * more sync, in S3 exactly once with the very bytes the vault holds; integrity_check ok.
 */
const runs = Number(process.env.STATION_TEST_CRASH_RUNS ?? 30);
const t = tempDir('vault-crash-');
let s3: TestS3;

beforeAll(async () => {
  s3 = await freshBucket();
});
afterAll(() => {
  s3?.client.destroy();
  t.remove();
});

function runAndKill(run: number): Promise<string[]> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [resolve('bin/run-ts.mjs'), 'test/support/crashWorker.ts'], {
      env: { ...process.env, CRASH_DIR: t.dir, CRASH_S3_ENDPOINT: s3.endpoint, CRASH_S3_BUCKET: s3.bucket, CRASH_PREFIX: `r${run}` },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const acked: string[] = [];
    let buffer = '';
    let stderr = '';
    child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-3000)));
    child.stdout.on('data', (d) => {
      buffer += d;
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        if (line.startsWith('ack ')) acked.push(line.slice(4));
      }
    });
    // A random moment: a fifth of the runs die while starting (migrations, keys, resuming uploads),
    // the rest 0–1.5 s after they are ready, amid signing, enqueueing and uploading.
    const early = Math.random() < 0.2;
    let killTimer: NodeJS.Timeout | undefined;
    if (early) killTimer = setTimeout(() => child.kill('SIGKILL'), Math.random() * 1000);
    child.stdout.once('data', () => {
      if (!early) killTimer = setTimeout(() => child.kill('SIGKILL'), Math.random() * 1500);
    });
    child.on('exit', (code, signal) => {
      clearTimeout(killTimer);
      if (signal === 'SIGKILL') resolvePromise(acked);
      else reject(new Error(`worker ended by itself (code ${code}): ${stderr}`));
    });
  });
}

it(`loses nothing and duplicates nothing across ${runs} SIGKILLs during signing, enqueue and upload`, { timeout: runs * 15_000 + 60_000 }, async () => {
  const acked: string[] = [];
  for (let run = 0; run < runs; run++) acked.push(...(await runAndKill(run)));
  expect(acked.length).toBeGreaterThan(0);

  const provider = LocalKeyProvider.open(localProviderFile(t.dir), defaultProtector(t.dir));
  const vault = await openVault({ dir: t.dir, tenant: 'bank-a', stationId: 'crash-station', keyProvider: provider });
  try {
    expect(integrityCheck(rawVaultDatabase(vault))).toBe('ok');
    const sync = createSyncService({ vault, config: { sync: s3.syncConfig() }, s3ClientConfig: { credentials: s3.credentials } });
    // What a crash left 'uploading' was re-queued at open; earlier failures' back-off is not waited out here.
    rawVaultDatabase(vault).prepare("UPDATE documents SET next_attempt_at = NULL WHERE state = 'queued'").run();
    const result = await sync.syncOnce();
    expect(result).toMatchObject({ failed: 0, remaining: 0 });

    const rows = new Map(vault.documents().map((d) => [d.id, d]));
    const states = [...rows.values()].reduce<Record<string, number>>((n, d) => ((n[d.state] = (n[d.state] ?? 0) + 1), n), {});
    console.info(`crash test: ${runs} kills, ${acked.length} acknowledged, final states ${JSON.stringify(states)}, final run uploaded ${result.uploaded} and found ${result.alreadyPresent} already in S3`);
    for (const id of acked) expect(rows.get(id)?.state, `acknowledged ${id}`).toBe('synced');
    // Documents killed mid-signing stay in_progress or signed (resumable or cancellable), never half-queued.
    for (const d of rows.values()) expect(['synced', 'in_progress', 'signed']).toContain(d.state);
    expect((await vault.check()).problems).toEqual([]);

    const keys = await s3.list();
    const synced = [...rows.values()].filter((d) => d.state === 'synced');
    expect(keys.filter((k) => k.endsWith('.pdf')).sort()).toEqual(synced.map((d) => d.object_key!).sort());
    for (const d of synced) {
      const head = await s3.client.send(new HeadObjectCommand({ Bucket: s3.bucket, Key: d.object_key! }));
      expect(head.Metadata?.sha256, d.id).toBe(buildArchiveObject(vault.archiveParts(d.id)).sha256);
    }
  } finally {
    vault.close();
  }
});
