import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sharedDataPath } from '../../../main/config/sharedData';
import { describeReportDescriptor } from './describeReportDescriptor';
import { equivalentUsage, usage } from './hidUsages';
import { penLayoutsOf, type PenFieldName } from './penFieldExtraction';
import { parseReportDescriptor } from './reportDescriptorParser';

/**
 * Every real descriptor in ../shared/data/hid-descriptors parses, and the pen fields found agree
 * with the `hid-decode` text beside it. The text is read by a deliberately simple, independent
 * reader of hid-decode's output (item names, not bytes), so a parser bug shows as a disagreement.
 */
const root = sharedDataPath('hid-descriptors');
const skipMessage = 'shared data ../shared/data/hid-descriptors is absent: real-descriptor tests skipped';
if (!root) console.warn(skipMessage);

interface TextItem {
  reportId: number;
  bitOffset: number;
  bitSize: number;
  count: number;
  usages: number[];
  constant: boolean;
  logicalMin: number;
  logicalMax: number;
  physicalMin: number;
  physicalMax: number;
  unitName: string;
  unitExponentText: number;
}

const pageNames: Record<string, number> = { Desktop: 0x01, Digitizer: 0x0d, Button: 0x09, Keyboard: 0x07, Consumer: 0x0c, LEDs: 0x08 };
const usageNames: Record<string, number> = {
  X: usage(1, 0x30), Y: usage(1, 0x31), 'Tip Pressure': usage(0x0d, 0x30), 'In Range': usage(0x0d, 0x32),
  Invert: usage(0x0d, 0x3c), 'X Tilt': usage(0x0d, 0x3d), 'Y Tilt': usage(0x0d, 0x3e), Azimuth: usage(0x0d, 0x3f),
  Altitude: usage(0x0d, 0x40), Twist: usage(0x0d, 0x41), 'Tip Switch': usage(0x0d, 0x42),
  'Barrel Switch': usage(0x0d, 0x44), Eraser: usage(0x0d, 0x45),
};

/** Reads hid-decode text into Input items with bit offsets, the way a person would by hand. */
function readHidDecodeText(text: string): TextItem[] {
  const items: TextItem[] = [];
  const offsets = new Map<number, number>();
  let g = { page: 0, lmin: 0, lmax: 0, pmin: 0, pmax: 0, unit: 'none', uexp: 0, size: 0, count: 0, id: 0 };
  const stack: (typeof g)[] = [];
  let usages: number[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/;.*$/, '').trim().replace(/,$/, '');
    if (!line) continue;
    const m = /^([A-Za-z ]+?)(?: \((.*)\))?$/.exec(line);
    if (!m) continue;
    const [, name, arg = ''] = m;
    const num = () => Number(arg);
    const hex = () => (/^[0-9A-F]+h$/i.test(arg) ? parseInt(arg, 16) : NaN);
    switch (name) {
      case 'Usage Page': g.page = pageNames[arg] ?? hex(); break;
      case 'Usage': {
        const u = usageNames[arg];
        usages.push(u !== undefined && (u >>> 16) === g.page ? u : Number.isNaN(hex()) ? -1 : usage(g.page, hex()));
        break;
      }
      case 'Logical Minimum': g.lmin = num(); break;
      case 'Logical Maximum': g.lmax = num(); break;
      case 'Physical Minimum': g.pmin = num(); break;
      case 'Physical Maximum': g.pmax = num(); break;
      case 'Unit': g.unit = arg || 'none'; break;
      case 'Unit Exponent': g.uexp = num(); break;
      case 'Report Size': g.size = num(); break;
      case 'Report Count': g.count = num(); break;
      case 'Report ID': g.id = num(); break;
      case 'Push': stack.push({ ...g }); break;
      case 'Pop': g = stack.pop() ?? g; break;
      case 'Input': {
        const at = offsets.get(g.id) ?? 0;
        items.push({
          reportId: g.id, bitOffset: at, bitSize: g.size, count: g.count, usages, constant: /Constant/.test(arg),
          logicalMin: g.lmin, logicalMax: g.lmax, physicalMin: g.pmin, physicalMax: g.pmax, unitName: g.unit, unitExponentText: g.uexp,
        });
        offsets.set(g.id, at + g.size * g.count);
        usages = [];
        break;
      }
      case 'Output': case 'Feature': case 'Collection': case 'End Collection': usages = []; break;
      default: break;
    }
  }
  return items;
}

