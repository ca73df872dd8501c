import { describe, expect, it, vi } from 'vitest';
import type { PenSample } from '../../native/pen/penSample';
import { EventHub } from '../contract/eventHub';
import { silentLogger } from '../logging/logger';
import { idlePen } from '../../test/support/idlePen';
import { MemoryInbox } from './memoryInbox';
import { SigningSession } from './signingSession';
import type { DocumentSealer, SealRequest } from './signingPorts';

// The sealer is a stand-in behind its port (sealing itself is tested in main/documents); the inbox,
// the event hub and the session are the real ones. The pen counts how often its capture is ended.
const sealed: SealRequest[] = [];
const sealer: DocumentSealer = { demoCredentials: true, seal: async (r) => (sealed.push(r), { pdf: new Uint8Array([...r.pdf, 1]), sha256: 'ab'.repeat(32) }) };
const stroke = (): PenSample[] => Array.from({ length: 20 }, (_, i) => ({ t: i * 5, x: i, y: i, pressure: 0.5, nx: i / 20, ny: 0.5, np: 0.5, inRange: true, tip: i < 19, buttons: 0 }));

async function setup() {
  const inbox = new MemoryInbox();
  const events = new EventHub();
  const published: { name: string; payload: any }[] = [];
  events.subscribe((name, payload) => published.push({ name, payload }));
  const pen = { ...idlePen, endCapture: vi.fn(async () => undefined), clearCapture: vi.fn() };
  const session = new SigningSession({
    inbox, pen, sealer, events, log: silentLogger, place: 'Vilnius',
    store: { store: async () => undefined },
    branding: { name: 'Test Bank' },
  });
  const item = await inbox.add({ source: 'file', title: 'Loan contract', pdf: new Uint8Array([37, 80, 68, 70]), pageCount: 1 });
  return { inbox, session, item, published, pen };
}

const identification = { idType: 'passport' as const, lastDigits: '4821', checkedBy: 'demo' };

describe('corrections without losing the document', () => {
  it("stopping an attempt drops the ink and samples at once and keeps the document prepared", async () => {
    const { session, item, inbox, published, pen } = await setup();
    await session.start({ requestId: item.id, signerName: 'Wrong Person', requireReadToEnd: false, identification });
    session.sendToCustomer();
    session.readDone();
    session.consent('en');
    session.clientSamples(stroke(), 'pointer-events');
    expect(session.currentInk().strokes.flat().length).toBeGreaterThan(0);

    const view = session.stopAttempt('Wrong signer', 'teller');
    expect(view).toMatchObject({ state: 'prepared', lastStop: { by: 'teller', reason: 'Wrong signer' } });
    expect(session.customerView()).toMatchObject({ state: 'idle', sessionId: 'none', inkPointCount: 0 });
    expect(session.currentInk().strokes).toEqual([]);
    expect(pen.endCapture).toHaveBeenCalledTimes(1);
    expect(published.some((e) => e.name === 'ink.cleared')).toBe(true);
    // The document is still the teller's, on screen for nobody else, its bytes kept.
    expect(inbox.get(item.id)).toMatchObject({ status: 'in-session' });
    expect(await inbox.pdf(item.id)).toEqual(new Uint8Array([37, 80, 68, 70]));

    // The teller corrects who signs; the right person reads, consents for themselves and signs.
    const corrected = session.correctSigner({ name: 'Astrid Lindqvist', identification: { ...identification, lastDigits: '7730' } });
    expect(corrected).toMatchObject({ signerName: 'Astrid Lindqvist', identification: { lastDigits: '7730' }, lastCorrection: { fields: ['name', 'identification'] } });
    session.sendToCustomer();
    expect(session.customerView()).toMatchObject({ state: 'reading', signerName: 'Astrid Lindqvist' });
    session.readDone();
    expect(session.customerView().state).toBe('consent');
    session.consent('en');
    // Nothing of the first attempt is left to seal: Done needs new ink.
    await expect(session.confirmSignature()).rejects.toThrow(/sign in the box first/);
    session.clientSamples(stroke(), 'pointer-events');
    sealed.length = 0;
    await session.confirmSignature();
    expect(sealed.map((r) => r.signerName)).toEqual(['Astrid Lindqvist']);
    expect(session.tellerView().state).toBe('done');
  });

  it("the customer's own stop keeps the document; the teller then discards it, and only then is it gone", async () => {
    const { session, item, inbox } = await setup();
    await session.start({ requestId: item.id, signerName: 'A B', requireReadToEnd: false });
    session.sendToCustomer();
    session.stopAttempt('the customer stopped on their screen', 'customer');
    expect(session.tellerView()).toMatchObject({ state: 'prepared', lastStop: { by: 'customer' } });
    expect(inbox.get(item.id)?.status).toBe('in-session');
    await session.cancel('Wrong document', 'teller');
    expect(session.tellerView()).toMatchObject({ state: 'idle', lastCancel: { by: 'teller', reason: 'Wrong document' } });
    expect(session.tellerView().lastStop).toBeUndefined();
    expect(inbox.get(item.id)).toBeUndefined();
  });

  it('a prepared signing goes back to the queue as it was; another can be prepared meanwhile', async () => {
    const { session, item, inbox } = await setup();
    await session.start({ requestId: item.id, signerName: 'A B', requireReadToEnd: false });
    expect(session.returnToQueue().state).toBe('idle');
    expect(inbox.get(item.id)?.status).toBe('waiting');
    await session.start({ requestId: item.id, signerName: 'A B', requireReadToEnd: false });
    const other = await inbox.add({ source: 'demo', title: 'Other', pdf: new Uint8Array([37]), pageCount: 1 });
    // Preparing another over a prepared one gives the first back to the queue.
    await session.start({ requestId: other.id, signerName: 'C D', requireReadToEnd: false });
    expect(inbox.get(item.id)?.status).toBe('waiting');
  });

  it('refuses corrections on the customer screen, of staff, and of someone who already signed', async () => {
    const { session, item } = await setup();
    await session.start({ requestId: item.id, signerName: 'A B', requireReadToEnd: false });
    session.sendToCustomer();
    expect(() => session.correctSigner({ name: 'C D' })).toThrow(/only while the signing is prepared/);
    expect(() => session.returnToQueue()).toThrow(/take it back/);
    session.takeBack();
    expect(() => session.correctSigner({ signerKey: 'nobody', name: 'C D' })).toThrow(/no such signer/);
    expect(session.tellerView().signerName).toBe('A B');
    expect(() => session.stopAttempt('x', 'teller')).toThrow(/no attempt on the customer screen/);
  });
});
