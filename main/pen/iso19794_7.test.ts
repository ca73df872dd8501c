import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PenSample } from '../../native/pen/penSample';
import type { BiometricRecord } from './biometricRecord';
import { Iso19794FormatError, decodeIso19794_7, decodeScaling, encodeIso19794_7, encodeScaling, parseIso19794_7 } from './iso19794_7';
import { sharedDataPath } from '../config/sharedData';
import { readSvc2004File } from './svc2004';

function sample(i: number, over: Partial<PenSample> = {}): PenSample {
  const x = 1000 + i * 7;
  const y = 2000 + ((i * 13) % 300);
  const pressure = i % 10 === 9 ? 0 : 100 + i;
  return {
    t: 5000 + i * 5, x, y, pressure,
    nx: x / 10000, ny: y / 6000, np: pressure / 1023,
    inRange: true, tip: pressure > 0, buttons: i % 17 === 0 ? 1 : 0,
    tiltX: -30 + (i % 60), tiltY: 12.5,
    ...over,
  };
}

const record = (samples: PenSample[], device: Partial<BiometricRecord['device']> = {}): BiometricRecord => ({
  device: { source: 'wacom-stu', profile: 'wacom-stu', xRange: [0, 10000], yRange: [0, 6000], pressureRange: [0, 1023], widthMm: 200, heightMm: 120, ...device },
  samples,
  gaps: [{ fromT: 5100, toT: 5200, reason: 'reports-lost', lostReports: 3 }],
  capturedAt: '2026-11-26T05:00:00.000Z',
});

