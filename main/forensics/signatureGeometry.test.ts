import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pointerEventDeviceInfo, pointerEventSamples, type SurfaceRect } from '../../native/pointer/pointerEventSamples';
import type { BiometricRecord } from '../pen/biometricRecord';
import { decodeIso19794_7, encodeIso19794_7 } from '../pen/iso19794_7';
import { sharedDataPath } from '../config/sharedData';
import { readSvc2004File } from '../pen/svc2004';
import { compareWithReferences, enrolSignatures } from './signatureComparison';

/**
 * Comparison by shape, not by box: the same hand in a wide signature box and in a square one (the
 * station keeps the drawn aspect in its records, so the box only changes the scale and the offset),
 * and on a digitizer whose units are not square, must compare as the same signature.
 */

const TASK2 = sharedDataPath('svc2004-task2-dev/Task2');
if (!TASK2) console.warn('signatureGeometry.test: skipping: ../shared/data/svc2004-task2-dev is absent (see ../shared/README.md)');
const read = (u: number, s: number) => readSvc2004File(join(TASK2!, `U${u}S${s}.TXT`));

/** The signature as Pointer Events in a box of the given size: fitted uniformly, centred, y down; then sealed and read back as ISO 19794-7. */
function writtenInBox(record: BiometricRecord, width: number, height: number): BiometricRecord {
  const xs = record.samples.map((s) => s.x), ys = record.samples.map((s) => s.y);
  const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const k = 0.9 * Math.min(width / (maxX - minX), height / (maxY - minY));
  const surface: SurfaceRect = { left: 40, top: 25, width, height };
  const offX = (width - k * (maxX - minX)) / 2, offY = (height - k * (maxY - minY)) / 2;
  const samples = record.samples.flatMap((s) =>
    pointerEventSamples(
      {
        pointerId: 1, pointerType: 'pen', buttons: s.tip || s.pressure > 0 ? 1 : 0, pressure: s.np, timeStamp: s.t,
        clientX: surface.left + offX + (s.x - minX) * k,
        clientY: surface.top + offY + (s.y - minY) * k, // as the SVC2004 reader: y grows downwards
      },
      surface,
    ),
  );
  const captured: BiometricRecord = { device: pointerEventDeviceInfo(surface), samples, gaps: [], capturedAt: '2026-01-01T00:00:00Z' };
  return decodeIso19794_7(encodeIso19794_7(captured));
}

/** The signature on a digitizer with 10 000 × 10 000 units over a 200 × 100 mm surface (y units half as tall as x units). */
function onNonSquareUnits(record: BiometricRecord): BiometricRecord {
  const mm = 0.0254 * 10; // SVC2004 (Intuos) units are 0.01 inch ≈ 0.254 mm … scale is irrelevant, shape is not
  const samples = record.samples.map((s) => {
    const x = Math.round(s.x * mm * 50); // 50 units per mm across
    const y = Math.round(s.y * mm * 100); // 100 units per mm down
    return { ...s, x, y, nx: x / 10000, ny: y / 10000 };
  });
  return { ...record, samples, device: { ...record.device, xRange: [0, 10000], yRange: [0, 10000], widthMm: 200, heightMm: 100 } };
}

/**
 * A box's capture as a source reports it in 0..10 000 raw units on both axes (a pad or HID bridge
 * with a fixed logical range) while the record states the box's pixels: one raw y unit is then
 * height/width times as tall as one raw x unit (captureSurface's geometry), and the raw numbers
 * alone would stretch a wide signature into a square.
 */
function reportedInFixedRange(boxed: BiometricRecord): BiometricRecord {
  const width = boxed.device.xRange[1] - boxed.device.xRange[0], height = boxed.device.yRange[1] - boxed.device.yRange[0];
  const samples = boxed.samples.map((s) => {
    const x = Math.round(((s.x - boxed.device.xRange[0]) / width) * 10000), y = Math.round(((s.y - boxed.device.yRange[0]) / height) * 10000);
    return { ...s, x, y };
  });
  return { ...boxed, samples, device: { ...boxed.device, xRange: [0, 10000], yRange: [0, 10000], widthPx: width, heightPx: height } };
}

describe.skipIf(!TASK2)('signatures compare by shape, not by the box they were written in (SVC2004 U12)', () => {
  it('a wide-box signature matches square-box references as the square-box one does, and forgeries stay out', async () => {
    const references = await Promise.all([1, 2, 3, 4, 5].map(readU12));
    const writer = enrolSignatures(references.map((r) => writtenInBox(r, 300, 300)));
    for (const s of [11, 14, 17, 21, 25]) {
      const original = await readU12(s);
      const square = compareWithReferences(writer, writtenInBox(original, 300, 300)).score;
      const wide = compareWithReferences(writer, writtenInBox(original, 640, 160)).score;
      const tall = compareWithReferences(writer, writtenInBox(original, 160, 400)).score;
      expect(Math.abs(wide - square), `U12S${s} wide vs square`).toBeLessThan(0.15);
      expect(Math.abs(tall - square), `U12S${s} tall vs square`).toBeLessThan(0.15);
    }
    const genuine = compareWithReferences(writer, writtenInBox(await readU12(12), 640, 160));
    const forgery = compareWithReferences(writer, writtenInBox(await readU12(22), 640, 160));
    expect(genuine.score).toBeGreaterThan(forgery.score);

    async function readU12(s: number) {
      return readSvc2004File(join(TASK2!, `U12S${s}.TXT`));
    }
  });

  it('a wide box reported in fixed raw units (0..10 000 on both axes) still matches square-box references: its stated pixels give the shape', async () => {
    const references = await Promise.all([1, 2, 3, 4, 5].map((s) => read(12, s)));
    const writer = enrolSignatures(references.map((r) => writtenInBox(r, 300, 300)));
    const genuine: number[] = [];
    for (const s of [11, 14, 17]) {
      const original = await read(12, s);
      const square = compareWithReferences(writer, writtenInBox(original, 300, 300)).score;
      const wide = compareWithReferences(writer, reportedInFixedRange(writtenInBox(original, 640, 160)));
      expect(Math.abs(wide.score - square), `U12S${s} wide (fixed range) vs square`).toBeLessThan(0.15);
      expect(wide.consistent, `U12S${s} is accepted in the wide box`).toBe(true);
      genuine.push(wide.score);
    }
    const forgery = compareWithReferences(writer, reportedInFixedRange(writtenInBox(await read(12, 22), 640, 160))).score;
    expect(Math.min(...genuine)).toBeGreaterThan(forgery);
  });

  it('a digitizer whose units are not square gives the same comparison as square units', async () => {
    const references = await Promise.all([1, 2, 3, 4, 5].map((s) => read(12, s)));
    const writer = enrolSignatures(references);
    for (const s of [11, 15, 22]) {
      const original = await read(12, s);
      const same = compareWithReferences(writer, original).score;
      const stretchedUnits = compareWithReferences(writer, onNonSquareUnits(original)).score;
      expect(Math.abs(stretchedUnits - same), `U12S${s}`).toBeLessThan(0.15);
    }
  });
});
