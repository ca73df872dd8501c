import { copyFileSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mountSmallDisk, type SmallDisk } from '../../test/support/smallDisk';
import { createAuditTrail, type AuditTrail } from '../privacy/auditTrail';
import { createRetentionPurger } from '../privacy/retentionPurger';
import { createSyncService } from '../sync/syncService';
import { freshBucket, type TestS3 } from '../../test/support/syncFixtures';
import { DiskFullError } from './diskSpace';
import { defaultMigrationsDir } from './migrationRunner';
import type { Vault } from './vault';
import { integrityCheck } from './vaultDatabase';
import { openLocalVault, pdfWithText } from '../../test/support/vaultFixtures';
import { rawVaultDatabase } from '../../test/support/rawVaultDatabase';

/**
 * A full disk in the vault, on a real 12 MB tmpfs filled at each moment: during enqueue, during a sync
 * run against radosgw, during retention and during a migration. Each time: a DiskFullError that
 * names the folder and the space, integrity_check ok, every document queued whole or not at all,
 * the audit chain without a gap — and the work completing once space is freed.
 */
const { disk: mounted, skipReason } = mountSmallDisk(12);
if (skipReason) console.warn(`diskFull.int.test: ${skipReason}`);

let disk: SmallDisk;
let vault: Vault;
let audit: AuditTrail;
let dir: string;
const quiet = { info() {}, warn() {} };

async function freshVault(migrationsDir?: string): Promise<void> {
  dir = join(disk.dir, `v-${randomBytes(3).toString('hex')}`);
  ({ vault } = await openLocalVault(dir));
  if (migrationsDir) {
    vault.close();
    const { openVault } = await import('./vault');
    const { LocalKeyProvider } = await import('./localKeyProvider');
    const { localProviderFile, defaultProtector } = await import('./createKeyProvider');
    vault = await openVault({ dir, tenant: 'bank-a', stationId: 'station-7', keyProvider: LocalKeyProvider.open(localProviderFile(dir), defaultProtector(dir)), migrationsDir });
  }
  audit = createAuditTrail(vault, { log: quiet });
  audit.followVault();
}

const doc = (id: string, kib = 200) => ({ id, tenant: 'bank-a', pdf: Buffer.concat([pdfWithText(id), randomBytes(kib * 1024)]), signerName: 'Zqxw Full', signedAt: '2026-12-01T09:00:00Z' });

function expectSound(): void {
  expect(integrityCheck(rawVaultDatabase(vault))).toBe('ok');
  const verified = audit.verify();
  expect(verified.ok, verified.reason).toBe(true);
  for (const d of vault.documents()) if (d.state !== 'purged') expect(vault.openDocument(d.id).pdf.length).toBe(d.pdf_bytes);
}