describe('ISO/IEC 19794-7 codec', () => {
  it('writes the 2007 full-format header and the X, Y, T, F, S, TX, TY channels', () => {
    const bytes = encodeIso19794_7(record([sample(0), sample(1)]));
    expect([...bytes.subarray(0, 8)]).toEqual([0x53, 0x44, 0x49, 0, 0x20, 0x31, 0x30, 0]);
    const inclusion = (bytes[8] << 8) | bytes[9];
    expect(inclusion).toBe((1 << 15) | (1 << 14) | (1 << 8) | (1 << 6) | (1 << 5) | (1 << 4) | (1 << 3));
    const parsed = parseIso19794_7(bytes);
    expect(parsed.points).toHaveLength(2);
    // X scaling is units per metre: 10000 units over 200 mm.
    expect(parsed.channels.get('X')!.scaling).toBeCloseTo(50000, -2);
    expect(parsed.channels.get('T')!.scaling).toBe(10000);
    expect(parsed.points[1].get('T')).toBe(50); // 5 ms in 0.1 ms units
    expect(parsed.points[0].get('TX')).toBe(-3000);
  });

  it('round-trips a record with hover, buttons, tilt and gaps', () => {
    const samples = Array.from({ length: 400 }, (_, i) => sample(i, i === 50 ? { inRange: false, tip: false, pressure: 0 } : {}));
    for (const s of samples) s.np = s.pressure / 1023;
    const rec = record(samples);
    const back = decodeIso19794_7(encodeIso19794_7(rec));
    expect(back.device).toEqual(rec.device);
    expect(back.gaps).toEqual(rec.gaps);
    expect(back.capturedAt).toBe(rec.capturedAt);
    expect(back.samples.length).toBe(samples.length);
    for (let i = 0; i < samples.length; i++) {
      const a = samples[i];
      const b = back.samples[i];
      expect([b.t, b.x, b.y, b.pressure, b.tip, b.inRange, b.buttons, b.tiltX, b.tiltY]).toEqual([a.t, a.x, a.y, a.pressure, a.tip, a.inRange, a.buttons, a.tiltX, a.tiltY]);
      expect(b.nx).toBeCloseTo(a.x / 10000, 9);
    }
  });

  it('scales wide or very fine ranges and long signatures into 16-bit values', () => {
    const samples = Array.from({ length: 100 }, (_, i) => sample(i, { x: i * 699, t: i * 1000 })); // 99 s
    // A Cintiq-like 69920 units over 349.6 mm (0.005 mm per unit): finer than the format can say.
    const rec = record(samples, { xRange: [0, 69920], widthMm: 349.6 });
    const parsed = parseIso19794_7(encodeIso19794_7(rec));
    expect(parsed.channels.get('X')!.scaling).toBeLessThanOrEqual(65535);
    const back = decodeIso19794_7(encodeIso19794_7(rec));
    expect(back.device.widthMm).toBe(349.6);
    for (let i = 0; i < samples.length; i++) {
      expect(Math.abs(back.samples[i].x - samples[i].x)).toBeLessThanOrEqual(69920 / 349.6 / 65);
      expect(Math.abs(back.samples[i].t - samples[i].t)).toBeLessThanOrEqual(10);
    }
  });

  it('keeps the precision of Pointer Events records (fractional CSS pixels, pressure 0..1)', () => {
    const samples = Array.from({ length: 50 }, (_, i) => sample(i, { x: 100.37 + i * 3.21, y: 50.5 + i * 0.77, pressure: i % 7 ? 0.1234 + i / 100 : 0, t: 1000.25 + i * 4.1667 }));
    for (const s of samples) s.tip = s.pressure > 0;
    const rec = record(samples, { source: 'pointer-events', profile: 'pointer-events:pen', xRange: [0, 800], yRange: [0, 400], pressureRange: [0, 1], widthMm: undefined, heightMm: undefined });
    const back = decodeIso19794_7(encodeIso19794_7(rec));
    back.samples.forEach((b, i) => {
      const a = samples[i];
      expect(Math.abs(b.x - a.x)).toBeLessThan(0.1);
      expect(Math.abs(b.y - a.y)).toBeLessThan(0.1);
      expect(Math.abs(b.pressure - a.pressure)).toBeLessThan(1e-4);
      expect(Math.abs(b.t - a.t)).toBeLessThanOrEqual(0.05);
      expect(b.tip).toBe(a.tip);
    });
  });

  it('says X and Y in one unit per metre from the capture surface: pixels alike on both axes, millimetres per axis', () => {
    const samples = [sample(0, { x: 0, y: 0 }), sample(1, { x: 1216, y: 390 })];
    const scaling = (rec: BiometricRecord) => {
      const ch = parseIso19794_7(encodeIso19794_7(rec)).channels;
      return { x: ch.get('X')!.scaling!, y: ch.get('Y')!.scaling!, xMax: ch.get('X')!.max!, yMax: ch.get('Y')!.max! };
    };
    // The Pointer Events box of the issue: 1216 × 390 CSS pixels; a reader measuring in metres sees 1216 : 390.
    const px = scaling(record(samples, { source: 'pointer-events', profile: 'pointer-events:mouse', xRange: [0, 1216], yRange: [0, 390], pressureRange: [0, 1], widthMm: undefined, heightMm: undefined, widthPx: 1216, heightPx: 390 }));
    expect(px.xMax / px.x / (px.yMax / px.y)).toBeCloseTo(1216 / 390, 2);
    // Non-square raw units (32767 × 32767 over 256 × 144 mm): each axis its own units per metre.
    const mm = scaling(record(samples, { source: 'usb-hid', profile: 'generic-digitizer', xRange: [0, 32767], yRange: [0, 32767], pressureRange: [0, 8191], widthMm: 256.34, heightMm: 144.14 }));
    expect(mm.xMax / mm.x / (mm.yMax / mm.y)).toBeCloseTo(256.34 / 144.14, 2);
  });

  it('reads a record from a writer that has no station extension', () => {
    const bytes = encodeIso19794_7(record([sample(0), sample(1), sample(2)]));
    const parsed = parseIso19794_7(bytes);
    // Cut the extension off and clear its flag: what another vendor's writer produces.
    const extLen = parsed.extendedData!.length + 2;
    const foreign = bytes.slice(0, bytes.length - extLen);
    const flagAt = foreign.length - 3 - 3 * 7 * 2 - 1;
    expect(foreign[flagAt]).toBe(1);
    foreign[flagAt] = 0;
    const rec = decodeIso19794_7(foreign);
    expect(rec.device.profile).toBe('iso19794-7-import');
    expect(rec.device.widthMm).toBeCloseTo(200, 0);
    expect(rec.samples.map((s) => [s.x, s.y, s.t, s.tip])).toEqual([[1000, 2000, 0, true], [1007, 2013, 5, true], [1014, 2026, 10, true]]);
  });

  it('reads a foreign record timed by DT (delta time) instead of T, without S', () => {
    // Hand-built: X, Y, DT, F; scaling X/Y 1000 units per metre (1 mm), DT 1000 per second (ms).
    const bytes = [0x53, 0x44, 0x49, 0, 0x20, 0x31, 0x30, 0];
    bytes.push(0xc0, 0xc0); // X, Y, DT (bit 7), F (bit 6)
    const scaling1000 = (25 << 11) | Math.round((1000 / 512 - 1) * 2048);
    // X and Y: scaling, minimum 0, maximum 200 (signed channels are stored offset by 32768).
    for (let axis = 0; axis < 2; axis++) bytes.push(0xe0, scaling1000 >> 8, scaling1000 & 0xff, 0x80, 0x00, 0x80, 0xc8);
    bytes.push(0x80, scaling1000 >> 8, scaling1000 & 0xff); // DT: scaling only
    bytes.push(0x00); // F: nothing
    bytes.push(0, 0, 0, 0, 3); // reserved, no extension, 3 points
    const point = (x: number, y: number, dt: number, f: number) => bytes.push((x + 32768) >> 8, (x + 32768) & 0xff, (y + 32768) >> 8, (y + 32768) & 0xff, dt >> 8, dt & 0xff, f >> 8, f & 0xff);
    point(10, 20, 0, 0);
    point(11, 22, 5, 300);
    point(13, 25, 5, 310);
    const rec = decodeIso19794_7(new Uint8Array(bytes));
    expect(rec.samples.map((s) => [s.x, s.y, s.t, s.pressure, s.tip])).toEqual([[10, 20, 0, 0, false], [11, 22, 5, 300, true], [13, 25, 10, 310, true]]);
    expect(rec.device).toMatchObject({ profile: 'iso19794-7-import', xRange: [0, 200], widthMm: 200 });
  });

  it('round-trips the real SVC2004 signatures (azimuth and altitude channels)', async (ctx) => {
    const dir = sharedDataPath('svc2004-task2-dev/Task2');
    if (!dir) {
      ctx.skip('shared data ../shared/data/svc2004-task2-dev is absent');
      return;
    }
    const files = readdirSync(dir).filter((f) => /\.txt$/i.test(f)).slice(0, 40);
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      const rec = await readSvc2004File(join(dir, f));
      const back = decodeIso19794_7(encodeIso19794_7(rec));
      expect(back.samples.length).toBe(rec.samples.length);
      for (let i = 0; i < rec.samples.length; i++) {
        const [a, b] = [rec.samples[i], back.samples[i]];
        expect([b.x, b.y, b.t, b.pressure, b.tip]).toEqual([a.x, a.y, a.t, a.pressure, a.tip]);
        expect(b.azimuth).toBeCloseTo(a.azimuth ?? 0, 2);
        expect(b.altitude).toBeCloseTo(a.altitude ?? 0, 2);
      }
    }
  });

  it('encodes scaling values in the 16-bit float', () => {
    for (const v of [1, 10, 100, 1000, 10000, 65000, 0.5, 3.3]) expect(decodeScaling(encodeScaling(v)) / v).toBeCloseTo(1, 3);
    expect(encodeScaling(1)).toBe(16 << 11);
  });

  it('refuses malformed input with a clear error, never anything else', () => {
    const good = encodeIso19794_7(record([sample(0), sample(1)]));
    expect(() => decodeIso19794_7(new Uint8Array([1, 2, 3]))).toThrow(Iso19794FormatError);
    expect(() => decodeIso19794_7(good.slice(0, 30))).toThrow(/truncated|declares/);
    const badVersion = good.slice();
    badVersion[5] = 0x32;
    expect(() => decodeIso19794_7(badVersion)).toThrow(/version/);
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) & 0xff;
    for (let n = 0; n < 500; n++) {
      const junk = good.slice();
      for (let k = 0; k < 4; k++) junk[8 + (rand() % (junk.length - 8))] = rand();
      try {
        decodeIso19794_7(junk.subarray(0, 8 + (rand() % (junk.length - 8))));
      } catch (err) {
        expect(err).toBeInstanceOf(Iso19794FormatError);
      }
    }
  });
});
