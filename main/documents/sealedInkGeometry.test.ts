import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { afterAll, describe, expect, it } from 'vitest';
import { penLayoutsOf } from '../../native/hid/descriptor/penFieldExtraction';
import { parseReportDescriptor } from '../../native/hid/descriptor/reportDescriptorParser';
import type { PenDeviceInfo } from '../../native/pen/penSample';
import { ManualScheduler } from '../../native/transport/manualScheduler';
import { SimulatedPenTransport, type SimulatedStream } from '../../native/transport/simulatedPen';
import { issueShapes, type DrawnShape, type Polyline } from '../../test/support/drawnShapes';
import { buildReport } from '../../test/support/hidReports';
import { stuShapeStream } from '../../test/support/stuShapes';
import { measureSealedInk } from '../../test/support/sealedInk';
import type { BiometricRecord } from '../pen/biometricRecord';
import { createPenService } from '../pen/penService';
import { parseIso19794_7 } from '../pen/iso19794_7';
import { sharedDataPath } from '../config/sharedData';
import { extractBiometrics } from './extractBiometrics';
import { closePdfParser } from './inspectPdf';
import { signPdf } from './signPdf';
import { demoCredentials } from '../../test/support/documentTestKit';
import { AsHardware } from '../../test/support/asHardware';

/**
 * The drawn shape survives end to end, for the sources the station reads itself: a wide rectangle
 * (3.8 : 1) and a circle, drawn in millimetres on the device, turned into the device's own input
 * reports, read by the real pen service (the real HID descriptor parser, the real STU profile),
 * sealed into a PDF, and measured on the rendered PDF (test/support/sealedInk.ts), in the sealed
 * biometric record's raw samples and in its ISO/IEC 19794-7 channels.
 */
afterAll(() => closePdfParser());

const settle = () => new Promise<void>((r) => setImmediate(r));
const credentials = demoCredentials();
const escrowPrivateKey = () => readFileSync(join(credentials.storageDir, 'escrow-holder', 'DEMO-escrow-private-key.pem'), 'utf8');

/** Plays one stream through the real pen service (as hardware or as the simulated pen) and returns its record. */
async function capture(stream: SimulatedStream, as: 'usb-hid' | 'simulated'): Promise<BiometricRecord> {
  const scheduler = new ManualScheduler();
  const replay = new SimulatedPenTransport({ streams: [stream], scheduler, loop: false });
  const service = createPenService(as === 'usb-hid'
    ? { transports: [new AsHardware(replay)], fallbackToSimulated: false, scheduler, hotPlugIntervalMs: 10_000 }
    : { transports: [], simulated: () => replay, scheduler, hotPlugIntervalMs: 10_000 });
  await service.start();
  await service.beginCapture();
  await scheduler.advance(stream.reports.at(-1)!.t + 100, settle);
  const record = await service.endCapture();
  await service.stop();
  return record;
}

/** With INK_GEOMETRY_DIR set, the sealed PDFs are kept there (and the measured ratios listed) for a person to look at. */
function keepForLooking(name: string, pdf: Uint8Array, ratio: number) {
  const dir = process.env.INK_GEOMETRY_DIR;
  if (!dir) return;
  writeFileSync(join(dir, `${name.replace(/\W+/g, '-')}.pdf`), pdf);
  appendFileSync(join(dir, 'ratios.txt'), `${name}\tsealed/drawn aspect ${ratio.toFixed(4)}\n`);
}

async function seal(record: BiometricRecord): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.addPage([595, 842]);
  const { pdf } = await signPdf({
    pdf: await doc.save(), record, signer: { name: 'Geometry Test' }, place: 'Vilnius', signedAt: new Date('2026-12-02T10:00:00Z'),
    placement: { page: 0, rect: [150, 500, 450, 620] }, sealer: credentials.sealer, escrowPublicKeyPem: credentials.escrowPublicKeyPem,
  });
  return pdf;
}

/** The aspect of the tip-down raw samples in millimetres, from the device's own ranges and size. */
function recordAspectMm(record: BiometricRecord): number {
  const d = record.device;
  const down = record.samples.filter((s) => s.tip);
  const extent = (v: number[]) => Math.max(...v) - Math.min(...v);
  const w = (extent(down.map((s) => s.x)) * d.widthMm!) / (d.xRange[1] - d.xRange[0]);
  const h = (extent(down.map((s) => s.y)) * d.heightMm!) / (d.yRange[1] - d.yRange[0]);
  return w / h;
}

/** The aspect as an ISO/IEC 19794-7 reader sees it: pen-down X and Y extents over each channel's units per metre. */
function isoAspect(iso: Uint8Array): number {
  const parsed = parseIso19794_7(iso);
  const down = parsed.points.filter((p) => p.get('S') !== 0);
  const extent = (c: 'X' | 'Y') => Math.max(...down.map((p) => p.get(c)!)) - Math.min(...down.map((p) => p.get(c)!));
  return extent('X') / parsed.channels.get('X')!.scaling! / (extent('Y') / parsed.channels.get('Y')!.scaling!);
}

async function expectShapeKept(record: BiometricRecord, shape: DrawnShape) {
  expect(recordAspectMm(record)).toBeCloseTo(shape.aspect, 1);
  const pdf = await seal(record);
  const ink = await measureSealedInk(pdf);
  keepForLooking(`${record.device.source}-${shape.name}`, pdf, ink.aspect / shape.aspect);
  expect(ink.hole, `${shape.name}: the loop stays open`).toBeDefined();
  expect(Math.abs(ink.aspect / shape.aspect - 1), `${shape.name}: sealed ${ink.aspect.toFixed(3)}, drawn ${shape.aspect.toFixed(3)}`).toBeLessThan(0.02);
  const [sealed] = await extractBiometrics(pdf, escrowPrivateKey());
  expect(Math.abs(recordAspectMm(sealed.payload.record) / shape.aspect - 1)).toBeLessThan(0.02);
  expect(Math.abs(isoAspect(Buffer.from(sealed.payload.iso19794_7!, 'base64')) / shape.aspect - 1), `${shape.name}: ISO record`).toBeLessThan(0.02);
}

