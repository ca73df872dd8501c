import { describe, expect, it } from 'vitest';
import { Usage, equivalentUsage, usage } from './hidUsages';
import { penLayoutsOf } from './penFieldExtraction';
import { parseReportDescriptor } from './reportDescriptorParser';

const bytes = (...b: number[]) => new Uint8Array(b);

/** A small pen descriptor written by hand, item by item. */
const penDescriptor = bytes(
  0x05, 0x0d, //       Usage Page (Digitizer)
  0x09, 0x02, //       Usage (Pen)
  0xa1, 0x01, //       Collection (Application)
  0x85, 0x02, //         Report ID (2)
  0x09, 0x20, //         Usage (Stylus)
  0xa1, 0x00, //         Collection (Physical)
  0x09, 0x42, 0x09, 0x44, 0x09, 0x32, // Usage (Tip Switch, Barrel, In Range)
  0x15, 0x00, 0x25, 0x01, 0x75, 0x01, 0x95, 0x03, 0x81, 0x02, // 3 x 1 bit, Input (Var)
  0x95, 0x05, 0x81, 0x03, //   5 bits padding, Input (Const)
  0xa4, //                     Push
  0x05, 0x01, 0x09, 0x30, 0x09, 0x31, // Usage Page (Desktop), X, Y
  0x65, 0x11, 0x55, 0x0d, //   Unit (cm), Unit Exponent (-3 as nibble)
  0x35, 0x00, 0x46, 0x10, 0x27, // Physical 0..10000
  0x27, 0xff, 0xff, 0x00, 0x00, // Logical Maximum 65535 (4 bytes)
  0x75, 0x10, 0x95, 0x02, 0x81, 0x02, // 2 x 16 bit
  0xb4, //                     Pop
  0x0b, 0x30, 0x00, 0x0d, 0x00, // Usage (Digitizer:Tip Pressure), 32-bit extended
  0x26, 0xff, 0x0f, 0x75, 0x0c, 0x95, 0x01, 0x81, 0x02, // 12-bit pressure
  0x75, 0x04, 0x81, 0x03, //   4 bits padding
  0x09, 0x3d, 0x09, 0x3e, //   X/Y Tilt
  0x15, 0xc4, 0x25, 0x3c, //   Logical -60..60 (signed byte)
  0x65, 0x14, 0x55, 0x00, //   Unit (degrees)
  0x75, 0x08, 0x95, 0x02, 0x81, 0x02,
  0xc0, 0xc0,
);

