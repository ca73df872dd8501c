import { closeSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { openLocalVault, tempDir } from '../../test/support/vaultFixtures';
import { openAuditReserve, reserveBytes, reserveFileName } from './auditReserveJournal';
import { createAuditTrail } from './auditTrail';
import { holdAuditWhenDiskFull } from './pendingAudit';

/**
 * The reserve journal itself (the full-disk and SIGKILL story is diskFullKill.int.test.ts): entries
 * come back in order and sealed, a torn last record is reported (not silently dropped), and the
 * journal is cleared once written. A full reserve on a full disk: pendingAudit.int.test.ts.
 */
const t = tempDir('audit-reserve-');
afterEach(() => t.remove());
const logged: string[] = [];
const log = { info() {}, warn: (m: string) => void logged.push(m) };

it('keeps entries sealed, gives them back in order, and reports a torn last record', async () => {
  const { vault } = await openLocalVault(t.dir);
  try {
    const reserve = openAuditReserve(vault, { log })!;
    expect(statSync(reserve.path).size).toBe(reserveBytes);
    expect(statSync(reserve.path).mode & 0o777).toBe(0o600);
    expect(reserve.append({ actor: 'anna', action: 'signing.started', from: 'desk', subject: 'Zqxw Sealed', details: { session: 's1' } }, '2026-12-02T10:00:00.000Z')).toBe(true);
    expect(reserve.append({ actor: 'station', action: 'pen.disconnected', from: 'desk' }, '2026-12-02T10:00:01.000Z')).toBe(true);
    expect(reserve.append({ actor: 'station', action: 'torn.one', from: 'desk' }, '2026-12-02T10:00:02.000Z')).toBe(true);
    expect(readFileSync(reserve.path).includes(Buffer.from('Zqxw Sealed'))).toBe(false);
    reserve.close();

    // Tear the last record: its last byte never reached the disk.
    const sizes = readFileSync(join(t.dir, reserveFileName));
    let at = 16;
    for (let i = 0; i < 2; i++) at += 16 + sizes.readUInt32BE(at);
    const lastEnd = at + 16 + sizes.readUInt32BE(at);
    const fd = openSync(join(t.dir, reserveFileName), 'r+');
    writeSync(fd, Buffer.from([sizes[lastEnd - 1] ^ 0xff]), 0, 1, lastEnd - 1);
    closeSync(fd);

    const audit = createAuditTrail(vault, { log });
    const again = openAuditReserve(vault, { log })!;
    const pending = holdAuditWhenDiskFull(audit, { log, inTransaction: () => vault.sql.inTransaction, transaction: (fn) => vault.transaction(fn), reserve: again });
    expect(pending.restore()).toBe(2);
    audit.append({ actor: 'station', action: 'station.started', from: 'test' });
    expect(audit.entries().map((e) => e.action)).toEqual(['signing.started', 'pen.disconnected', 'audit.reserve-torn', 'station.started']);
    expect(audit.openPayload(1)).toEqual({ subject: 'Zqxw Sealed', details: { session: 's1', happenedAt: '2026-12-02T10:00:00.000Z' } });
    expect(audit.openPayload(3)).toMatchObject({ details: { offset: at, restored: 2 } });
    expect(logged).toContain('audit: the reserve journal ends in a torn record');
    expect(again.read().entries).toEqual([]);
    again.close();
  } finally {
    vault.close();
  }
});
