/**
 * HID 1.11 report-descriptor parser (section 6.2.2): short and long items, main/global/local
 * items, Push/Pop, several report IDs, Usage Minimum/Maximum, 32-bit extended usages, Delimiter
 * sets, signed logical and physical ranges, units and unit exponents, arrays vs. variables,
 * constant padding, fields of any size at any bit offset.
 *
 * The result is a list of report layouts (input, output, feature), one per report ID, each a list
 * of fields with their bit position. Pure TypeScript: no Node or DOM imports, so the same parser
 * runs in the station, in the CLI and in a browser reading WebHID.
 *
 * A descriptor is untrusted input: a broken or lying one yields warnings and whatever could be
 * understood, never an exception (parseReportDescriptor never throws).
 */

export type ReportKind = 'input' | 'output' | 'feature';

/** The flag bits of an Input/Output/Feature item (HID 1.11 §6.2.2.5). */
export interface MainItemFlags {
  constant: boolean;
  /** false = Array (the values are usage indices), true = Variable (one value per usage). */
  variable: boolean;
  relative: boolean;
  wrap: boolean;
  nonLinear: boolean;
  noPreferred: boolean;
  nullState: boolean;
  volatile: boolean;
  bufferedBytes: boolean;
}

/** One Input/Output/Feature main item: `count` values of `bitSize` bits, back to back. */
export interface ReportField {
  kind: ReportKind;
  reportId: number;
  /** Bit offset of the first value, counted from the first bit after the report-ID byte. */
  bitOffset: number;
  bitSize: number;
  count: number;
  flags: MainItemFlags;
  /**
   * Extended usages (page << 16 | id) in declaration order. For a Variable field, value i has
   * usages[min(i, usages.length - 1)] (the last usage repeats, HID 1.11 §6.2.2.8). For an Array
   * field, a value v means usage usages[v - logicalMin].
   */
  usages: number[];
  logicalMin: number;
  logicalMax: number;
  physicalMin: number;
  physicalMax: number;
  /** Raw unit code (HID 1.11 §6.2.2.7 nibbles: system, length, mass, time, …); 0 = none. */
  unit: number;
  /** Signed power of ten applied to the physical value. */
  unitExponent: number;
  /** Usages of the enclosing collections, outermost first, with their collection types. */
  collections: { usage: number; type: number }[];
}

export interface ReportLayout {
  kind: ReportKind;
  /** 0 when the descriptor declares no report IDs. */
  reportId: number;
  /** Total bits after the report-ID byte. */
  bitLength: number;
  fields: ReportField[];
}

export interface ParsedReportDescriptor {
  /** Whether reports on the wire start with a report-ID byte. */
  usesReportIds: boolean;
  reports: ReportLayout[];
  /** Everything odd found while parsing: the descriptor may lie, the parser goes on. */
  warnings: string[];
}

interface GlobalState {
  usagePage: number;
  logicalMin: number;
  logicalMax: number;
  physicalMin: number;
  physicalMax: number;
  unitExponent: number;
  unit: number;
  reportSize: number;
  reportId: number;
  reportCount: number;
}

/** Limits against descriptors that would make us allocate without bound. */
const MAX_USAGES_PER_ITEM = 4096;
const MAX_PUSH_DEPTH = 32;
const MAX_COLLECTION_DEPTH = 64;
/** Linux caps a report at 16 KiB (HID_MAX_BUFFER_SIZE); more than that is a lie. */
const MAX_REPORT_BITS = 16384 * 8;

const initialGlobal = (): GlobalState => ({
  usagePage: 0,
  logicalMin: 0,
  logicalMax: 0,
  physicalMin: 0,
  physicalMax: 0,
  unitExponent: 0,
  unit: 0,
  reportSize: 0,
  reportId: 0,
  reportCount: 0,
});

function unsignedOf(bytes: Uint8Array, at: number, size: number): number {
  let v = 0;
  for (let i = size - 1; i >= 0; i--) v = v * 256 + bytes[at + i];
  return v;
}

function signExtend(raw: number, bits: number): number {
  if (bits === 0) return 0;
  const half = 2 ** (bits - 1);
  return raw >= half ? raw - 2 ** bits : raw;
}

function flagsOf(v: number): MainItemFlags {
  return {
    constant: (v & 0x001) !== 0,
    variable: (v & 0x002) !== 0,
    relative: (v & 0x004) !== 0,
    wrap: (v & 0x008) !== 0,
    nonLinear: (v & 0x010) !== 0,
    noPreferred: (v & 0x020) !== 0,
    nullState: (v & 0x040) !== 0,
    volatile: (v & 0x080) !== 0,
    bufferedBytes: (v & 0x100) !== 0,
  };
}