// A pen display whose raw units are not square: 32767 × 32767 over 256 × 144 mm (report 7).
const xpPen = sharedDataPath('hid-descriptors/XP-Pen_Artist_13.3_Pro');
if (!xpPen) console.warn('skipped: ../shared/data/hid-descriptors is absent; the HID replay geometry test needs the real XP-Pen descriptor');

describe.skipIf(!xpPen)('HID replay (real XP-Pen Artist 13.3 Pro descriptor, generic digitizer parser)', () => {
  const descriptor = xpPen ? new Uint8Array(readFileSync(join(xpPen, '0003:28BD:091F.001B.hid.bin'))) : new Uint8Array();
  const layout = xpPen ? penLayoutsOf(parseReportDescriptor(descriptor)).find((l) => l.widthMm && l.heightMm)! : undefined;

  const stream = (shape: DrawnShape): SimulatedStream => {
    const f = layout!.fields;
    const raw = (mm: number, spec: typeof f.x, sizeMm: number) => Math.round(spec!.logicalMin + (mm / sizeMm) * (spec!.logicalMax - spec!.logicalMin));
    const report = (p: [number, number], tip: boolean) => buildReport(layout!, {
      x: raw(p[0], f.x, layout!.widthMm!), y: raw(p[1], f.y, layout!.heightMm!), tip: tip ? 1 : 0, inRange: 1, pressure: tip ? Math.round(f.pressure!.logicalMax * 0.5) : 0,
    });
    const reports = [...shape.points.map((p) => report(p, true)), report(shape.points.at(-1)!, false)];
    return {
      device: { id: 'replay:xp-pen', vendorId: 0x28bd, productId: 0x091f, product: 'XP-Pen Artist 13.3 Pro (replay)', reportDescriptor: descriptor },
      reports: reports.map((data, i) => ({ t: i * 4, data, device: 0 })),
      label: `${shape.name} on the XP-Pen`,
    };
  };

  it.each(xpPen ? issueShapes({ width: 256, height: 144 }, 0.5).map((s) => [s.name, s] as const) : [])('%s: the sealed PDF, the record and the ISO record keep the drawn aspect', async (_name, shape) => {
    expect(layout!.widthMm! / layout!.heightMm!).not.toBeCloseTo(1, 1); // not a square surface: a stretch would show
    const record = await capture(stream(shape), 'usb-hid');
    expect(record.device).toMatchObject<Partial<PenDeviceInfo>>({ source: 'usb-hid', profile: 'generic-digitizer', widthMm: layout!.widthMm, heightMm: layout!.heightMm });
    expect(record.samples.filter((s) => s.tip).length).toBe(shape.points.length);
    await expectShapeKept(record, shape);
  });
});

describe('the simulated pen (a virtual STU-530 replaying 0x34 reports through the STU profile)', () => {
  const stream = stuShapeStream;

  it.each(issueShapes({ width: 108, height: 64.8 }, 0.4).map((s) => [s.name, s] as const))('%s: the sealed PDF, the record and the ISO record keep the drawn aspect', async (_name, shape) => {
    const record = await capture(stream([shape.points]), 'simulated');
    expect(record.device).toMatchObject({ source: 'simulated', profile: 'wacom-stu', widthMm: 108, heightMm: 64.8 });
    await expectShapeKept(record, shape);
  });

  it('small loops stay open: a wide signature (16 : 1) with 1.6 mm loops, pressed hard, keeps every loop open in the PDF', async () => {
    // One stroke along a baseline 100 mm long that rises eight times into a 1.6 mm loop and comes
    // back down (an "l" in small handwriting), as firm as the pad measures.
    const stroke: Polyline = [];
    let x = 4;
    const to = (tx: number, ty: number, from: [number, number]) => {
      const n = Math.ceil(Math.hypot(tx - from[0], ty - from[1]) / 0.25);
      for (let i = 1; i <= n; i++) stroke.push([from[0] + ((tx - from[0]) * i) / n, from[1] + ((ty - from[1]) * i) / n]);
    };
    stroke.push([x, 12]);
    for (let k = 0; k < 8; k++) {
      const cx = 14 + k * 11;
      to(cx, 12, [x, 12]);
      to(cx, 7.8, [cx, 12]);
      for (let i = 1; i <= 40; i++) stroke.push([cx + 0.8 * Math.sin((2 * Math.PI * i) / 40), 7 + 0.8 * Math.cos((2 * Math.PI * i) / 40)]);
      to(cx, 12, [cx, 7.8]);
      x = cx;
    }
    to(104, 12, [x, 12]);
    const record = await capture(stream([stroke], 1000), 'simulated');
    const pdf = await seal(record);
    const ink = await measureSealedInk(pdf);
    keepForLooking('simulated-small-loops', pdf, ink.aspect / (100 / 5.8));
    // Each loop's centre, as a fraction of the drawn extent (x 4..104, y 6.2..12), is free of ink.
    const open = Array.from({ length: 8 }, (_, k) => ink.isClear((14 + k * 11 - 4) / 100, (7 - 6.2) / 5.8));
    expect(open).toEqual(Array(8).fill(true));
  });
});