describe('parseReportDescriptor', () => {
  it('lays out fields at their bit offsets with Push/Pop, extended usages and signed ranges', () => {
    const parsed = parseReportDescriptor(penDescriptor);
    expect(parsed.warnings).toEqual([]);
    expect(parsed.usesReportIds).toBe(true);
    const [report] = parsed.reports;
    expect(report).toMatchObject({ kind: 'input', reportId: 2, bitLength: 8 + 32 + 12 + 4 + 16 });
    const [switches, padding, xy, pressure, , tilt] = report.fields;
    expect(switches.usages).toEqual([Usage.tipSwitch, Usage.barrelSwitch, Usage.inRange]);
    expect(padding.flags.constant).toBe(true);
    expect(xy).toMatchObject({ bitOffset: 8, bitSize: 16, count: 2, logicalMax: 65535, physicalMax: 10000, unit: 0x11, unitExponent: -3 });
    // After Pop the unit and page are back to what they were before Push.
    expect(pressure).toMatchObject({ bitOffset: 40, bitSize: 12, unit: 0, unitExponent: 0, usages: [Usage.tipPressure] });
    expect(tilt).toMatchObject({ bitOffset: 56, logicalMin: -60, logicalMax: 60, usages: [Usage.xTilt, Usage.yTilt] });
    expect(tilt.collections.map((c) => c.usage)).toEqual([Usage.pen, Usage.stylus]);
  });

  it('extracts the pen fields with sizes in millimetres', () => {
    const [pen] = penLayoutsOf(parseReportDescriptor(penDescriptor));
    expect(pen.reportId).toBe(2);
    expect(pen.byteLength).toBe(1 + 9);
    expect(Object.keys(pen.fields).sort()).toEqual(['barrel', 'inRange', 'pressure', 'tiltX', 'tiltY', 'tip', 'x', 'y']);
    expect(pen.fields.y).toMatchObject({ bitOffset: 24, bitSize: 16 });
    expect(pen.widthMm).toBe(100);
  });

  it('reads the Windows integrated-pen layout (inches, Push/Pop, tilt in 0.01°) and tells touch from pen', () => {
    const windowsPen = bytes(
      0x05, 0x0d, 0x09, 0x02, 0xa1, 0x01, 0x85, 0x02, 0x09, 0x20, 0xa1, 0x00,
      0x09, 0x42, 0x09, 0x44, 0x09, 0x3c, 0x09, 0x45, 0x15, 0x00, 0x25, 0x01, 0x75, 0x01, 0x95, 0x04, 0x81, 0x02,
      0x95, 0x01, 0x81, 0x03, 0x09, 0x32, 0x81, 0x02, 0x95, 0x02, 0x81, 0x03,
      0x05, 0x01, 0x09, 0x30, 0x75, 0x10, 0x95, 0x01, 0xa4, 0x55, 0x0d, 0x65, 0x13, 0x35, 0x00, 0x46, 0x3a, 0x20, 0x26, 0xf8, 0x52, 0x81, 0x02,
      0x09, 0x31, 0x46, 0x2c, 0x18, 0x26, 0x6c, 0x3e, 0x81, 0x02, 0xb4,
      0x05, 0x0d, 0x09, 0x30, 0x26, 0xff, 0x0f, 0x81, 0x02,
      0x09, 0x3d, 0x09, 0x3e, 0x65, 0x14, 0x55, 0x0e, 0x36, 0xd8, 0xdc, 0x46, 0x28, 0x23, 0x16, 0xd8, 0xdc, 0x26, 0x28, 0x23, 0x95, 0x02, 0x81, 0x02,
      0xc0, 0xc0,
      // A single-touch screen: a "Stylus" inside a Touch Screen application collection is a finger, not a pen.
      0x05, 0x0d, 0x09, 0x04, 0xa1, 0x01, 0x85, 0x03, 0x09, 0x20, 0xa1, 0x00, 0x09, 0x42, 0x09, 0x32, 0x15, 0x00, 0x25, 0x01, 0x75, 0x01, 0x95, 0x02, 0x81, 0x02,
      0x95, 0x06, 0x81, 0x03, 0x05, 0x01, 0x09, 0x30, 0x09, 0x31, 0x26, 0xff, 0x7f, 0x75, 0x10, 0x95, 0x02, 0x81, 0x02, 0xc0, 0xc0,
    );
    const parsed = parseReportDescriptor(windowsPen);
    expect(parsed.warnings).toEqual([]);
    const pens = penLayoutsOf(parsed);
    expect(pens.map((p) => p.reportId)).toEqual([2]);
    const [pen] = pens;
    expect(pen.fields.x).toMatchObject({ bitOffset: 8, bitSize: 16, logicalMax: 21240, physicalMax: 8250, unit: 0x13, unitExponent: -3 });
    expect(pen.fields.y).toMatchObject({ bitOffset: 24, logicalMax: 15980, physicalMax: 6188 });
    // After Pop, pressure has no unit; tilt is in degrees with exponent -2.
    expect(pen.fields.pressure).toMatchObject({ bitOffset: 40, unit: 0, unitExponent: 0, logicalMax: 4095 });
    expect(pen.fields.tiltX).toMatchObject({ bitOffset: 56, logicalMin: -9000, logicalMax: 9000, unit: 0x14, unitExponent: -2 });
    expect([pen.widthMm, pen.heightMm]).toEqual([209.55, 157.18]);
    expect(Object.keys(pen.fields).sort()).toEqual(['barrel', 'eraser', 'inRange', 'invert', 'pressure', 'tiltX', 'tiltY', 'tip', 'x', 'y']);
  });

  it('expands Usage Minimum/Maximum and reads a unit exponent written as a whole byte', () => {
    const parsed = parseReportDescriptor(bytes(
      0x05, 0x09, 0x19, 0x01, 0x29, 0x05, 0x15, 0x00, 0x25, 0x01, 0x75, 0x01, 0x95, 0x05, 0x55, 0xfd, 0x81, 0x02,
      0x75, 0x03, 0x95, 0x01, 0x81, 0x01,
    ));
    expect(parsed.usesReportIds).toBe(false);
    expect(parsed.reports[0].fields[0].usages).toEqual([1, 2, 3, 4, 5].map((b) => usage(0x09, b)));
    expect(parsed.reports[0].fields[0].unitExponent).toBe(-3);
    expect(parsed.reports[0].bitLength).toBe(8);
  });

  it('applies a Usage Page declared after its short usages and ranges (as Linux does)', () => {
    const parsed = parseReportDescriptor(bytes(0x09, 0x30, 0x05, 0x01, 0x75, 0x08, 0x95, 0x01, 0x81, 0x02));
    expect(parsed.reports[0].fields[0].usages).toEqual([Usage.x]);
    const range = parseReportDescriptor(bytes(0x19, 0x01, 0x29, 0x02, 0x05, 0x09, 0x75, 0x01, 0x95, 0x02, 0x81, 0x02, 0x75, 0x06, 0x95, 0x01, 0x81, 0x01));
    expect(range.reports[0].fields[0].usages).toEqual([usage(0x09, 1), usage(0x09, 2)]);
    // An extended (4-byte) usage keeps its own page whatever comes after it.
    const ext = parseReportDescriptor(bytes(0x0b, 0x42, 0x00, 0x0d, 0x00, 0x05, 0x01, 0x75, 0x08, 0x95, 0x01, 0x81, 0x02));
    expect(ext.reports[0].fields[0].usages).toEqual([Usage.tipSwitch]);
  });

  it('keeps only the first usage of a Delimiter set and skips long items', () => {
    const parsed = parseReportDescriptor(bytes(
      0x05, 0x01, 0xa9, 0x01, 0x09, 0x30, 0x09, 0x31, 0xa9, 0x00, 0xfe, 0x02, 0x10, 0xaa, 0xbb, 0x75, 0x08, 0x95, 0x01, 0x81, 0x02,
    ));
    expect(parsed.warnings).toEqual([]);
    expect(parsed.reports[0].fields[0].usages).toEqual([Usage.x]);
  });

  it('tracks several report IDs and kinds separately', () => {
    const parsed = parseReportDescriptor(bytes(
      0x85, 0x01, 0x75, 0x08, 0x95, 0x02, 0x81, 0x02, 0x91, 0x02, 0x85, 0x03, 0x95, 0x04, 0xb1, 0x02, 0x85, 0x01, 0x95, 0x01, 0x81, 0x02,
    ));
    expect(parsed.reports.map((r) => [r.kind, r.reportId, r.bitLength])).toEqual([
      ['input', 1, 24], ['output', 1, 16], ['feature', 3, 32],
    ]);
  });

  it('maps Wacom vendor usages to their standard equivalents', () => {
    expect(equivalentUsage(0xff0d0130)).toBe(Usage.x);
    expect(equivalentUsage(0xff0d0131)).toBe(Usage.y);
    expect(equivalentUsage(0xff0d0042)).toBe(Usage.tipSwitch);
    expect(equivalentUsage(0xff0d003d)).toBe(Usage.xTilt);
    expect(equivalentUsage(0xff0d0132)).toBe(0xff0d0132); // distance stays vendor-specific
    expect(equivalentUsage(Usage.y)).toBe(Usage.y);
  });

  it('survives truncated, lying and random descriptors with warnings, never an exception', () => {
    expect(parseReportDescriptor(bytes(0x05)).warnings[0]).toMatch(/truncated/);
    expect(parseReportDescriptor(bytes(0xb4)).warnings[0]).toMatch(/Pop/);
    expect(parseReportDescriptor(bytes(0xc0)).warnings[0]).toMatch(/End Collection/);
    expect(parseReportDescriptor(bytes(0xa1, 0x01)).warnings[0]).toMatch(/not closed/);
    const huge = parseReportDescriptor(bytes(0x77, 0xff, 0xff, 0x00, 0x00, 0x97, 0xff, 0xff, 0x00, 0x00, 0x81, 0x02));
    expect(huge.warnings.some((w) => /exceed/.test(w))).toBe(true);
    let seed = 42;
    const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) & 0xff;
    for (let n = 0; n < 2000; n++) {
      const junk = new Uint8Array(1 + (rand() % 200)).map(() => rand());
      expect(() => parseReportDescriptor(junk)).not.toThrow();
      expect(() => penLayoutsOf(parseReportDescriptor(junk))).not.toThrow();
    }
  });
});
