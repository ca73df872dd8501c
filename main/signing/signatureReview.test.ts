import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PenSample } from '../../native/pen/penSample';
import type { DocumentSealer } from './signingPorts';
import { sessionUnderTest } from '../../test/support/sessionUnderTest';
import { idlePen } from '../../test/support/idlePen';
import type { SigningSessionOptions } from './signingSessionOptions';

const sealedSamples: number[] = [];
const sealer: DocumentSealer = { demoCredentials: true, seal: async ({ pdf, record }) => (sealedSamples.push(record?.samples.length ?? 0), { pdf: new Uint8Array([...pdf, 1]), sha256: 'ab'.repeat(32) }) };
// One A4 page with the station's default place: the box the customer signs is its shape.
const places = { find: async () => ({ pages: [{ box: [0, 0, 595, 842] as [number, number, number, number], rotate: 0 }], fields: [], default: { kind: 'box' as const, page: 1, rect: [100, 100, 300, 150] as [number, number, number, number], chosenBy: 'default' as const } }) };
const minimums = { durationMs: 300, points: 20, strokes: 1, extent: 0.1, thickness: 0.05 };

/** A wave across the box over `ms`: a signature by the rule's measures. */
function wave(ms = 1500, n = 80): PenSample[] {
  return Array.from({ length: n }, (_, i) => {
    const nx = 0.1 + (0.8 * i) / n, ny = 0.5 + Math.sin(i / 4) * 0.3;
    return { t: (i * ms) / n, x: nx * 900, y: ny * 300, pressure: 0.5, nx, ny, np: 0.5, inRange: true, tip: i < n - 1, buttons: 0 };
  });
}
/** A flat line: enough points and time, no height. */
const flatLine = (): PenSample[] => wave().map((s) => ({ ...s, ny: 0.5, y: 150 }));

async function setup(o: Partial<SigningSessionOptions> = {}) {
  const { inbox, session, stored, published } = sessionUnderTest({ sealer, places, signatureMinimums: minimums, reviewSignature: true, farewellMs: 3000, ...o });
  const item = await inbox.add({ source: 'file', title: 'Loan', pdf: new Uint8Array([37, 80, 68, 70]), pageCount: 1 });
  await session.start({ requestId: item.id, signerName: 'Rūta Kazlauskienė', requireReadToEnd: false });
  session.sendToCustomer();
  session.readDone();
  session.consent('lt');
  const lastCustomerView = () => published.filter((p) => p.name === 'customer.sessionChanged').at(-1)!.payload;
  return { session, stored, published, lastCustomerView };
}

