import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStationProcess, type RunningStation } from '../../test/support/stationProcess';
import { openStationSocket, windowOf } from '../../test/support/stationSocket';

/** A stroke the customer's page would send (Pointer Events, box coordinates). */
function stroke(): unknown[] {
  return Array.from({ length: 40 }, (_, i) => {
    const nx = 0.1 + i * 0.02;
    const ny = 0.5 + 0.2 * Math.sin(i / 4);
    // 20 ms apart: 0.8 s, as a hand writes (a 0.2 s flick is refused as too quick).
    return { t: 1000 + i * 20, x: nx * 600, y: ny * 200, pressure: 0.6, nx, ny, np: 0.6, inRange: true, tip: i < 39, buttons: 0 };
  });
}

/**
 * The customer window may stop only a signing that is on its screen. It could
 * cancel a session the teller had merely prepared (its screen idle: an outside request became
 * cancelled and its webhook went out) and, on the thank-you screen, drop the teller's sealed copy.
 * The real `station serve`, both windows over their WebSockets, as the pages (or a crafted
 * message with the customer's token) send them.
 */
describe('customer.cancel on the real station (browser mode)', () => {
  let station: RunningStation;
  let teller: Awaited<ReturnType<typeof openStationSocket>>;
  let customer: Awaited<ReturnType<typeof openStationSocket>>;
  const ok = async (who: typeof teller, name: string, payload: unknown = {}) => {
    const r = await who.call(name, payload);
    expect(r, name).toMatchObject({ ok: true });
    return r.payload;
  };

  beforeAll(async () => {
    station = await startStationProcess();
    const t = windowOf(station.tellerUrl);
    const c = windowOf(station.customerUrl);
    teller = await openStationSocket(t.origin, t);
    customer = await openStationSocket(c.origin, c);
    await Promise.all([teller.welcomed(), customer.welcomed()]);
    await ok(teller, 'auth.signIn', { username: 'demo', secret: '1234' });
  });
  afterAll(async () => {
    teller?.ws.close();
    customer?.ws.close();
    expect(await station?.stop()).toBe(0);
  });

  it('refuses while the session is only prepared, and the request stays in the queue', async () => {
    const { id } = await ok(teller, 'inbox.addDemo');
    await ok(teller, 'session.start', { requestId: id, signerName: 'Astrid Lindqvist', requireReadToEnd: false });
    expect((await ok(customer, 'customer.session')).state).toBe('idle');
    expect(await customer.call('customer.cancel')).toMatchObject({ ok: false, error: { code: 'bad-state' } });
    expect((await ok(teller, 'session.current')).state).toBe('prepared');
    expect((await ok(teller, 'inbox.list')).find((i: { id: string }) => i.id === id).status).not.toBe('cancelled');
    await ok(teller, 'session.cancel', { reason: 'test over' });
  });

  it('stops a signing on the customer screen (what the Stop button is for)', async () => {
    const { id } = await ok(teller, 'inbox.addDemo');
    await ok(teller, 'session.start', { requestId: id, signerName: 'Astrid Lindqvist', requireReadToEnd: false });
    await ok(teller, 'session.sendToCustomer');
    expect((await ok(customer, 'customer.session')).state).toBe('reading');
    await ok(customer, 'customer.cancel');
    // The customer's stop ends this attempt only: the document stays prepared for the teller.
    expect(await ok(teller, 'session.current')).toMatchObject({ state: 'prepared', lastStop: { by: 'customer' } });
    expect((await ok(customer, 'customer.session')).state).toBe('idle');
    await ok(teller, 'session.cancel', { reason: 'The customer left' });
    expect((await ok(teller, 'session.current')).state).toBe('idle');
  });

  it('refuses on the thank-you screen: the teller keeps the sealed copy', async () => {
    const { id } = await ok(teller, 'inbox.addDemo');
    await ok(teller, 'session.start', { requestId: id, signerName: 'Astrid Lindqvist', requireReadToEnd: false });
    await ok(teller, 'session.sendToCustomer');
    await ok(customer, 'customer.readDone');
    await ok(customer, 'customer.consent', { agreed: true, language: 'en' });
    await ok(customer, 'customer.penSamples', { source: 'pointer-events', samples: stroke() });
    await ok(customer, 'customer.confirmSignature');
    await expect.poll(async () => (await ok(teller, 'session.current')).state, { timeout: 60_000 }).toBe('done');
    expect(await customer.call('customer.cancel')).toMatchObject({ ok: false, error: { code: 'bad-state' } });
    expect((await ok(teller, 'session.current')).state).toBe('done');
    expect((await ok(teller, 'session.signedPdf')).bytes.byteLength).toBeGreaterThan(1000);
    await ok(teller, 'session.finish');
  });
});