describe.skipIf(!mounted)('a full disk in the vault (real tmpfs)', () => {
  beforeAll(() => {
    disk = mounted!;
  });
  afterEach(() => {
    disk.release();
    vault?.close();
  });
  afterAll(() => disk?.unmount());

  it('during enqueue: refused whole with folder and sizes, nothing half-written; the same document queues once space is back', async () => {
    await freshVault();
    vault.enqueueSignedDocument(doc('first'));
    disk.fill(64 * 1024);
    let err: unknown;
    try {
      vault.enqueueSignedDocument(doc('second'));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DiskFullError);
    expect((err as DiskFullError).folder).toBe(dir);
    expect((err as DiskFullError).neededBytes).toBeGreaterThan(2 * 200 * 1024);
    expect((err as Error).message).toMatch(new RegExp(`^no space left in the storage folder ${dir}: .* free, about .* needed$`));
    // Not at all: no row, no sealed records.
    expect(vault.document('second')).toBeUndefined();
    expect(rawVaultDatabase(vault).prepare("SELECT COUNT(*) AS n FROM records WHERE id = 'second'").get()).toEqual({ n: 0 });
    expectSound();
    disk.release();
    vault.enqueueSignedDocument(doc('second'));
    expect(vault.documents().map((d) => [d.id, d.state])).toEqual([['first', 'queued'], ['second', 'queued']]);
    expectSound();
  });

  describe('during a sync run (radosgw)', () => {
    let s3: TestS3;
    beforeAll(async () => {
      s3 = await freshBucket();
    });
    afterAll(() => s3?.client.destroy());

    it('keeps the confirmations it cannot record, halts, and records them first at the next run: all five synced, none lost', async () => {
      await freshVault();
      for (const id of ['a', 'b', 'c', 'd', 'e']) vault.enqueueSignedDocument(doc(id, 100));
      const sync = createSyncService({ vault, config: { sync: { ...s3.syncConfig(), concurrency: 2 } }, s3ClientConfig: { credentials: s3.credentials } });
      // The disk fills as soon as the first uploads are under way.
      const stop = sync.onProgress((p) => {
        if (p.current.length) {
          stop();
          disk.fill();
        }
      });
      const first = await sync.syncOnce();
      expect(first.errors.join('\n')).toMatch(/no space left in the storage folder/);
      expect(sync.progress().lastError).toMatch(/no space left in the storage folder/);
      expectSound();
      const uploadedFirst = (await s3.list()).filter((k) => k.endsWith('.pdf')).length;
      expect(uploadedFirst).toBeGreaterThan(0);
      // Nothing was marked synced that is not in S3, nothing lost.
      expect(vault.documents().length).toBe(5);

      // Still full: the next run records nothing new and claims nothing.
      const stillFull = await sync.syncOnce();
      expect(stillFull.uploaded).toBe(0);

      disk.release();
      const after = await sync.syncOnce();
      expect(after.errors).toEqual([]);
      expect(vault.documents().map((d) => d.state)).toEqual(['synced', 'synced', 'synced', 'synced', 'synced']);
      expect((await s3.list()).filter((k) => k.endsWith('.pdf'))).toHaveLength(5);
      expectSound();
      const actions = audit.entries().map((e) => e.action);
      expect(actions.filter((a) => a === 'document.synced')).toHaveLength(5);
    });

    it('a station stopped while the disk is full resumes at the next start: re-queued, found in S3, synced once space is back', async () => {
      await freshVault();
      for (const id of ['p', 'q', 'r']) vault.enqueueSignedDocument(doc(id, 100));
      const sync = createSyncService({ vault, config: { sync: { ...s3.syncConfig(), concurrency: 3 } }, s3ClientConfig: { credentials: s3.credentials } });
      const stop = sync.onProgress((p) => {
        if (p.current.length) {
          stop();
          disk.fill();
        }
      });
      await sync.syncOnce();
      const stuck = vault.documents().filter((d) => d.state === 'uploading').length;
      expect(stuck).toBeGreaterThan(0);
      vault.close();
      disk.release();
      // The next start: the vault re-queues what was mid-upload, the next run finds it in S3.
      ({ vault } = await openLocalVault(dir));
      audit = createAuditTrail(vault, { log: quiet });
      audit.followVault();
      expect(vault.documents().some((d) => d.state === 'uploading')).toBe(false);
      const next = await createSyncService({ vault, config: { sync: s3.syncConfig() }, s3ClientConfig: { credentials: s3.credentials } }).syncOnce();
      expect(next.errors).toEqual([]);
      expect(next.alreadyPresent).toBeGreaterThan(0);
      expect(vault.documents().map((d) => d.state)).toEqual(['synced', 'synced', 'synced']);
      expectSound();
    });
  });

  it('during retention: purges what fits, leaves the rest synced and whole, and finishes once space is back', async () => {
    await freshVault();
    const ids = ['r1', 'r2', 'r3'];
    for (const id of ids) vault.enqueueSignedDocument(doc(id, 100));
    vault.claimForUpload(10);
    vault.markSyncedMany(ids);
    const purger = createRetentionPurger({ vault, config: { retentionDays: 0, storageBudgetMiB: 0, retentionByDocumentType: '', purgeOnArchiveReceipt: false, purgeIntervalMinutes: 60 }, audit, log: quiet, clock: () => new Date(Date.now() + 86_400_000) });
    // Fill the disk right after the first purge has been written.
    let purges = 0;
    const off = vault.onTransition((e) => {
      if (e.to === 'purged' && ++purges === 2) disk.fill();
    });
    expect(() => purger.runOnce()).toThrow(DiskFullError);
    off();
    const states = vault.documents().map((d) => d.state);
    expect(states.filter((s) => s === 'purged').length).toBe(1);
    expect(states.filter((s) => s === 'synced').length).toBe(2);
    expectSound();
    disk.release();
    purger.runOnce();
    expect(vault.documents().map((d) => d.state)).toEqual(['purged', 'purged', 'purged']);
    expectSound();
  });

  it('during a migration: rolled back whole, the vault opens unchanged with DiskFullError, and the next start applies it', async () => {
    const migrations = join(disk.dir, `migrations-${randomBytes(3).toString('hex')}`);
    mkdirSync(migrations);
    for (const f of readdirSync(defaultMigrationsDir)) if (/^\d+[-_].+\.sql$/.test(f)) copyFileSync(join(defaultMigrationsDir, f), join(migrations, f));
    await freshVault(migrations);
    vault.enqueueSignedDocument(doc('kept'));
    const versions = () => (rawVaultDatabase(vault).prepare('SELECT version FROM schema_migrations ORDER BY version').all() as { version: number }[]).map((r) => r.version);
    const before = versions();
    vault.close();
    // A migration that needs more room than is left (a new table filled with 3 MB).
    writeFileSync(join(migrations, '990-needs-room.sql'), 'CREATE TABLE roomy (b BLOB); WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 48) INSERT INTO roomy SELECT randomblob(65536) FROM n;');
    disk.fill(1024 * 1024);
    const { openVault } = await import('./vault');
    const { LocalKeyProvider } = await import('./localKeyProvider');
    const { localProviderFile, defaultProtector } = await import('./createKeyProvider');
    const open = () => openVault({ dir, tenant: 'bank-a', stationId: 'station-7', keyProvider: LocalKeyProvider.open(localProviderFile(dir), defaultProtector(dir)), migrationsDir: migrations });
    await expect(open()).rejects.toBeInstanceOf(DiskFullError);
    disk.release();
    vault = await open();
    audit = createAuditTrail(vault, { log: quiet });
    expect(versions()).toEqual([...before, 990]);
    expect(vault.document('kept')?.state).toBe('queued');
    expectSound();
  });
});