export function parseReportDescriptor(descriptor: Uint8Array): ParsedReportDescriptor {
  const warnings: string[] = [];
  const layouts = new Map<string, ReportLayout>();
  const order: ReportLayout[] = [];
  let usesReportIds = false;

  let global = initialGlobal();
  const globalStack: GlobalState[] = [];
  // Local state: usages with the byte size they were declared with (extended usages keep their page).
  let usages: { usage: number; size: number }[] = [];
  let usageMin: { value: number; size: number } | undefined;
  let delimiterDepth = 0;
  let delimiterSetSeen = false;
  const collections: { usage: number; type: number }[] = [];

  const resetLocal = () => {
    usages = [];
    usageMin = undefined;
    delimiterSetSeen = false;
  };

  const addUsage = (value: number, size: number) => {
    if (usages.length >= MAX_USAGES_PER_ITEM) return;
    // Inside a Delimiter set, only the first usage is used (the others are alternatives).
    if (delimiterDepth > 0 && delimiterSetSeen) return;
    if (delimiterDepth > 0) delimiterSetSeen = true;
    const full = size === 4 ? value >>> 0 : ((global.usagePage << 16) | (value & 0xffff)) >>> 0;
    usages.push({ usage: full, size });
  };

  /**
   * A Usage Page declared after short Usages still applies to them (some devices write
   * "Usage (X), Usage Page (Desktop)"): like Linux's hid_concatenate_last_usage_page, re-complete
   * the trailing short usages whose page differs from the page in effect at the main item.
   */
  const finalUsages = (): number[] => {
    const page = global.usagePage;
    for (let i = usages.length - 1; i >= 0; i--) {
      const u = usages[i];
      if (u.size > 2) continue;
      if (u.usage >>> 16 === page) break;
      u.usage = ((page << 16) | (u.usage & 0xffff)) >>> 0;
    }
    return usages.map((u) => u.usage);
  };

  const layoutFor = (kind: ReportKind, reportId: number): ReportLayout => {
    const key = `${kind}:${reportId}`;
    let layout = layouts.get(key);
    if (!layout) {
      layout = { kind, reportId, bitLength: 0, fields: [] };
      layouts.set(key, layout);
      order.push(layout);
    }
    return layout;
  };

  const addMainField = (kind: ReportKind, data: number, offset: number) => {
    const layout = layoutFor(kind, global.reportId);
    const bitSize = global.reportSize;
    const count = global.reportCount;
    const bits = bitSize * count;
    if (bitSize > 32 && !flagsOf(data).constant) {
      warnings.push(`item at byte ${offset}: ${kind} field of ${bitSize}-bit values (more than 32 bits): kept as opaque bytes`);
    }
    if (layout.bitLength + bits > MAX_REPORT_BITS) {
      warnings.push(`item at byte ${offset}: ${kind} report ${global.reportId} would exceed ${MAX_REPORT_BITS / 8} bytes; field ignored`);
      return;
    }
    const field: ReportField = {
      kind,
      reportId: global.reportId,
      bitOffset: layout.bitLength,
      bitSize,
      count,
      flags: flagsOf(data),
      usages: finalUsages(),
      logicalMin: global.logicalMin,
      logicalMax: global.logicalMax,
      physicalMin: global.physicalMin,
      physicalMax: global.physicalMax,
      unit: global.unit,
      unitExponent: global.unitExponent,
      collections: collections.map((c) => ({ ...c })),
    };
    if (!field.flags.constant && field.logicalMax < field.logicalMin) {
      warnings.push(`item at byte ${offset}: logical maximum ${field.logicalMax} below minimum ${field.logicalMin}`);
    }
    layout.bitLength += bits;
    if (bits > 0) layout.fields.push(field);
  };

  let pos = 0;
  while (pos < descriptor.length) {
    const prefix = descriptor[pos];
    const itemStart = pos;
    if (prefix === 0xfe) {
      // Long item: bDataSize, bLongItemTag, data. None are defined by HID 1.11; skip it.
      if (pos + 2 >= descriptor.length) {
        warnings.push(`long item at byte ${pos} truncated`);
        break;
      }
      const dataSize = descriptor[pos + 1];
      pos += 3 + dataSize;
      if (pos > descriptor.length) warnings.push(`long item at byte ${itemStart} truncated`);
      continue;
    }
    const size = [0, 1, 2, 4][prefix & 0x03];
    const type = (prefix >> 2) & 0x03;
    const tag = prefix >> 4;
    if (pos + 1 + size > descriptor.length) {
      warnings.push(`item 0x${prefix.toString(16)} at byte ${pos} truncated (needs ${size} data bytes)`);
      break;
    }
    const udata = unsignedOf(descriptor, pos + 1, size);
    const sdata = signExtend(udata, size * 8);
    pos += 1 + size;

    if (type === 0) {
      // Main items
      switch (tag) {
        case 0x8:
          addMainField('input', udata, itemStart);
          break;
        case 0x9:
          addMainField('output', udata, itemStart);
          break;
        case 0xb:
          addMainField('feature', udata, itemStart);
          break;
        case 0xa: {
          if (collections.length >= MAX_COLLECTION_DEPTH) {
            warnings.push(`collection at byte ${itemStart} nested deeper than ${MAX_COLLECTION_DEPTH}`);
          }
          const u = finalUsages();
          collections.push({ usage: u[0] ?? 0, type: udata & 0xff });
          break;
        }
        case 0xc:
          if (collections.length === 0) warnings.push(`End Collection at byte ${itemStart} without a Collection`);
          else collections.pop();
          break;
        default:
          warnings.push(`unknown main item tag 0x${tag.toString(16)} at byte ${itemStart}`);
      }
      resetLocal();
    } else if (type === 1) {
      // Global items
      switch (tag) {
        case 0x0:
          global.usagePage = udata & 0xffff;
          break;
        case 0x1:
          global.logicalMin = sdata;
          break;
        case 0x2:
          // Many descriptors write e.g. 255 as one byte 0xFF: unsigned unless the minimum is negative (as Linux does).
          global.logicalMax = global.logicalMin < 0 ? sdata : udata;
          break;
        case 0x3:
          global.physicalMin = sdata;
          break;
        case 0x4:
          global.physicalMax = global.physicalMin < 0 ? sdata : udata;
          break;
        case 0x5:
          // A 4-bit signed nibble per the spec; some devices write a whole signed byte instead.
          global.unitExponent = (udata & ~0x0f) === 0 ? signExtend(udata, 4) : sdata;
          break;
        case 0x6:
          global.unit = udata;
          break;
        case 0x7:
          global.reportSize = udata;
          if (udata > 256) warnings.push(`Report Size ${udata} at byte ${itemStart} is implausible`);
          break;
        case 0x8:
          if (udata === 0 || udata > 255) warnings.push(`Report ID ${udata} at byte ${itemStart} is invalid`);
          global.reportId = udata & 0xff;
          usesReportIds = true;
          break;
        case 0x9:
          global.reportCount = udata;
          if (udata > 16384) warnings.push(`Report Count ${udata} at byte ${itemStart} is implausible`);
          break;
        case 0xa:
          if (globalStack.length >= MAX_PUSH_DEPTH) warnings.push(`Push at byte ${itemStart} deeper than ${MAX_PUSH_DEPTH}; ignored`);
          else globalStack.push({ ...global });
          break;
        case 0xb: {
          const popped = globalStack.pop();
          if (popped) global = popped;
          else warnings.push(`Pop at byte ${itemStart} without a Push`);
          break;
        }
        default:
          warnings.push(`unknown global item tag 0x${tag.toString(16)} at byte ${itemStart}`);
      }
    } else if (type === 2) {
      // Local items
      switch (tag) {
        case 0x0:
          addUsage(udata, size);
          break;
        case 0x1:
          usageMin = { value: udata, size };
          break;
        case 0x2: {
          if (!usageMin) {
            warnings.push(`Usage Maximum at byte ${itemStart} without Usage Minimum`);
            break;
          }
          const page = usageMin.size === 4 ? usageMin.value >>> 16 : global.usagePage;
          const lo = usageMin.value & 0xffff;
          const hi = size === 4 ? udata & 0xffff : udata & 0xffff;
          if (hi < lo) warnings.push(`Usage Maximum below Usage Minimum at byte ${itemStart}`);
          if (hi - lo + 1 > MAX_USAGES_PER_ITEM) warnings.push(`usage range at byte ${itemStart} longer than ${MAX_USAGES_PER_ITEM}; truncated`);
          // Short ranges stay re-pageable like short usages (a Usage Page after them still applies, as in Linux).
          for (let id = lo; id <= hi && usages.length < MAX_USAGES_PER_ITEM; id++) {
            usages.push({ usage: ((page << 16) | id) >>> 0, size: usageMin.size });
          }
          usageMin = undefined;
          break;
        }
        case 0xa:
          if (udata === 1) {
            delimiterDepth++;
            delimiterSetSeen = false;
          } else if (udata === 0) {
            delimiterDepth = Math.max(0, delimiterDepth - 1);
          }
          break;
        case 0x3:
        case 0x4:
        case 0x5:
        case 0x7:
        case 0x8:
        case 0x9:
          break; // designators and strings: not needed for decoding
        default:
          warnings.push(`unknown local item tag 0x${tag.toString(16)} at byte ${itemStart}`);
      }
    } else {
      warnings.push(`reserved item type at byte ${itemStart}`);
    }
  }
  if (collections.length > 0) warnings.push(`${collections.length} collection(s) not closed`);
  for (const layout of order) {
    if (layout.bitLength % 8 !== 0) {
      warnings.push(`${layout.kind} report ${layout.reportId} is ${layout.bitLength} bits, not a whole number of bytes`);
    }
  }
  return { usesReportIds, reports: order, warnings };
}
