import {
  PDFArray, PDFContext, PDFDict, PDFHexString, PDFName, PDFNumber, PDFObjectParser, PDFRawStream, PDFRef,
  PDFString,
} from 'pdf-lib';
import { decodeStreamBounded } from './boundedStreamDecode';
import { PdfRejectedError } from './pdfRejectedError';
import type { PdfRevisionInfo } from './pdfInfo';
import { scanObjects } from './xrefRecovery';

/**
 * Follows a PDF's cross-reference chain (startxref → section → /Prev …) the way a strict reader does.
 *
 * pdf-lib does not read cross-reference tables at all (it scans objects), so a file whose xref is
 * broken still "loads". A signature appended to such a file points its /Prev into garbage and other
 * readers must reconstruct the file: the seal would be fragile. So we refuse what this walk cannot
 * follow, and it gives the signing writer the facts it continues from (last offset, /Size, /Root, /ID).
 * Bounded: at most MAX_SECTIONS sections, loops detected, every offset checked against the length.
 */
const MAX_SECTIONS = 1000;
const TAIL_WINDOW = 4096;

export interface XrefEntry {
  /** 1: at byte offset; 2: inside object stream `stream` at `index`. */
  type: 1 | 2;
  offset: number;
  gen: number;
  /** Type 2: the object's index inside its object stream. */
  index?: number;
}

export interface XrefChain {
  revision: PdfRevisionInfo;
  encrypted: boolean;
  /** Newest entry per object number across all sections. */
  entries: Map<number, XrefEntry>;
  sections: number;
}

const latin1 = new TextDecoder('latin1');

function damaged(detail: string): PdfRejectedError {
  return new PdfRejectedError('damaged', `The PDF is damaged (${detail}); open it in a PDF reader, save or print it to a new PDF and try again.`);
}

function findLast(bytes: Uint8Array, needle: string, from: number): number {
  const text = latin1.decode(bytes.subarray(Math.max(0, from)));
  const i = text.lastIndexOf(needle);
  return i < 0 ? -1 : Math.max(0, from) + i;
}

export function readStartxref(bytes: Uint8Array): number {
  const at = findLast(bytes, 'startxref', bytes.length - TAIL_WINDOW);
  if (at < 0) throw damaged('no startxref at the end of the file, it may be truncated');
  const m = /^startxref\s+(\d{1,12})/.exec(latin1.decode(bytes.subarray(at, at + 40)));
  if (!m) throw damaged('startxref has no offset');
  const offset = Number(m[1]);
  if (offset <= 0 || offset >= bytes.length) throw damaged('startxref points outside the file');
  return offset;
}

function refOf(obj: unknown): { num: number; gen: number } | undefined {
  return obj instanceof PDFRef ? { num: obj.objectNumber, gen: obj.generationNumber } : undefined;
}

function hexOf(obj: unknown): string | undefined {
  if (obj instanceof PDFHexString) return obj.asString().toLowerCase();
  if (obj instanceof PDFString) return Buffer.from(obj.asBytes()).toString('hex');
  return undefined;
}

function num(obj: unknown): number | undefined {
  return obj instanceof PDFNumber ? obj.asNumber() : undefined;
}

interface Section {
  trailer: PDFDict;
  isStream: boolean;
}

