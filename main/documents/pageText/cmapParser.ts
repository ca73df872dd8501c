import { ContentName, ContentTokenizer, type Operand } from './contentTokenizer';
import { unicodeOfGlyphName } from './glyphUnicode';

/**
 * A CMap stream (Adobe Tech Note 5014/5411): the codespace ranges, which say how many bytes each
 * code of a string takes, and the mappings of codes to Unicode text (bfchar/bfrange, of a
 * /ToUnicode CMap) or to CIDs (cidchar/cidrange, of an embedded Type0 /Encoding CMap).
 * A damaged CMap gives the mappings read before the damage.
 */
interface CodespaceRange {
  bytes: number;
  low: number;
  high: number;
}
interface UnicodeRange {
  low: number;
  high: number;
  /** The first code's text; the following codes increment its last UTF-16 unit. */
  start?: string;
  /** The array form: one text per code. */
  each?: string[];
}

const MAX_ENTRIES = 200_000;
/** Ranges up to this wide are expanded into the lookup table; wider ones are searched. */
const EXPAND_UP_TO = 256;

export class ParsedCMap {
  readonly codespaces: CodespaceRange[] = [];
  readonly unicode = new Map<number, string>();
  readonly unicodeRanges: UnicodeRange[] = [];
  readonly cids = new Map<number, number>();
  readonly cidRanges: { low: number; high: number; cid: number }[] = [];

  /** The text of a code, undefined when the CMap does not map it. */
  textOf(code: number): string | undefined {
    const known = this.unicode.get(code);
    if (known !== undefined) return known;
    for (const r of this.unicodeRanges) {
      if (code < r.low || code > r.high) continue;
      if (r.each) return r.each[code - r.low];
      return incremented(r.start!, code - r.low);
    }
    return undefined;
  }

  cidOf(code: number): number | undefined {
    const known = this.cids.get(code);
    if (known !== undefined) return known;
    for (const r of this.cidRanges) if (code >= r.low && code <= r.high) return r.cid + code - r.low;
    return undefined;
  }

  /** Splits a string into codes by the codespace ranges (`fallbackBytes` per code when none match). */
  codesOf(bytes: Uint8Array, fallbackBytes: number): number[] {
    const out: number[] = [];
    let i = 0;
    while (i < bytes.length) {
      let taken = 0;
      let code = 0;
      for (let n = 1; n <= 4 && i + n <= bytes.length && !taken; n++) {
        code = code * 256 + bytes[i + n - 1];
        if (this.codespaces.some((c) => c.bytes === n && code >= c.low && code <= c.high)) taken = n;
      }
      if (!taken) {
        taken = Math.min(fallbackBytes, bytes.length - i);
        code = 0;
        for (let n = 0; n < taken; n++) code = code * 256 + bytes[i + n];
      }
      out.push(code);
      i += taken;
    }
    return out;
  }
}

export function parseCMap(data: Uint8Array): ParsedCMap {
  const cmap = new ParsedCMap();
  const tokens = new ContentTokenizer(data, 3 * 512);
  let entries = 0;
  try {
    for (let op = tokens.nextOperation(); op && entries < MAX_ENTRIES; op = tokens.nextOperation()) {
      const v = op.operands;
      if (op.operator === 'endcodespacerange') {
        for (let i = 0; i + 1 < v.length; i += 2) {
          const lo = v[i];
          const hi = v[i + 1];
          if (lo instanceof Uint8Array && hi instanceof Uint8Array && lo.length >= 1 && lo.length <= 4) {
            cmap.codespaces.push({ bytes: lo.length, low: codeOf(lo), high: codeOf(hi) });
          }
        }
      } else if (op.operator === 'endbfchar') {
        for (let i = 0; i + 1 < v.length; i += 2, entries++) {
          const text = textOfDestination(v[i + 1]);
          if (v[i] instanceof Uint8Array && text !== undefined) cmap.unicode.set(codeOf(v[i] as Uint8Array), text);
        }
      } else if (op.operator === 'endbfrange') {
        for (let i = 0; i + 2 < v.length; i += 3) {
          const [lo, hi, dst] = [v[i], v[i + 1], v[i + 2]];
          if (!(lo instanceof Uint8Array) || !(hi instanceof Uint8Array)) continue;
          const low = codeOf(lo);
          const high = Math.max(low, codeOf(hi));
          entries += Math.min(high - low + 1, EXPAND_UP_TO);
          if (Array.isArray(dst)) {
            const each = dst.slice(0, high - low + 1).map((d) => textOfDestination(d) ?? '');
            each.forEach((t, k) => cmap.unicode.set(low + k, t));
          } else if (dst instanceof Uint8Array) {
            const start = utf16(dst);
            if (high - low < EXPAND_UP_TO) for (let c = low; c <= high; c++) cmap.unicode.set(c, incremented(start, c - low));
            else cmap.unicodeRanges.push({ low, high, start });
          }
        }
      } else if (op.operator === 'endcidchar') {
        for (let i = 0; i + 1 < v.length; i += 2, entries++) {
          if (v[i] instanceof Uint8Array && typeof v[i + 1] === 'number') cmap.cids.set(codeOf(v[i] as Uint8Array), v[i + 1] as number);
        }
      } else if (op.operator === 'endcidrange') {
        for (let i = 0; i + 2 < v.length; i += 3, entries++) {
          const [lo, hi, cid] = [v[i], v[i + 1], v[i + 2]];
          if (lo instanceof Uint8Array && hi instanceof Uint8Array && typeof cid === 'number') cmap.cidRanges.push({ low: codeOf(lo), high: codeOf(hi), cid });
        }
      }
    }
  } catch {
    // A damaged CMap: what was read is kept.
  }
  return cmap;
}

function codeOf(bytes: Uint8Array): number {
  let code = 0;
  for (let i = 0; i < bytes.length && i < 4; i++) code = code * 256 + bytes[i];
  return code;
}

function textOfDestination(d: Operand | undefined): string | undefined {
  if (d instanceof Uint8Array) return utf16(d);
  if (d instanceof ContentName) return unicodeOfGlyphName(d.name);
  return undefined;
}

/** UTF-16BE bytes as text (a single byte, as some writers emit, is taken as its own code). */
function utf16(bytes: Uint8Array): string {
  if (bytes.length === 1) return String.fromCharCode(bytes[0]);
  let s = '';
  for (let i = 0; i + 1 < bytes.length; i += 2) s += String.fromCharCode((bytes[i] << 8) | bytes[i + 1]);
  return s;
}

/** `start` with its last UTF-16 unit increased by `by` (bfrange's incrementing destination). */
function incremented(start: string, by: number): string {
  if (!start) return '';
  const last = start.charCodeAt(start.length - 1) + by;
  return start.slice(0, -1) + String.fromCharCode(last & 0xffff);
}
