import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { mountSmallDisk } from '../../test/support/smallDisk';
import { DiskFullError } from '../vault/diskSpace';
import { openLocalVault, pdfWithText } from '../../test/support/vaultFixtures';
import { createAuditTrail } from './auditTrail';
import { openAuditReserve } from './auditReserveJournal';
import { AuditHeldError, holdAuditWhenDiskFull } from './pendingAudit';

/**
 * The fail-closed audit on a real full disk (tmpfs): what already happened is held, in order, and
 * written first; a new action whose entry cannot be written does not happen; no gap afterwards.
 */
const { disk, skipReason } = mountSmallDisk(12);
if (skipReason) console.warn(`pendingAudit.int.test: ${skipReason}`);
const quiet = { info() {}, warn() {} };

describe.skipIf(!disk)('pending audit on a full disk (real tmpfs)', () => {
  afterAll(() => disk?.unmount());

  it('holds what happened, refuses what would happen, and writes the held entries first when space returns', async () => {
    const { vault } = await openLocalVault(join(disk!.dir, 'v'));
    try {
      const audit = createAuditTrail(vault, { log: quiet });
      audit.followVault();
      const pending = holdAuditWhenDiskFull(audit, { log: quiet, inTransaction: () => vault.sql.inTransaction, retryMs: 60_000 });
      audit.append({ actor: 'station', action: 'station.started', from: 'test' });
      disk!.fill();

      pending.appendOrHold({ actor: 'anna', action: 'signing.started', from: 'desk', subject: 'Zqxw Held', details: { session: 's1' } });
      pending.appendOrHold({ actor: 'station', action: 'pen.disconnected', from: 'desk' });
      expect(pending.held()).toBe(2);
      // A new action fails closed: its own entry (after the held ones) cannot be written.
      expect(() => audit.append({ actor: 'anna', action: 'sign-in', from: 'desk' })).toThrow(DiskFullError);
      // Inside a transaction (a document transition) nothing may overtake the held entries.
      disk!.release();
      expect(() => vault.enqueueSignedDocument({ id: 'doc-1', tenant: 'bank-a', pdf: pdfWithText('doc-1') })).toThrow(AuditHeldError);
      expect(vault.document('doc-1')).toBeUndefined();
      expect(pending.held()).toBe(2);

      // Space is back: the next write outside a transaction writes the held entries first.
      pending.flush();
      vault.enqueueSignedDocument({ id: 'doc-1', tenant: 'bank-a', pdf: pdfWithText('doc-1') });
      expect(audit.entries().map((e) => e.action)).toEqual(['station.started', 'signing.started', 'pen.disconnected', 'document.signed', 'document.queued']);
      const held = audit.entries()[1];
      expect(audit.openPayload(held.seq)).toMatchObject({ subject: 'Zqxw Held', details: { session: 's1', happenedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) } });
      const verified = audit.verify();
      expect(verified.ok, verified.reason).toBe(true);
      pending.close();
    } finally {
      vault.close();
    }
  });

  it('retries by itself: held entries are written when space returns, without another write to carry them', async () => {
    const { vault } = await openLocalVault(join(disk!.dir, 'v2'));
    try {
      const audit = createAuditTrail(vault, { log: quiet });
      const pending = holdAuditWhenDiskFull(audit, { log: quiet, inTransaction: () => vault.sql.inTransaction, retryMs: 50 });
      audit.append({ actor: 'station', action: 'station.started', from: 'test' });
      disk!.fill();
      pending.appendOrHold({ actor: 'customer', action: 'consent.shown', from: 'desk' });
      expect(pending.held()).toBe(1);
      disk!.release();
      await expect.poll(() => pending.held(), { timeout: 20_000 }).toBe(0);
      expect(audit.entries().map((e) => e.action)).toEqual(['station.started', 'consent.shown']);
      pending.close();
    } finally {
      vault.close();
    }
  });

  it('a reserve journal too small for what is held falls back to the memory hold, and says so', async () => {
    const { vault } = await openLocalVault(join(disk!.dir, 'v3'));
    const warned: string[] = [];
    const log = { info() {}, warn: (m: string) => void warned.push(m) };
    try {
      const audit = createAuditTrail(vault, { log });
      const reserve = openAuditReserve(vault, { log, bytes: 400 })!;
      const pending = holdAuditWhenDiskFull(audit, { log, inTransaction: () => vault.sql.inTransaction, transaction: (fn) => vault.transaction(fn), reserve, retryMs: 60_000 });
      audit.append({ actor: 'station', action: 'station.started', from: 'test' });
      disk!.fill();
      pending.appendOrHold({ actor: 'anna', action: 'one', from: 'desk', details: { pad: 'x'.repeat(100) } });
      pending.appendOrHold({ actor: 'anna', action: 'two', from: 'desk', details: { pad: 'x'.repeat(100) } });
      expect(pending.held()).toBe(2);
      expect(reserve.read().entries.map((e) => e.entry.action)).toEqual(['one']);
      expect(warned.some((m) => m.startsWith('audit: the reserve journal is full'))).toBe(true);
      disk!.release();
      pending.flush();
      expect(audit.entries().map((e) => e.action)).toEqual(['station.started', 'one', 'two']);
      expect(reserve.read().entries).toEqual([]);
      pending.close();
      reserve.close();
    } finally {
      vault.close();
    }
  });
});