const unitCodes: Record<string, number> = { none: 0, Centimeter: 0x11, Inch: 0x13, Degrees: 0x14, 'Inch^3': 0x33 };
const penUsage: Record<PenFieldName, number> = {
  x: usageNames.X, y: usageNames.Y, pressure: usageNames['Tip Pressure'], tiltX: usageNames['X Tilt'],
  tiltY: usageNames['Y Tilt'], azimuth: usageNames.Azimuth, altitude: usageNames.Altitude, twist: usageNames.Twist,
  tip: usageNames['Tip Switch'], inRange: usageNames['In Range'], barrel: usageNames['Barrel Switch'],
  eraser: usageNames.Eraser, invert: usageNames.Invert,
};

function descriptorFiles(): { name: string; bin: string; txt?: string }[] {
  if (!root) return [];
  const out: { name: string; bin: string; txt?: string }[] = [];
  for (const dir of readdirSync(root)) {
    const d = join(root, dir);
    if (!statSync(d).isDirectory()) continue;
    for (const f of readdirSync(d).filter((f) => f.endsWith('.hid.bin'))) {
      const bin = join(d, f);
      if (statSync(bin).size === 0) continue; // the database holds empty placeholders for some interfaces
      const txt = bin.replace(/\.bin$/, '.txt');
      let hasTxt = false;
      try { hasTxt = statSync(txt).size > 0; } catch { /* absent */ }
      out.push({ name: `${dir}/${f}`, bin, txt: hasTxt ? txt : undefined });
    }
  }
  return out;
}

