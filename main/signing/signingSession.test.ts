import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PenSample } from '../../native/pen/penSample';
import type { SigningSession } from './signingSession';
import { sessionUnderTest } from '../../test/support/sessionUnderTest';

// The inbox and the event hub are the real ones; the pen and the sealer are stand-ins behind the same ports (sessionUnderTest).

function scribble(): PenSample[] {
  return Array.from({ length: 20 }, (_, i) => ({ t: i * 5, x: i, y: i, pressure: 0.5, nx: i / 20, ny: 0.5, np: 0.5, inRange: true, tip: i < 19, buttons: 0 }));
}

async function setup() {
  const { inbox, session, published, stored } = sessionUnderTest({
    consentNotices: { en: { title: 'Privacy at Test Bank', body: 'Test Bank AB, controller, records your signature…' } },
    doneScreenMs: 5000,
    inactivityTimeoutMs: 60_000,
    defaultLanguage: 'sv',
  });
  const item = await inbox.add({ source: 'file', title: 'Loan / contract', pdf: new Uint8Array([37, 80, 68, 70]), pageCount: 1 });
  return { inbox, session, item, published, stored };
}

async function signToDone(session: SigningSession, requestId: string) {
  await session.start({ requestId, signerName: 'Rūta Kazlauskienė', requireReadToEnd: false });
  session.sendToCustomer();
  session.readDone();
  session.consent('lt');
  session.clientSamples(scribble(), 'pointer-events');
  await session.confirmSignature();
}

describe('signing session: the end of a session on both screens', () => {
  afterEach(() => vi.useRealTimers());

  it('keeps the sealed copy for the teller after the customer screen has gone back to idle, until finish', async () => {
    vi.useFakeTimers();
    const { session, item, stored } = await setup();
    await signToDone(session, item.id);
    expect(stored).toHaveLength(1);
    expect(session.customerView()).toMatchObject({ state: 'done', signerName: 'Rūta Kazlauskienė' });
    expect(session.signedPdf().fileName).toBe('Loan  contract (signed).pdf');
    vi.advanceTimersByTime(5001);
    const customer = session.customerView();
    expect(customer).toMatchObject({ state: 'idle', sessionId: 'none', inkPointCount: 0 });
    expect(customer.document).toBeUndefined();
    expect(customer.signerName).toBeUndefined();
    expect(session.tellerView()).toMatchObject({ state: 'done', customerState: 'idle' });
    expect(session.signedPdf().pdf.at(-1)).toBe(1);
    expect(session.finish().state).toBe('idle');
    expect(() => session.signedPdf()).toThrow(/no signed document/i);
  });

  it('shows the tenant notice, in English when the chosen language has none', async () => {
    const { session, item } = await setup();
    await session.start({ requestId: item.id, signerName: 'A B', requireReadToEnd: false });
    session.setLanguage('sv');
    expect(session.customerView().consentNotice?.title).toBe('Privacy at Test Bank');
  });

  it('a cancel says who and why to the teller, wipes ink and the request, and shows idle to the customer', async () => {
    const { session, item, inbox, published } = await setup();
    await session.start({ requestId: item.id, signerName: 'A B', requireReadToEnd: false });
    session.sendToCustomer();
    session.readDone();
    session.consent('en');
    session.clientSamples(scribble(), 'pointer-events');
    await session.cancel('the customer changed their mind', 'teller');
    expect(session.tellerView()).toMatchObject({ state: 'idle', lastCancel: { by: 'teller', reason: 'the customer changed their mind' } });
    expect(session.customerView()).toMatchObject({ state: 'idle', inkPointCount: 0, sessionId: 'none' });
    expect(inbox.get(item.id)).toBeUndefined();
    expect(published.some((e) => e.name === 'ink.cleared')).toBe(true);
    const next = await inbox.add({ source: 'demo', title: 'Next', pdf: new Uint8Array([37]), pageCount: 1 });
    await session.start({ requestId: next.id, signerName: 'C D', requireReadToEnd: false });
    expect(session.tellerView().lastCancel).toBeUndefined();
  });

  it('a request withdrawn at its origin while on screen ends the session for both screens', async () => {
    const { session, item, inbox } = await setup();
    await session.start({ requestId: item.id, signerName: 'A B', requireReadToEnd: false });
    session.sendToCustomer();
    await inbox.cancel(item.id);
    expect(session.tellerView()).toMatchObject({ state: 'idle', lastCancel: { by: 'origin' } });
    expect(session.customerView().state).toBe('idle');
  });

  it('cancels by itself when the customer screen is left alone, and the next customer starts in the default language', async () => {
    vi.useFakeTimers();
    const { session, item, inbox } = await setup();
    await session.start({ requestId: item.id, signerName: 'A B', requireReadToEnd: false });
    session.sendToCustomer();
    session.setLanguage('de');
    vi.advanceTimersByTime(59_000);
    session.customerViewChanged({ page: 1, scrollFraction: 0.5, zoom: 1, pagesSeen: [] });
    vi.advanceTimersByTime(59_000);
    expect(session.tellerView().state).toBe('reading');
    vi.advanceTimersByTime(1001);
    await vi.waitFor(() => expect(session.tellerView()).toMatchObject({ state: 'idle', lastCancel: { by: 'timeout' } }));
    expect(session.customerView()).toMatchObject({ state: 'idle', language: 'sv' });
    expect(inbox.get(item.id)).toBeUndefined();
  });
});
