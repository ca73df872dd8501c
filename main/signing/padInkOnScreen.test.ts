import { afterEach, describe, expect, it, vi } from 'vitest';
import type { InkPoint } from '../../native/pen/penSample';
import { ManualScheduler } from '../../native/transport/manualScheduler';
import { SimulatedPenTransport } from '../../native/transport/simulatedPen';
import { issueShapes } from '../../test/support/drawnShapes';
import { stuShapeStream } from '../../test/support/stuShapes';
import { EventHub } from '../contract/eventHub';
import { silentLogger } from '../logging/logger';
import { createPenService } from '../pen/penService';
import { MemoryInbox } from './memoryInbox';
import { createPenInput } from './penInputAdapter';
import { SigningSession } from './signingSession';
import type { DocumentSealer } from './signingPorts';

/**
 * The ink both windows draw from a signature pad: the simulated pen (a virtual STU-530 replaying
 * its own reports through the real pen service and STU profile) into the real session. The pad is
 * 5 : 3, the box about 3 : 1; a shape drawn on the pad must keep its aspect on the screen, as it
 * does in the sealed PDF (main/documents/sealedInkGeometry.test.ts), not be stretched to the box.
 */
const settle = () => new Promise<void>((r) => setImmediate(r));
// Sealing is not what this test looks at: a stand-in behind the port (the real one: main/documents).
const sealer: DocumentSealer = { demoCredentials: true, seal: async ({ pdf }) => ({ pdf, sha256: 'ab'.repeat(32) }) };
// The issue's 1216 × 390 px box on a 1280 × 800 customer screen.
const screen = { width: 1280, height: 800 };
const boxPx = { width: 1216, height: 390 };
const signatureBox = { x: 32 / 1280, y: 300 / 800, width: boxPx.width / screen.width, height: boxPx.height / screen.height };

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

/** Box ink (0..1) measured in the box's pixels: width / height of everything drawn. */
function aspectInBox(strokes: InkPoint[][]): number {
  const points = strokes.flat();
  const xs = points.map((p) => p.x * boxPx.width);
  const ys = points.map((p) => p.y * boxPx.height);
  return (Math.max(...xs) - Math.min(...xs)) / (Math.max(...ys) - Math.min(...ys));
}

describe('pad ink on the customer screen and the teller mirror', () => {
  const shapes = issueShapes({ width: 108, height: 64.8 }, 0.4);
  it.each(shapes.map((s) => s.name))('%s drawn on the pad keeps its aspect in the box (within 2 percent), centred, inside it', async (name) => {
    const shape = shapes.find((s) => s.name === name)!;
    const stream = stuShapeStream([shape.points]);
    const scheduler = new ManualScheduler();
    const replay = new SimulatedPenTransport({ streams: [stream], scheduler, loop: false });
    const service = createPenService({ transports: [], simulated: () => replay, scheduler, hotPlugIntervalMs: 10_000 });
    await service.start();
    const pen = createPenInput(service);
    const events = new EventHub();
    const published: InkPoint[][] = [];
    events.subscribe((name, payload) => {
      if (name === 'ink.points') published.push(...(payload as { strokes: InkPoint[][] }).strokes);
    });
    const inbox = new MemoryInbox();
    const session = new SigningSession({ inbox, pen, sealer, events, log: silentLogger, place: 'Vilnius', store: { store: async () => undefined }, branding: { name: 'Test Bank' }, consentNotices: { en: { title: 'Privacy', body: 'Privacy' } } });
    close = async () => {
      session.close();
      await service.stop();
    };
    const item = await inbox.add({ source: 'file', title: 'Contract', pdf: new Uint8Array([37, 80, 68, 70]), pageCount: 1 });
    await session.start({ requestId: item.id, signerName: 'A B', requireReadToEnd: false });
    session.sendToCustomer();
    session.customerViewChanged({ page: 1, scrollFraction: 0, zoom: 1, pagesSeen: [1], signatureBox, screen });
    session.readDone();
    session.consent('en');
    session.customerViewChanged({ page: 1, scrollFraction: 0, zoom: 1, pagesSeen: [1], signatureBox, screen });
    await settle();

    await scheduler.advance(stream.reports.at(-1)!.t + 100, settle);
    const ink = session.currentInk().strokes;
    expect(ink.flat().length).toBeGreaterThan(100);
    // Stretched to the box (the old mapping) this would be shape.aspect × (1216/390) / (108/64.8) ≈ 1.87 × too wide.
    expect(Math.abs(aspectInBox(ink) / shape.aspect - 1)).toBeLessThan(0.02);
    // The pad's centre is the box's centre, and nothing leaves the box.
    const xs = ink.flat().map((p) => p.x);
    const ys = ink.flat().map((p) => p.y);
    expect((Math.min(...xs) + Math.max(...xs)) / 2).toBeCloseTo(0.5, 2);
    expect((Math.min(...ys) + Math.max(...ys)) / 2).toBeCloseTo(0.5, 2);
    expect(Math.min(...xs, ...ys)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs, ...ys)).toBeLessThanOrEqual(1);
    // The teller's mirror draws what was published (within a frame): the same points.
    await vi.waitFor(() => expect(published.flat()).toEqual(ink.flat()));
  });
});
