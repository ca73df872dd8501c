/**
 * WebHID (Chromium's navigator.hid) does not hand out the raw report descriptor: it gives the
 * parsed collections. To decode with the very same parser and profiles as the station, this
 * writes an equivalent HID 1.11 descriptor back from those collections: extended 32-bit usages,
 * ranges, units, report sizes and flags, in the order the items appear.
 *
 * WebHID does not say how the items of one report interleave across nested collections. Child
 * collections are written before the parent's own items: that reproduces the exact pen layouts
 * (bit offsets) of every real pen descriptor in ../shared/data/hid-descriptors (see the test).
 *
 * The types below mirror the WebHID IDL (HIDCollectionInfo, HIDReportInfo, HIDReportItem) with only
 * the members used, so that no DOM types are needed at import time.
 */
export interface WebHidReportItem {
  isAbsolute?: boolean;
  isArray?: boolean;
  isBufferedBytes?: boolean;
  isConstant?: boolean;
  isLinear?: boolean;
  isRange?: boolean;
  isVolatile?: boolean;
  hasNull?: boolean;
  hasPreferredState?: boolean;
  wrap?: boolean;
  usages?: number[];
  usageMinimum?: number;
  usageMaximum?: number;
  reportSize: number;
  reportCount: number;
  unitExponent?: number;
  unitSystem?: 'none' | 'si-linear' | 'si-rotation' | 'english-linear' | 'english-rotation' | 'vendor-defined' | 'reserved';
  unitFactorLengthExponent?: number;
  unitFactorMassExponent?: number;
  unitFactorTimeExponent?: number;
  unitFactorTemperatureExponent?: number;
  unitFactorCurrentExponent?: number;
  unitFactorLuminousIntensityExponent?: number;
  logicalMinimum?: number;
  logicalMaximum?: number;
  physicalMinimum?: number;
  physicalMaximum?: number;
}

export interface WebHidReportInfo {
  reportId: number;
  items?: WebHidReportItem[];
}

export interface WebHidCollectionInfo {
  usagePage?: number;
  usage?: number;
  type?: number;
  children?: WebHidCollectionInfo[];
  inputReports?: WebHidReportInfo[];
  outputReports?: WebHidReportInfo[];
  featureReports?: WebHidReportInfo[];
}

const unitSystems: Record<string, number> = { none: 0, 'si-linear': 1, 'si-rotation': 2, 'english-linear': 3, 'english-rotation': 4, 'vendor-defined': 0xf, reserved: 0 };

/** The HID unit code from WebHID's unit members. */
export function unitCodeOf(item: WebHidReportItem): number {
  const nib = (v: number | undefined) => (v ?? 0) & 0xf;
  return (
    ((unitSystems[item.unitSystem ?? 'none'] ?? 0) |
      (nib(item.unitFactorLengthExponent) << 4) |
      (nib(item.unitFactorMassExponent) << 8) |
      (nib(item.unitFactorTimeExponent) << 12) |
      (nib(item.unitFactorTemperatureExponent) << 16) |
      (nib(item.unitFactorCurrentExponent) << 20) |
      (nib(item.unitFactorLuminousIntensityExponent) << 24)) >>>
    0
  );
}

class ItemWriter {
  readonly bytes: number[] = [];
  /** Writes a short item with a 4-byte signed or unsigned value (always 4 bytes: no ambiguity). */
  item(prefix: number, value: number): void {
    const v = value < 0 ? value + 2 ** 32 : value;
    this.bytes.push(prefix | 0x03, v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff);
  }
  byteItem(prefix: number, value: number): void {
    this.bytes.push(prefix | 0x01, value & 0xff);
  }
  bare(prefix: number): void {
    this.bytes.push(prefix);
  }
}

function mainFlags(item: WebHidReportItem): number {
  return (
    (item.isConstant ? 0x001 : 0) |
    (item.isArray ? 0 : 0x002) |
    (item.isAbsolute === false ? 0x004 : 0) |
    (item.wrap ? 0x008 : 0) |
    (item.isLinear === false ? 0x010 : 0) |
    (item.hasPreferredState === false ? 0x020 : 0) |
    (item.hasNull ? 0x040 : 0) |
    (item.isVolatile ? 0x080 : 0) |
    (item.isBufferedBytes ? 0x100 : 0)
  );
}

function writeReports(w: ItemWriter, reports: WebHidReportInfo[] | undefined, mainPrefix: number): void {
  for (const report of reports ?? []) {
    for (const item of report.items ?? []) {
      if (report.reportId !== 0) w.byteItem(0x84, report.reportId);
      if (item.isRange && item.usageMinimum !== undefined && item.usageMaximum !== undefined) {
        w.item(0x18, item.usageMinimum); // Usage Minimum (extended)
        w.item(0x28, item.usageMaximum); // Usage Maximum (extended)
      } else {
        for (const u of item.usages ?? []) w.item(0x08, u); // Usage (extended)
      }
      w.item(0x14, item.logicalMinimum ?? 0);
      w.item(0x24, item.logicalMaximum ?? 0);
      w.item(0x34, item.physicalMinimum ?? 0);
      w.item(0x44, item.physicalMaximum ?? 0);
      w.item(0x54, item.unitExponent ?? 0);
      w.item(0x64, unitCodeOf(item));
      w.item(0x74, item.reportSize);
      w.item(0x94, item.reportCount);
      w.item(mainPrefix, mainFlags(item));
    }
  }
}

function writeCollection(w: ItemWriter, c: WebHidCollectionInfo): void {
  w.item(0x08, (((c.usagePage ?? 0) << 16) | (c.usage ?? 0)) >>> 0);
  w.byteItem(0xa0, c.type ?? 0);
  for (const child of c.children ?? []) writeCollection(w, child);
  writeReports(w, c.inputReports, 0x80);
  writeReports(w, c.outputReports, 0x90);
  writeReports(w, c.featureReports, 0xb0);
  w.bare(0xc0);
}

/** An equivalent report descriptor for a WebHID device's collections. */
export function descriptorFromWebHidCollections(collections: readonly WebHidCollectionInfo[]): Uint8Array {
  const w = new ItemWriter();
  for (const c of collections) writeCollection(w, c);
  return new Uint8Array(w.bytes);
}
