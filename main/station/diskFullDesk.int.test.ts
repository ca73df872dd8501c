import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mountSmallDisk, type SmallDisk } from '../../test/support/smallDisk';
import { stationConfigSchema } from '../config/stationConfigSchema';
import { silentLogger } from '../logging/logger';
import { createAuditTrail } from '../privacy/auditTrail';
import { createStation, type Station } from '../station';
import { pointerStroke, stationCaller } from '../../test/support/stationCalls';
import { openStationVault } from '../vault/openStationVault';
import { integrityCheck } from '../vault/vaultDatabase';
import { rawVaultDatabase } from '../../test/support/rawVaultDatabase';

/**
 * A full disk at the desk, on a real 12 MB tmpfs as the storage folder, filled while the customer
 * signs: the audit holds what happened on screen instead of dropping it, the teller is told which
 * folder, how much and what to do, the customer is told gently to wait, the ink stays, and Done
 * after freeing space queues the same signing — with every audit entry written, in order.
 */
const { disk, skipReason } = mountSmallDisk(12);
if (skipReason) console.warn(`diskFullDesk.int.test: ${skipReason}`);

let small: SmallDisk;
let station: Station;
const config = stationConfigSchema.parse({ storage: { dir: join(disk?.dir ?? '/nonexistent', 'station'), freeSpaceMarginMB: 6 }, desk: { reviewSignature: false } });

const call = stationCaller(() => station);
const stroke = pointerStroke;

async function prepareAndSend(): Promise<void> {
  const { id } = await call('teller', 'inbox.addDemo');
  await call('teller', 'session.start', { requestId: id, signerName: 'Zqxw Diskfull', requireReadToEnd: false });
  await call('teller', 'session.sendToCustomer');
}

describe.skipIf(!disk)('a full disk at the desk (real tmpfs)', () => {
  beforeAll(async () => {
    small = disk!;
    station = await createStation(config, silentLogger);
    await call('teller', 'auth.signIn', { username: 'demo', secret: '1234' });
  });
  afterAll(async () => {
    await station?.close().catch(() => undefined);
    small?.unmount();
  });

  it('mid-signature: holds the audit, tells both people, keeps the ink, and Done after freeing space queues it', async () => {
    await prepareAndSend();
    await call('customer', 'customer.view', { page: 2, scrollFraction: 1, zoom: 1, pagesSeen: [1, 2] });
    small.fill();
    // What happens on screen now cannot be written: held in memory, in order, not dropped.
    await call('customer', 'customer.readDone');
    await call('customer', 'customer.consent', { agreed: true, language: 'sv' });
    await call('customer', 'customer.penSamples', { source: 'pointer-events', samples: stroke() });
    const status = await call('teller', 'station.status');
    expect(status.storage).toMatchObject({ level: 'full', dir: config.storage.dir });
    expect(status.storage.heldAuditEntries).toBeGreaterThanOrEqual(2);
    expect(status.storage.message).toContain('nothing was lost');

    const failed = await call('customer', 'customer.confirmSignature').catch((e) => e);
    expect(failed.code).toBe('disk-full');
    const teller = await call('teller', 'session.current');
    expect(teller.state).toBe('signing');
    expect(teller.error).toMatch(new RegExp(`^No space left in the storage folder ${config.storage.dir}: .* free, about .* needed\\. Nothing was lost: the signature stays on the customer screen and nothing was stored\\. Free space on this disk, then ask the customer to press Done again\\.$`));
    const customer = await call('customer', 'customer.session');
    expect(customer).toMatchObject({ state: 'signing', notice: 'disk-full' });
    expect(customer.inkPointCount).toBeGreaterThanOrEqual(39);

    small.release();
    await call('customer', 'customer.confirmSignature');
    const done = await call('teller', 'session.current');
    expect(done.state).toBe('done');
    expect((await call('teller', 'station.status')).storage).toMatchObject({ level: 'ok', heldAuditEntries: 0 });
    await call('teller', 'session.finish');
  });

  it('refuses a new signing while one document would not fit, in words, and starts it once space is back', async () => {
    const { id } = await call('teller', 'inbox.addDemo');
    const need = (await call('teller', 'station.status')).storage.oneDocumentBytes as number;
    small.fill(Math.floor(need / 2));
    const refused = await call('teller', 'session.start', { requestId: id, signerName: 'Zqxw Second', requireReadToEnd: false }).catch((e) => e);
    expect(refused.code).toBe('disk-full');
    expect(refused.words).toMatch(/^No space left in the storage folder .*: .* free, about .* needed\. Nothing was lost: no signing was started\. Free space on this disk, then start the signing again\.$/);
    expect((await call('teller', 'session.current')).state).toBe('idle');
    expect((await call('teller', 'station.status')).storage.level).toBe('full');
    small.release();
    expect((await call('teller', 'session.start', { requestId: id, signerName: 'Zqxw Second', requireReadToEnd: false })).state).toBe('prepared');
    await call('teller', 'session.cancel', { reason: 'test done' });
  });

  it('leaves the vault intact, the document queued once, and the audit trail without a gap', async () => {
    await station.close();
    const vault = await openStationVault(config);
    try {
      expect(integrityCheck(rawVaultDatabase(vault))).toBe('ok');
      expect(vault.documents().map((d) => d.state)).toEqual(['queued']);
      const audit = createAuditTrail(vault, { log: silentLogger });
      const verified = audit.verify();
      expect(verified.ok, verified.reason).toBe(true);
      const actions = audit.entries().map((e) => e.action);
      // The held entries were written first, before the document that followed them.
      const i = actions.indexOf('consent.shown');
      expect(actions.slice(i, i + 2)).toEqual(['consent.shown', 'signing.started']);
      expect(actions.indexOf('document.queued')).toBeGreaterThan(actions.indexOf('signing.started'));
      expect(actions).toContain('signing.completed');
      expect(actions.at(-1)).toBe('station.stopped');
      const held = audit.entries().find((e) => e.action === 'signing.started')!;
      expect((audit.openPayload(held.seq) as { details: { happenedAt?: string } }).details.happenedAt).toMatch(/^\d{4}-/);
    } finally {
      vault.close();
    }
  });
});
