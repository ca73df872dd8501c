import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sharedDataPath } from '../../main/config/sharedData';
import { penLayoutsOf, type PenFieldSpec } from '../hid/descriptor/penFieldExtraction';
import { parseReportDescriptor } from '../hid/descriptor/reportDescriptorParser';
import { buildReport } from '../../test/support/hidReports';
import type { DecodeErrorKind } from '../hid/decode/penReportDecoder';
import { GenericDigitizerDecoder, toDegrees } from './genericDigitizer';

const root = sharedDataPath('hid-descriptors');
if (!root) console.warn('shared data ../shared/data/hid-descriptors is absent: real-descriptor decode tests skipped');

function penDescriptors(): [string, Uint8Array][] {
  if (!root) return [];
  const out: [string, Uint8Array][] = [];
  for (const dir of readdirSync(root)) {
    if (!statSync(join(root, dir)).isDirectory()) continue;
    for (const f of readdirSync(join(root, dir)).filter((f) => f.endsWith('.bin'))) {
      const bytes = new Uint8Array(readFileSync(join(root, dir, f)));
      if (bytes.length && penLayoutsOf(parseReportDescriptor(bytes)).length) out.push([`${dir}/${f}`, bytes]);
    }
  }
  return out;
}

const mid = (s: PenFieldSpec) => Math.round((s.logicalMin + s.logicalMax) / 3);