/** Parses a classic `xref … trailer <<…>>` section at offset, adding entries not already known (newer wins). */
function parseXrefTable(bytes: Uint8Array, offset: number, context: PDFContext, entries: Map<number, XrefEntry>): Section {
  // Read a bounded window: the entries are 20 bytes each, so the table's size is known from its headers.
  let pos = offset + 4;
  const text = (from: number, len: number) => latin1.decode(bytes.subarray(from, Math.min(bytes.length, from + len)));
  for (let guard = 0; guard < 1_000_000; guard++) {
    const head = text(pos, 64);
    const ws = /^\s*/.exec(head)![0].length;
    if (head.slice(ws).startsWith('trailer')) {
      pos += ws + 'trailer'.length;
      const parser = PDFObjectParser.forBytes(bytes.subarray(pos), context);
      const trailer = parser.parseObject();
      if (!(trailer instanceof PDFDict)) throw damaged('trailer is not a dictionary');
      return { trailer, isStream: false };
    }
    const sub = /^\s*(\d{1,10})\s+(\d{1,10})[ \t]*\r?\n?/.exec(head);
    if (!sub) throw damaged(`cross-reference table at ${offset} is malformed`);
    const first = Number(sub[1]);
    const count = Number(sub[2]);
    pos += sub[0].length;
    if (count > (bytes.length - pos) / 18) throw damaged('cross-reference subsection is longer than the file');
    for (let i = 0; i < count; i++) {
      const line = text(pos, 22);
      const e = /^\s*(\d{10}) (\d{5}) ([nf])\s{0,2}/.exec(line);
      if (!e) throw damaged(`cross-reference entry ${first + i} is malformed`);
      pos += e[0].length;
      if (e[3] === 'n' && !entries.has(first + i)) {
        entries.set(first + i, { type: 1, offset: Number(e[1]), gen: Number(e[2]) });
      }
    }
  }
  throw damaged('cross-reference table never ends');
}

/** Parses a cross-reference stream object (`n g obj << /Type /XRef … >> stream … endstream`). */
function parseXrefStream(bytes: Uint8Array, offset: number, context: PDFContext, entries: Map<number, XrefEntry>): Section {
  const head = latin1.decode(bytes.subarray(offset, offset + 40));
  const m = /^(\d{1,10})\s+(\d{1,5})\s+obj\b/.exec(head);
  if (!m) throw damaged(`startxref points at offset ${offset}, where there is no cross-reference section`);
  const parser = PDFObjectParser.forBytes(bytes.subarray(offset + m[0].length), context);
  const stream = parser.parseObject();
  if (!(stream instanceof PDFRawStream) || stream.dict.get(PDFName.of('Type')) !== PDFName.of('XRef')) {
    throw damaged(`startxref points at object ${m[1]}, which is not a cross-reference stream`);
  }
  const dict = stream.dict;
  const w = dict.get(PDFName.of('W'));
  const size = num(dict.get(PDFName.of('Size')));
  if (!(w instanceof PDFArray) || w.size() !== 3 || size === undefined) throw damaged('cross-reference stream lacks /W or /Size');
  const widths = [0, 1, 2].map((i) => num(w.get(i)) ?? -1);
  if (widths.some((x) => x < 0 || x > 8)) throw damaged('cross-reference stream has bad /W');
  const index = dict.get(PDFName.of('Index'));
  const ranges: number[] = index instanceof PDFArray ? index.asArray().map((o) => num(o) ?? -1) : [0, size];
  if (ranges.some((x) => x < 0) || ranges.length % 2) throw damaged('cross-reference stream has bad /Index');
  const data = undoPredictor(decodeBounded(stream), context.lookup(dict.get(PDFName.of('DecodeParms'))));
  const rowLen = widths[0] + widths[1] + widths[2];
  let p = 0;
  const field = (width: number, dflt: number) => {
    if (width === 0) return dflt;
    let v = 0;
    for (let i = 0; i < width; i++) v = v * 256 + data[p++];
    return v;
  };
  for (let r = 0; r < ranges.length; r += 2) {
    for (let i = 0; i < ranges[r + 1]; i++) {
      if (p + rowLen > data.length) throw damaged('cross-reference stream is shorter than its /Index says');
      const type = field(widths[0], 1);
      const f2 = field(widths[1], 0);
      const f3 = field(widths[2], 0);
      const objNum = ranges[r] + i;
      if (type === 1 && !entries.has(objNum)) entries.set(objNum, { type, offset: f2, gen: f3 });
      if (type === 2 && !entries.has(objNum)) entries.set(objNum, { type, offset: f2, gen: 0, index: f3 });
    }
  }
  return { trailer: dict, isStream: true };
}

/**
 * Real-world writers are sometimes off by a few bytes (an extra EOL, a miscounted header). Like
 * every mainstream reader, accept a section that starts within a small window of where the
 * pointer says, and continue from the corrected offset (the update's /Prev then points exactly).
 */
const NEAR_MISS_WINDOW = 64;