describe('the signature after Done: refused below the minimums, reviewed in its place', () => {
  afterEach(() => vi.useRealTimers());

  it('refuses a flat line: ink cleared, the customer and the teller told why, still signing', async () => {
    const { session, stored, published } = await setup();
    session.clientSamples(flatLine(), 'pointer-events');
    await expect(session.confirmSignature()).rejects.toMatchObject({ code: 'signature-refused' });
    expect(session.customerView()).toMatchObject({ state: 'signing', signatureRefusal: 'too-simple', inkPointCount: 0 });
    expect(session.tellerView()).toMatchObject({ state: 'signing', signatureRefusal: 'too-simple' });
    expect(published.some((p) => p.name === 'ink.cleared')).toBe(true);
    expect(stored).toHaveLength(0);
    // The next try is taken; the refusal goes as soon as the customer draws again.
    session.clientSamples(wave(), 'pointer-events');
    expect(session.customerView().signatureRefusal).toBeUndefined();
    expect(session.tellerView().signatureRefusal).toBeUndefined();
    await session.confirmSignature();
    expect(session.customerView().state).toBe('review');
    expect(session.customerView().signatureRefusal).toBeUndefined();
  });

  it('shows the signature for review with its place; confirm seals, sign again empties the box', async () => {
    const { session, stored } = await setup();
    session.clientSamples(wave(), 'pointer-events');
    await session.confirmSignature();
    expect(session.customerView()).toMatchObject({ state: 'review', place: { page: 1, rect: [100, 100, 300, 150] } });
    expect(session.currentInk().strokes.flat().length).toBeGreaterThan(20);
    // Nothing drawn while the customer looks enters the signature.
    session.clientSamples(wave(), 'pointer-events');
    expect(session.customerView().inkPointCount).toBe(79);
    session.signAgain();
    expect(session.customerView()).toMatchObject({ state: 'signing', inkPointCount: 0 });
    await expect(session.acceptSignature()).rejects.toMatchObject({ code: 'bad-state' });
    session.clientSamples(wave(2000), 'pointer-events');
    await session.confirmSignature();
    await session.acceptSignature();
    expect(stored).toHaveLength(1);
    // Only the second try is sealed, whole.
    expect(sealedSamples.at(-1)).toBe(80);
    expect(session.customerView().state).toBe('done');
  });

  it("ends a device's record once, at Done; a second Done is refused; the record sealed is the device's", async () => {
    let ended = 0;
    const record = { device: { source: 'usb-hid' as const, profile: 'pad', xRange: [0, 1] as [number, number], yRange: [0, 1] as [number, number], pressureRange: [0, 1] as [number, number] }, samples: wave(), gaps: [], capturedAt: '2026-01-01T00:00:00Z' };
    let samplesOf: ((s: PenSample[], source: 'usb-hid') => void) | undefined;
    const pen = { ...idlePen, onSamples: (l: any) => ((samplesOf = l), () => undefined), endCapture: async () => (ended++, record as any) };
    const { session } = await setup({ pen });
    samplesOf!(wave(), 'usb-hid');
    await Promise.all([session.confirmSignature(), session.confirmSignature().catch((e) => e)]);
    expect(ended).toBe(1);
    expect(session.customerView().state).toBe('review');
    await session.acceptSignature();
    expect(sealedSamples.at(-1)).toBe(80);
  });

  it('without the review Done seals at once; without minimums anything drawn is taken', async () => {
    const { session, stored } = await setup({ reviewSignature: false, signatureMinimums: undefined });
    session.clientSamples(flatLine(), 'pointer-events');
    await session.confirmSignature();
    expect(stored).toHaveLength(1);
  });

  it('the teller may stop or cancel during the review; the customer reads why, then the welcome', async () => {
    vi.useFakeTimers();
    const { session } = await setup();
    session.clientSamples(wave(), 'pointer-events');
    await session.confirmSignature();
    session.stopAttempt('wrong person', 'teller');
    expect(session.customerView()).toMatchObject({ state: 'idle', farewell: 'taken-back', document: undefined });
    expect(session.tellerView().farewell).toBe('taken-back');
    vi.advanceTimersByTime(3001);
    expect(session.customerView().farewell).toBeUndefined();
    session.sendToCustomer();
    session.readDone();
    session.setLanguage('de');
    await session.cancel('customer left', 'teller');
    // In the customer's language, though the screen's language is back to the default for the next one.
    expect(session.customerView()).toMatchObject({ state: 'idle', farewell: 'cancelled', language: 'de' });
    vi.advanceTimersByTime(3001);
    expect(session.customerView()).toMatchObject({ farewell: undefined, language: 'en' });
  });

  it('the question open on the customer screen is in both views and closes with the step', async () => {
    const { session } = await setup();
    session.setDialog('stop');
    expect(session.customerView().dialog).toBe('stop');
    expect(session.tellerView().dialog).toBe('stop');
    session.setDialog(null);
    expect(session.customerView().dialog).toBeUndefined();
    session.setDialog('stop');
    session.stopAttempt('the customer stopped on their screen', 'customer');
    expect(session.customerView()).toMatchObject({ state: 'idle', dialog: undefined, farewell: undefined });
    expect(() => session.setDialog('stop')).toThrow(/no step/);
    // The calibration belongs to the welcome screen, and leaves when a document comes.
    session.calibration(true, { step: 2, finished: false });
    expect(session.tellerView().calibration).toEqual({ step: 2, finished: false });
    session.sendToCustomer();
    expect(session.customerView().calibration).toBeUndefined();
  });
});