describe('generic digitizer decoder', () => {
  it.each(penDescriptors())('%s: every pen report decodes to the values put in', (_name, bytes) => {
    const decoder = new GenericDigitizerDecoder(bytes);
    for (const layout of penLayoutsOf(parseReportDescriptor(bytes))) {
      const f = layout.fields;
      const values = {
        x: mid(f.x!), y: mid(f.y!), pressure: f.pressure ? mid(f.pressure) : undefined,
        tip: 1, inRange: 1, barrel: 1, eraser: 0, tiltX: f.tiltX ? f.tiltX.logicalMin + 3 : undefined, tiltY: f.tiltY ? mid(f.tiltY) : undefined,
        twist: f.twist ? mid(f.twist) : undefined,
      };
      const s = decoder.decode(buildReport(layout, values), 1000)!;
      expect(s, `report ${layout.reportId}`).toBeDefined();
      expect([s.x, s.y, s.pressure, s.tip, s.inRange]).toEqual([values.x, values.y, values.pressure ?? 0, f.tip ? true : (values.pressure ?? 0) > 0, true]);
      expect(s.buttons & 1).toBe(f.barrel ? 1 : 0);
      if (f.tiltX) expect(s.tiltX).toBeCloseTo(toDegrees(f.tiltX, f.tiltX.logicalMin + 3), 9);
      expect(s.nx).toBeCloseTo((values.x - f.x!.logicalMin) / (f.x!.logicalMax - f.x!.logicalMin), 9);
    }
    expect(decoder.stats.errors.truncated + decoder.stats.errors['unknown-report-id']).toBe(0);
  });

  it.skipIf(!root)('converts tilt to degrees and runs on the device clock (Scan Time), across wraps', () => {
    const bytes = new Uint8Array(readFileSync(join(root!, 'Wacom_DTH134/0003:056A:03EC.0002.hid.bin')));
    const layout = penLayoutsOf(parseReportDescriptor(bytes))[0];
    const decoder = new GenericDigitizerDecoder(bytes);
    expect(decoder.device).toMatchObject({ xRange: [0, 29376], widthMm: 293.76 });
    // Tilt -9000..9000 in 0.01° units.
    const a = decoder.decode(buildReport(layout, { x: 1, y: 1, tiltX: -4500, tiltY: 1234, scanTime: 65000 }), 500)!;
    expect([a.tiltX, a.tiltY]).toEqual([-45, 12.34]);
    // Scan Time in 100 µs ticks wraps at 65536: 65000 → 100 is 63.6 ms later, whatever the host says.
    const b = decoder.decode(buildReport(layout, { x: 1, y: 1, scanTime: 100 }), 520)!;
    expect(b.t - a.t).toBeCloseTo(63.6, 6);
    // Pen away for about 6.6 s (more than one 6.5 s wrap): the host clock counts the whole wraps,
    // the device clock still gives the precise time.
    const c = decoder.decode(buildReport(layout, { x: 1, y: 1, scanTime: 200 }), 520 + 6600)!;
    expect(c.t - b.t).toBeCloseTo(10.0 + 6553.6, 6);
    const d = decoder.decode(buildReport(layout, { x: 1, y: 1, scanTime: 300 }), 520 + 6600 + 3 * 6553.6)!;
    expect(d.t - c.t).toBeCloseTo(10.0 + 3 * 6553.6, 6);
  });

  it('survives garbage, truncated reports and unknown report IDs: counted, logged, the session goes on', () => {
    // Report 2: 8 bits of switches, then X, Y (16 bit) and pressure.
    const descriptor = new Uint8Array([
      0x05, 0x0d, 0x09, 0x02, 0xa1, 0x01, 0x85, 0x02, 0x09, 0x42, 0x09, 0x32, 0x15, 0x00, 0x25, 0x01, 0x75, 0x01, 0x95, 0x02, 0x81, 0x02,
      0x95, 0x06, 0x81, 0x03, 0x05, 0x01, 0x09, 0x30, 0x09, 0x31, 0x26, 0xff, 0x0f, 0x75, 0x10, 0x95, 0x02, 0x81, 0x02,
      0x05, 0x0d, 0x09, 0x30, 0x26, 0xff, 0x03, 0x95, 0x01, 0x81, 0x02, 0x85, 0x03, 0x09, 0x01, 0x75, 0x08, 0x95, 0x01, 0x81, 0x02, 0xc0,
    ]);
    const logged: [DecodeErrorKind, string][] = [];
    const decoder = new GenericDigitizerDecoder(descriptor, {}, { events: { onError: (k, m) => logged.push([k, m]) } });
    const good = new Uint8Array([2, 0x03, 0x00, 0x01, 0x00, 0x02, 0x00, 0x02]);
    expect(decoder.decode(good, 1)).toMatchObject({ x: 256, y: 512, pressure: 512, tip: true, inRange: true });
    expect(decoder.decode(new Uint8Array([2, 3, 0]), 2)).toBeUndefined();
    expect(decoder.decode(new Uint8Array([9, 1, 2, 3, 4, 5, 6, 7]), 3)).toBeUndefined();
    expect(decoder.decode(new Uint8Array([]), 4)).toBeUndefined();
    expect(decoder.decode(new Uint8Array([3, 0x55]), 5)).toBeUndefined(); // declared, not a pen: ignored, no error
    // A descriptor that lies: x beyond its logical maximum is kept raw, clamped when normalised, and counted.
    const lying = decoder.decode(new Uint8Array([2, 0x03, 0xff, 0xff, 0, 0, 1, 0]), 6)!;
    expect([lying.x, lying.nx]).toEqual([65535, 1]);
    expect(decoder.stats.errors).toMatchObject({ truncated: 1, 'unknown-report-id': 1, empty: 1, 'out-of-range': 1 });
    expect(decoder.stats.ignored).toBe(1);
    expect(logged.map(([k]) => k)).toEqual(['truncated', 'unknown-report-id', 'empty', 'out-of-range']);
    expect(logged[0][1]).toMatch(/report 2 has 3 bytes/);
    // Pen data is biometric data: no sample values or report bytes in the log.
    expect(logged.some(([, m]) => /65535|\b03 ff\b|\bff ff\b/.test(m))).toBe(false);
    let seed = 3;
    const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) & 0xff;
    for (let n = 0; n < 5000; n++) {
      const junk = new Uint8Array(rand() % 12).map(() => rand());
      if (junk.length) junk[0] = [2, 3, 9][rand() % 3];
      expect(() => decoder.decode(junk, 10 + n)).not.toThrow();
    }
    expect(decoder.decode(good, 99999)).toMatchObject({ x: 256, y: 512 }); // still decoding
  });
});