function locateSection(bytes: Uint8Array, offset: number): number | undefined {
  const from = Math.max(0, offset - NEAR_MISS_WINDOW);
  const window = latin1.decode(bytes.subarray(from, offset + NEAR_MISS_WINDOW));
  const at = offset - from;
  const candidates: number[] = [];
  const re = /(?:^|[\r\n\s])(xref\b|\d{1,10}\s+\d{1,5}\s+obj\b)/g;
  for (let m = re.exec(window); m; m = re.exec(window)) candidates.push(from + m.index + m[0].length - m[1].length);
  if (candidates.length === 0) return undefined;
  // The nearest candidate, preferring an exact hit.
  return candidates.sort((a, b) => Math.abs(a - from - at) - Math.abs(b - from - at))[0];
}

function parseSectionAt(bytes: Uint8Array, offset: number, context: PDFContext, entries: Map<number, XrefEntry>): Section & { offset: number } {
  const exact = /^(xref\b|\d{1,10}\s+\d{1,5}\s+obj\b)/.test(latin1.decode(bytes.subarray(offset, offset + 24)));
  const start = exact ? offset : locateSection(bytes, offset);
  if (start === undefined) throw damaged(`startxref points at offset ${offset}, where there is no cross-reference section`);
  const head = latin1.decode(bytes.subarray(start, start + 8));
  try {
    const section = head.startsWith('xref') ? parseXrefTable(bytes, start, context, entries) : parseXrefStream(bytes, start, context, entries);
    return { ...section, offset: start };
  } catch (err) {
    if (err instanceof PdfRejectedError) throw err;
    throw damaged(`cross-reference section at ${start} cannot be read: ${(err as Error).message.split('\n')[0].slice(0, 120)}`);
  }
}

/**
 * Walks startxref and every /Prev (and hybrid /XRefStm) section; throws PdfRejectedError('damaged') if
 * the newest section is unreadable or the sections form a loop.
 *
 * When the newest section reads but an older link does not (a /Prev outside the file or at no
 * cross-reference section — documents people really receive, which qpdf and poppler open by
 * reconstruction), the objects are found by scanning the file like those readers do, and the
 * revision carries the complete table: the next update then writes a complete section without
 * /Prev, so no reader has to follow the broken link again. Earlier bytes are never rewritten.
 */
export function readXrefChain(bytes: Uint8Array): XrefChain {
  const context = PDFContext.create();
  const startxref = readStartxref(bytes);
  const entries = new Map<number, XrefEntry>();
  const visited = new Set<number>();
  let newest: (Section & { offset: number }) | undefined;
  let offset: number | undefined = startxref;
  let sections = 0;
  let brokenLink: string | undefined;
  const readInto = (at: number) => {
    // Each section is read into its own map: a section that fails half-way must add nothing.
    const found = new Map<number, XrefEntry>();
    const section = parseSectionAt(bytes, at, context, found);
    for (const [n, e] of found) if (!entries.has(n)) entries.set(n, e);
    return section;
  };
  while (offset !== undefined) {
    if (visited.has(offset)) throw damaged('its cross-reference sections form a loop');
    if (++sections > MAX_SECTIONS) throw damaged('too many cross-reference sections');
    let section: Section & { offset: number };
    try {
      if (offset <= 0 || offset >= bytes.length) throw damaged('a /Prev offset points outside the file');
      visited.add(offset);
      section = readInto(offset);
      const hybrid = num(section.trailer.get(PDFName.of('XRefStm')));
      if (hybrid !== undefined && !section.isStream && !visited.has(hybrid)) {
        if (hybrid <= 0 || hybrid >= bytes.length) throw damaged('/XRefStm points outside the file');
        visited.add(hybrid);
        readInto(hybrid);
      }
    } catch (err) {
      if (!newest || !(err instanceof PdfRejectedError) || err.code !== 'damaged') throw err;
      brokenLink = err.message;
      break;
    }
    if (section.offset !== offset) visited.add(section.offset);
    newest ??= section;
    offset = num(section.trailer.get(PDFName.of('Prev')));
  }
  if (brokenLink) {
    for (const [n, e] of scanObjects(bytes, decodeBounded)) if (!entries.has(n)) entries.set(n, e);
  }
  const trailer = newest!.trailer;
  const size = num(trailer.get(PDFName.of('Size')));
  const root = refOf(trailer.get(PDFName.of('Root')));
  if (size === undefined || size <= 0) throw damaged('the trailer has no /Size');
  if (!root) throw damaged('the trailer has no /Root catalog');
  const rootEntry = entries.get(root.num);
  if (!rootEntry) throw damaged('the catalog object is missing from the cross-reference table');
  if (rootEntry.type === 1) {
    const near = latin1.decode(bytes.subarray(Math.max(0, rootEntry.offset - NEAR_MISS_WINDOW), rootEntry.offset + NEAR_MISS_WINDOW));
    if (!new RegExp(`(^|\\D)${root.num}\\s+${root.gen}\\s+obj\\b`).test(near)) throw damaged('the cross-reference table points the catalog to the wrong place');
  }
  const idArray = trailer.get(PDFName.of('ID'));
  let id: [string, string] | undefined;
  if (idArray instanceof PDFArray && idArray.size() === 2) {
    const a = hexOf(idArray.get(0));
    const b = hexOf(idArray.get(1));
    if (a !== undefined && b !== undefined) id = [a, b];
  }
  return {
    revision: {
      startxref: newest!.offset,
      size: maxObjectNumberPlusOne(entries, size),
      usesXrefStream: newest!.isStream,
      root,
      info: refOf(trailer.get(PDFName.of('Info'))),
      id,
      ...(brokenLink ? { completeXref: [...entries].map(([n, e]) => ({ num: n, ...e })) } : {}),
    },
    encrypted: trailer.has(PDFName.of('Encrypt')),
    entries,
    sections,
  };
}