describe.skipIf(!root)('real pen descriptors (../shared/data/hid-descriptors)', () => {
  const files = descriptorFiles();

  it('finds the descriptors', () => {
    expect(files.length).toBeGreaterThanOrEqual(30);
  });

  it.each(files.map((f) => [f.name, f] as const))('%s parses cleanly and its pen fields agree with hid-decode', (_name, file) => {
    const bytes = new Uint8Array(readFileSync(file.bin));
    const parsed = parseReportDescriptor(bytes);
    expect(parsed.warnings).toEqual([]);
    expect(parsed.reports.length).toBeGreaterThan(0);
    if (!file.txt) return;
    const textItems = readHidDecodeText(readFileSync(file.txt, 'utf8'));
    // Same input reports with the same lengths.
    const textLengths = new Map<number, number>();
    for (const it of textItems) textLengths.set(it.reportId, it.bitOffset + it.bitSize * it.count);
    const myLengths = new Map(parsed.reports.filter((r) => r.kind === 'input').map((r) => [r.reportId, r.bitLength]));
    expect(myLengths).toEqual(textLengths);

    // Every input item: same place, size, count, ranges and usages as hid-decode shows.
    const myInputs = parsed.reports.filter((r) => r.kind === 'input').flatMap((r) => r.fields);
    expect(myInputs.length).toBe(textItems.filter((t) => t.bitSize * t.count > 0).length);
    for (const f of myInputs) {
      const t = textItems.find((x) => x.reportId === f.reportId && x.bitOffset === f.bitOffset && x.bitSize * x.count > 0);
      expect(t, `item at bit ${f.bitOffset} of report ${f.reportId}`).toBeDefined();
      expect([f.bitSize, f.count, f.flags.constant]).toEqual([t!.bitSize, t!.count, t!.constant]);
      expect(f.logicalMin).toBe(t!.logicalMin);
      if (!(t!.logicalMax < 0 && t!.logicalMin >= 0)) expect(f.logicalMax).toBe(t!.logicalMax);
      // Named usages the reader knows must match exactly; hex ones too (vendor pages).
      const known = t!.usages.filter((u) => u !== -1);
      if (known.length === t!.usages.length && !f.flags.constant) expect(f.usages.slice(0, known.length)).toEqual(known);
    }

    for (const pen of penLayoutsOf(parsed)) {
      for (const [name, spec] of Object.entries(pen.fields) as [PenFieldName, NonNullable<(typeof pen.fields)[PenFieldName]>][]) {
        const item = textItems.find((t) => t.reportId === pen.reportId && !t.constant
          && spec.bitOffset >= t.bitOffset && spec.bitOffset < t.bitOffset + t.bitSize * t.count);
        expect(item, `${name} of report ${pen.reportId}`).toBeDefined();
        if (!item) continue;
        const index = (spec.bitOffset - item.bitOffset) / item.bitSize;
        expect(Number.isInteger(index)).toBe(true);
        const textUsage = item.usages[Math.min(index, item.usages.length - 1)];
        expect(equivalentUsage(textUsage), `${name} usage`).toBe(penUsage[name]);
        expect(spec.bitSize).toBe(item.bitSize);
        expect(spec.logicalMin).toBe(item.logicalMin);
        // hid-decode prints a one-byte 0xFF maximum as -1; the parser reads it unsigned when the minimum is not negative.
        if (item.logicalMax < 0 && item.logicalMin >= 0) expect([256, 65536, 2 ** 32]).toContain(spec.logicalMax - item.logicalMax);
        else expect(spec.logicalMax).toBe(item.logicalMax);
        expect(spec.physicalMin).toBe(item.physicalMin);
        expect(spec.physicalMax).toBe(item.physicalMax);
        if (unitCodes[item.unitName] !== undefined) expect(spec.unit).toBe(unitCodes[item.unitName]);
        // hid-decode prints the raw nibble (13 = -3).
        const nibble = item.unitExponentText >= 8 && item.unitExponentText < 16 ? item.unitExponentText - 16 : item.unitExponentText;
        expect(spec.unitExponent).toBe(nibble);
      }
    }
  });

  it('finds the pen of each pen interface, and none on touch or vendor-only interfaces', () => {
    const pensOf = (rel: string) => penLayoutsOf(parseReportDescriptor(new Uint8Array(readFileSync(join(root!, rel)))));
    const dth = pensOf('Wacom_DTH134/0003:056A:03EC.0002.hid.bin');
    expect(dth[0].reportId).toBe(6);
    expect(dth[0].fields.x).toMatchObject({ bitOffset: 16, bitSize: 16, logicalMin: 0, logicalMax: 29376 });
    expect(dth[0].extra.scanTime).toBeDefined();
    expect(dth[0].widthMm).toBeCloseTo(293.76, 1);
    // Wacom vendor page 0xFF0D mirrors Generic Desktop X/Y and Digitizer tilt.
    const intuos = pensOf('Wacom_Intuos_S_3rd-gen/0003:056A:0374.0005.hid.bin');
    expect(intuos.map((p) => p.reportId)).toEqual([16]);
    expect(intuos[0].fields.x).toMatchObject({ bitOffset: 8, bitSize: 24, logicalMax: 15200, unit: 0x11, unitExponent: -3 });
    expect(intuos[0].fields.pressure).toMatchObject({ bitSize: 16, logicalMax: 4095 });
    expect([intuos[0].widthMm, intuos[0].heightMm]).toEqual([152, 95]);
    const cintiq = pensOf('Wacom_Cintiq_Pro_16/0003:056A:0350.000B.hid.bin');
    expect(cintiq[0].fields.twist).toBeDefined();
    // Huion's I2C stylus declares a Contact Identifier yet is a pen (not a finger).
    expect(pensOf('Huion_H640P/0018:27C6:0113.0004.hid.bin').map((p) => p.reportId)).toEqual([8]);
    // XP-Pen claims its size in "inch^3": a lying unit gives no millimetres rather than a wrong size.
    const xpMouse = pensOf('XP-Pen_Artist_13.3_Pro/0003:28BD:091F.001B.hid.bin');
    expect(xpMouse[0].widthMm).toBeCloseTo(256.34, 1);
    expect(pensOf('Huion_H640P/0003:256C:006D.0006.hid.bin')[0].widthMm).toBeUndefined();
    expect(pensOf('Wacom_Cintiq_Pro_16/0003:056A:0354.000A.hid.bin')).toEqual([]); // touch
    expect(pensOf('Wacom_Intuos_S_3rd-gen/0003:04F3:003D.0001.hid.bin')).toEqual([]); // touch
    expect(pensOf('Wacom_PenPartner/0003:056A:0061.0022.hid.bin')).toEqual([]); // vendor report, not described
  });

  it('describe JSON has exactly the documented shape', () => {
    const d = describeReportDescriptor(new Uint8Array(readFileSync(join(root!, 'Wacom_DTH134/0003:056A:03EC.0002.hid.bin'))));
    expect(Object.keys(d.pens[0])).toEqual(['reportId', 'fields']);
    expect(Object.keys(d.pens[0].fields)).toEqual(['x', 'y', 'pressure', 'tiltX', 'tiltY', 'tip', 'inRange', 'barrel', 'eraser', 'invert']);
    expect(Object.keys(d.pens[0].fields.x!)).toEqual(['bitOffset', 'bitSize', 'logicalMin', 'logicalMax', 'physicalMin', 'physicalMax', 'unit', 'unitExponent']);
    expect(d.reports.map((r) => r.reportId)).toContain(6);
  });
});
