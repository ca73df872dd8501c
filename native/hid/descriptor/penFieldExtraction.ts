/**
 * Finds the pen in a parsed report descriptor: for every input report that carries a pen, where
 * each pen value sits (bit offset, size, ranges, unit). Works on the Digitizer page 0x0D and on
 * Wacom's vendor page 0xFF0D (mapped through equivalentUsage). Pure: no Node or DOM imports.
 */
import { Usage, equivalentUsage } from './hidUsages';
import type { ParsedReportDescriptor, ReportField, ReportLayout } from './reportDescriptorParser';

/** The pen values the station reads, in the order of the `station hid describe` JSON. */
export const penFieldNames = [
  'x', 'y', 'pressure', 'tiltX', 'tiltY', 'azimuth', 'altitude', 'twist',
  'tip', 'inRange', 'barrel', 'eraser', 'invert',
] as const;
export type PenFieldName = (typeof penFieldNames)[number];

/** Values decoded too but not part of the describe JSON. */
export const penExtraFieldNames = ['barrel2', 'scanTime', 'serial'] as const;
export type PenExtraFieldName = (typeof penExtraFieldNames)[number];

const usageToField = new Map<number, PenFieldName | PenExtraFieldName>([
  [Usage.x, 'x'],
  [Usage.y, 'y'],
  [Usage.tipPressure, 'pressure'],
  [Usage.xTilt, 'tiltX'],
  [Usage.yTilt, 'tiltY'],
  [Usage.azimuth, 'azimuth'],
  [Usage.altitude, 'altitude'],
  [Usage.twist, 'twist'],
  [Usage.tipSwitch, 'tip'],
  [Usage.inRange, 'inRange'],
  [Usage.barrelSwitch, 'barrel'],
  [Usage.eraser, 'eraser'],
  [Usage.invert, 'invert'],
  [Usage.secondaryBarrelSwitch, 'barrel2'],
  [Usage.scanTime, 'scanTime'],
  [Usage.transducerSerialNumber, 'serial'],
]);

/** Where one pen value sits in its report: the shape `station hid describe --json` prints. */
export interface PenFieldSpec {
  /** Counted from the first bit after the report-ID byte. */
  bitOffset: number;
  bitSize: number;
  logicalMin: number;
  logicalMax: number;
  physicalMin: number;
  physicalMax: number;
  /** Raw HID unit code (0 = none). */
  unit: number;
  unitExponent: number;
}

export interface PenReportLayout {
  reportId: number;
  /** Whether reports start with the report-ID byte. */
  usesReportId: boolean;
  /** Bytes on the wire, report-ID byte included. */
  byteLength: number;
  fields: Partial<Record<PenFieldName, PenFieldSpec>>;
  extra: Partial<Record<PenExtraFieldName, PenFieldSpec>>;
  /** Active area from the physical ranges of X and Y, where the descriptor gives a length unit. */
  widthMm?: number;
  heightMm?: number;
}

const specOf = (f: ReportField, index: number): PenFieldSpec => ({
  bitOffset: f.bitOffset + index * f.bitSize,
  bitSize: f.bitSize,
  logicalMin: f.logicalMin,
  logicalMax: f.logicalMax,
  physicalMin: f.physicalMin,
  physicalMax: f.physicalMax,
  unit: f.unit,
  unitExponent: f.unitExponent,
});

/** Nibble n of a unit code as a signed 4-bit exponent. */
const unitNibble = (unit: number, n: number): number => {
  const v = (unit >>> (n * 4)) & 0xf;
  return v >= 8 ? v - 16 : v;
};

/** The physical extent, with the HID rule that physical 0..0 means "same as logical". */
export function physicalRangeOf(spec: PenFieldSpec): [number, number] {
  if (spec.physicalMin === 0 && spec.physicalMax === 0) return [spec.logicalMin, spec.logicalMax];
  return [spec.physicalMin, spec.physicalMax];
}

/** Length of a field's physical range in millimetres, or undefined when its unit is not a length. */
export function physicalLengthMm(spec: PenFieldSpec): number | undefined {
  const system = spec.unit & 0xf;
  const lengthExp = unitNibble(spec.unit, 1);
  // Only a plain length (length^1 and no other dimension) is a size; "inch^3" is a descriptor lying.
  if (lengthExp !== 1 || (spec.unit & ~0xff) !== 0) return undefined;
  const [lo, hi] = physicalRangeOf(spec);
  const span = (hi - lo) * 10 ** spec.unitExponent;
  const mm = system === 1 ? span * 10 : system === 3 ? span * 25.4 : undefined;
  // A pen surface between 1 cm and 2 m; anything else is a descriptor that lies about its size.
  if (mm === undefined || !(mm >= 10 && mm <= 2000)) return undefined;
  return Math.round(mm * 100) / 100;
}

/** Touch surfaces also report X, Y and Tip Switch: a field inside a finger or touch collection is not the pen. */
const touchCollections = new Set<number>([Usage.finger, Usage.touchScreen, Usage.touchPad]);
const isTouchField = (f: ReportField): boolean => f.collections.some((c) => touchCollections.has(equivalentUsage(c.usage)));

/** Extracts the pen layout of one input report, or undefined if the report carries no pen. */
export function penLayoutOf(parsed: ParsedReportDescriptor, layout: ReportLayout): PenReportLayout | undefined {
  if (layout.kind !== 'input') return undefined;
  const fields: Partial<Record<PenFieldName, PenFieldSpec>> = {};
  const extra: Partial<Record<PenExtraFieldName, PenFieldSpec>> = {};
  let relativeXY = false;
  for (const f of layout.fields) {
    if (isTouchField(f) || f.flags.constant || !f.flags.variable || f.usages.length === 0 || f.bitSize === 0 || f.bitSize > 32) continue;
    for (let i = 0; i < f.count; i++) {
      const u = equivalentUsage(f.usages[Math.min(i, f.usages.length - 1)]);
      const name = usageToField.get(u);
      if (!name) continue;
      if ((name === 'x' || name === 'y') && f.flags.relative) relativeXY = true;
      const target = (penFieldNames as readonly string[]).includes(name)
        ? (fields as Record<string, PenFieldSpec>)
        : (extra as Record<string, PenFieldSpec>);
      if (!target[name]) target[name] = specOf(f, i); // first occurrence wins
    }
  }
  // A pen: absolute X and Y plus something only a pen has (pressure, tip or in-range).
  if (!fields.x || !fields.y || relativeXY) return undefined;
  if (!fields.pressure && !fields.tip && !fields.inRange) return undefined;
  const pen: PenReportLayout = {
    reportId: layout.reportId,
    usesReportId: parsed.usesReportIds,
    byteLength: Math.ceil(layout.bitLength / 8) + (parsed.usesReportIds ? 1 : 0),
    fields,
    extra,
  };
  const w = physicalLengthMm(fields.x);
  const h = physicalLengthMm(fields.y);
  if (w !== undefined) pen.widthMm = w;
  if (h !== undefined) pen.heightMm = h;
  return pen;
}

/** Every input report that carries a pen, in descriptor order. */
export function penLayoutsOf(parsed: ParsedReportDescriptor): PenReportLayout[] {
  const pens: PenReportLayout[] = [];
  for (const layout of parsed.reports) {
    const pen = penLayoutOf(parsed, layout);
    if (pen) pens.push(pen);
  }
  return pens;
}