/** Some writers leave /Size too small; new objects must not reuse a number the file already holds. */
function maxObjectNumberPlusOne(entries: Map<number, XrefEntry>, size: number): number {
  let max = size;
  for (const n of entries.keys()) if (n + 1 > max) max = n + 1;
  return max;
}

/** A cross-reference stream is 5-20 bytes per object: anything inflating past this is a bomb. */
const MAX_XREF_STREAM_BYTES = 64 * 1024 * 1024;

const decodeBounded = (stream: PDFRawStream): Uint8Array => decodeStreamBounded(stream, MAX_XREF_STREAM_BYTES, 'cross-reference stream');

/** pdf-lib's decoder ignores /DecodeParms; xref streams almost always use the PNG "Up" predictor (ISO 32000-1 7.4.4.4). */
function undoPredictor(data: Uint8Array, parms: unknown): Uint8Array {
  if (!(parms instanceof PDFDict)) return data;
  const predictor = num(parms.get(PDFName.of('Predictor'))) ?? 1;
  if (predictor < 10) {
    if (predictor === 1) return data;
    throw damaged(`cross-reference stream uses unsupported predictor ${predictor}`);
  }
  const columns = num(parms.get(PDFName.of('Columns'))) ?? 1;
  if (columns < 1 || columns > 1 << 16) throw damaged('cross-reference stream has bad /Columns');
  const rowIn = columns + 1;
  const rows = Math.floor(data.length / rowIn);
  const out = new Uint8Array(rows * columns);
  for (let r = 0; r < rows; r++) {
    const type = data[r * rowIn];
    for (let c = 0; c < columns; c++) {
      const raw = data[r * rowIn + 1 + c];
      const left = c > 0 ? out[r * columns + c - 1] : 0;
      const up = r > 0 ? out[(r - 1) * columns + c] : 0;
      const upLeft = r > 0 && c > 0 ? out[(r - 1) * columns + c - 1] : 0;
      let v: number;
      switch (type) {
        case 0: v = raw; break;
        case 1: v = raw + left; break;
        case 2: v = raw + up; break;
        case 3: v = raw + ((left + up) >> 1); break;
        case 4: {
          const p = left + up - upLeft;
          const pa = Math.abs(p - left), pb = Math.abs(p - up), pc = Math.abs(p - upLeft);
          v = raw + (pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft);
          break;
        }
        default: throw damaged('cross-reference stream has a bad predictor row');
      }
      out[r * columns + c] = v & 0xff;
    }
  }
  return out;
}
