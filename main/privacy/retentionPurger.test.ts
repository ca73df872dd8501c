import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openLocalVault, pdfWithText, tempDir } from '../../test/support/vaultFixtures';
import type { Vault } from '../vault/vault';
import { createAuditTrail, type AuditTrail } from './auditTrail';
import { createRetentionPurger, parseRetentionByType, type RetentionConfig } from './retentionPurger';

const quiet = { info() {}, warn() {} };
const day = 86_400_000;

describe('retention purge with a fake clock on a real vault', () => {
  let tmp: ReturnType<typeof tempDir>;
  let vault: Vault;
  let audit: AuditTrail;
  let now: Date;
  const config: RetentionConfig = { retentionDays: 30, storageBudgetMiB: 0, retentionByDocumentType: 'loan=3650,receipt=0', purgeOnArchiveReceipt: true, purgeIntervalMinutes: 60 };

  beforeEach(async () => {
    tmp = tempDir('retention-');
    ({ vault } = await openLocalVault(tmp.dir));
    audit = createAuditTrail(vault, { log: quiet });
    audit.followVault();
  });
  afterEach(() => {
    vault.close();
    tmp.remove();
  });

  function store(id: string, documentType?: string, pdf = pdfWithText(id)) {
    vault.enqueueSignedDocument({ id, tenant: 'bank-a', pdf, signerName: 'Someone', metadata: documentType ? { documentType } : {} });
  }
  function sync(id: string) {
    const [claimed] = vault.claimForUpload(1);
    expect(claimed.id).toBe(id);
    vault.markSynced(id);
    return Date.parse(vault.document(id)!.synced_at!);
  }
  const state = (id: string) => vault.document(id)!.state;

  it('purges exactly when the policy says, per document type, and never before sync or under hold', () => {
    store('plain');
    store('loan-1', 'loan');
    store('receipt-1', 'receipt');
    store('held');
    store('unsynced');
    const syncedAt = sync('plain');
    sync('loan-1');
    sync('receipt-1');
    sync('held');
    vault.keepDocument('held', 'court order');
    now = new Date(syncedAt + 30 * day - 1);
    const purger = createRetentionPurger({ vault, config, audit, clock: () => now, log: quiet });
    // A type with 0 days goes at once; nothing else yet.
    expect(purger.runOnce().purged.map((p) => p.documentId)).toEqual(['receipt-1']);
    expect(state('plain')).toBe('synced');
    // Thirty days after its sync, to the millisecond (documents synced later wait their own turn).
    now = new Date(Date.parse(vault.document('plain')!.synced_at!) + 30 * day);
    expect(purger.runOnce().purged).toEqual([{ documentId: 'plain', reason: 'retention: 30 days after sync' }]);
    expect(() => vault.openDocument('plain')).toThrow(/purged/);
    // Years later: the loan goes after ten years, the held and the unsynced never.
    now = new Date(syncedAt + 3649 * day);
    expect(purger.runOnce().purged).toEqual([]);
    now = new Date(syncedAt + 3651 * day);
    expect(purger.runOnce().purged).toEqual([{ documentId: 'loan-1', reason: 'retention: 3650 days after sync (loan)' }]);
    now = new Date(syncedAt + 100_000 * day);
    expect(purger.runOnce().purged).toEqual([]);
    expect([state('held'), state('unsynced')]).toEqual(['kept', 'queued']);
    expect(vault.openDocument('held').pdf.length).toBeGreaterThan(0);
    // Audited: one summary per run with purges, and each purge as a document transition.
    expect(audit.entries().filter((e) => e.action === 'retention.purged')).toHaveLength(3);
    expect(audit.entries().filter((e) => e.action === 'document.purged').map((e) => e.record_id)).toEqual(['receipt-1', 'plain', 'loan-1']);
    expect(audit.verify().ok).toBe(true);
  });

  it('removes a synced document at once when the client archive confirms receipt, but not before sync', () => {
    store('ent-1');
    store('ent-2');
    sync('ent-1');
    now = new Date();
    const purger = createRetentionPurger({ vault, config, audit, clock: () => now });
    purger.confirmArchiveReceipt('ent-1', 'sftp');
    purger.confirmArchiveReceipt('ent-2', 'api');
    expect(purger.runOnce().purged).toEqual([{ documentId: 'ent-1', reason: 'retention: the client archive confirmed receipt' }]);
    expect(state('ent-2')).toBe('queued');
    sync('ent-2');
    expect(purger.runOnce().purged.map((p) => p.documentId)).toEqual(['ent-2']);
    expect(() => purger.confirmArchiveReceipt('nope', 'api')).toThrow(/no document/);
  });

  it('keeps to the storage budget, oldest synced first, and says when the rest is not synced yet', () => {
    // Incompressible PDFs of ~0.6 MiB each: a, b, c synced (in that order), d, e still queued.
    for (const id of ['a', 'b', 'c', 'd', 'e']) store(id, undefined, Buffer.concat([pdfWithText(id), randomBytes(600 * 1024)]));
    for (const id of ['a', 'b', 'c']) sync(id);
    now = new Date();
    const warnings: string[] = [];
    const log = { info() {}, warn: (m: string) => warnings.push(m) };
    // ≈ 3.0 MiB stored, budget 2 MiB: the two oldest synced go, then it fits.
    const two = createRetentionPurger({ vault, config: { ...config, storageBudgetMiB: 2 }, audit, clock: () => now, log }).runOnce();
    expect(two.purged.map((p) => p.documentId)).toEqual(['a', 'b']);
    expect(two).toMatchObject({ waitingForSync: 0 });
    expect(two.storedBytes).toBeLessThanOrEqual(2 * 1024 * 1024);
    // Budget 1 MiB: c goes too, and d, e (≈ 1.2 MiB) stay although over budget: not synced yet.
    const one = createRetentionPurger({ vault, config: { ...config, storageBudgetMiB: 1 }, audit, clock: () => now, log }).runOnce();
    expect(one.purged.map((p) => p.documentId)).toEqual(['c']);
    expect(one.waitingForSync).toBe(2);
    expect([state('d'), state('e')]).toEqual(['queued', 'queued']);
    expect(warnings).toHaveLength(1);
  });

  it('purges a backlog in slices, the schedule continuing until nothing due remains', async () => {
    for (const id of ['r1', 'r2', 'r3', 'r4', 'r5']) {
      store(id, 'receipt');
      sync(id);
    }
    store('recent-1');
    sync('recent-1');
    const purger = createRetentionPurger({ vault, config, audit });
    expect(purger.runOnce({ limit: 2 })).toMatchObject({ purged: [{ documentId: 'r1' }, { documentId: 'r2' }], more: true });
    const stop = purger.start({ sliceSize: 1, pauseMs: 1 });
    expect(state('r3')).toBe('purged');
    await vi.waitFor(() => expect(state('r5')).toBe('purged'));
    stop();
    expect(state('recent-1')).toBe('synced');
    expect(purger.runOnce()).toMatchObject({ purged: [], more: false });
  });

  it('start() purges at once (and on schedule), and a bad rule is a clear error', () => {
    store('x', 'receipt');
    sync('x');
    const stop = createRetentionPurger({ vault, config, audit }).start();
    stop();
    expect(state('x')).toBe('purged');
    expect(() => parseRetentionByType('loan=ten')).toThrow(/not type=days/);
    expect([...parseRetentionByType(' loan=1, kyc=2 ')]).toEqual([['loan', 1], ['kyc', 2]]);
  });
});
