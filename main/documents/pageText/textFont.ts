import { PDFArray, PDFContext, PDFDict, PDFName, PDFNumber, PDFRawStream, type PDFObject } from 'pdf-lib';
import { baseEncoding, type BaseEncodingName } from './baseEncodings';
import { parseCMap, type ParsedCMap } from './cmapParser';
import { unicodeOfGlyphName } from './glyphUnicode';
import { dictEntry, dictOf, lookup, nameEntry, numberEntry, numbersOf, streamData } from './pdfObjects';
import { standardFontName, standardGlyphWidth } from './standardFontWidths';

/**
 * What the text reader needs of a font (ISO 32000-1 9.6–9.10): how a shown string splits into
 * glyphs, each glyph's advance and its text. Simple fonts (Type1, MMType1, TrueType, Type3) take
 * one byte per code, widths from /Widths (else the standard 14 metrics), text from /ToUnicode, else
 * the glyph name of /Encoding (/Differences over a base encoding); Type0 fonts split codes by their
 * CMap (Identity-H/V: two bytes, CID = code) and take widths from the CIDFont's /W and /DW.
 * Any damaged part degrades to a default width or no text; reading a font never throws.
 */
export interface ShownGlyph {
  text: string;
  /** The advance in glyph units (horizontal, or downwards for vertical fonts); × widthScale: text space for a font size of 1. */
  width: number;
  /** Word spacing applies: the single-byte code 32. */
  wordSpace: boolean;
}

export interface TextFont {
  vertical: boolean;
  /** Glyph units to text space: 1/1000, or a Type3 font's /FontMatrix. */
  widthScale: number;
  /** The height of the glyph box in text space for a font size of 1 (1, except for some Type3 fonts). */
  emHeight: number;
  glyphs(bytes: Uint8Array): ShownGlyph[];
}

const DEFAULT_WIDTH = 500;
/** The /ToUnicode or /Encoding CMap of one font is decoded with this ceiling. */
const MAX_CMAP_BYTES = 4 << 20;

/** The font used for a Tf naming nothing readable: a plain one with a default width. */
export const FALLBACK_FONT: TextFont = {
  vertical: false,
  widthScale: 0.001,
  emHeight: 1,
  glyphs: (bytes) => Array.from(bytes, (c) => ({ text: c >= 32 && c < 127 ? String.fromCharCode(c) : '', width: DEFAULT_WIDTH, wordSpace: c === 32 })),
};

/** What may still be decoded for the page (its CMaps count with its content); the reader lowers it. */
export interface DecodeBudget {
  decodedBytes: number;
}

export function readTextFont(ctx: PDFContext, obj: PDFObject | undefined, budget: DecodeBudget = { decodedBytes: MAX_CMAP_BYTES * 2 }): TextFont {
  try {
    const dict = dictOf(ctx, obj);
    if (!dict) return FALLBACK_FONT;
    const subtype = nameEntry(ctx, dict, 'Subtype');
    return subtype === 'Type0' ? readType0Font(ctx, dict, budget) : readSimpleFont(ctx, dict, subtype === 'Type3', budget);
  } catch {
    return FALLBACK_FONT;
  }
}

function cmapOf(ctx: PDFContext, obj: PDFObject | undefined, budget: DecodeBudget, what: string): ParsedCMap | undefined {
  const data = streamData(ctx, obj, Math.min(MAX_CMAP_BYTES, budget.decodedBytes), what);
  if (!data) return undefined;
  budget.decodedBytes -= data.length;
  return parseCMap(data);
}

/** Code → glyph name: /Encoding's /Differences over its base (or the font's usual one). */
function simpleEncoding(ctx: PDFContext, dict: PDFDict, standard: string | undefined, type3: boolean): (string | undefined)[] {
  const enc = dictEntry(ctx, dict, 'Encoding');
  const descriptor = dictOf(ctx, dict.get(PDFName.of('FontDescriptor')));
  const symbolic = ((numberEntry(ctx, descriptor, 'Flags') ?? 0) & 4) !== 0;
  const known = (n: string | undefined): n is BaseEncodingName => n === 'WinAnsiEncoding' || n === 'MacRomanEncoding' || n === 'StandardEncoding';
  const builtIn: BaseEncodingName | undefined = standard === 'Symbol' || standard === 'ZapfDingbats' ? standard : undefined;
  const fallback: BaseEncodingName = builtIn ?? (nameEntry(ctx, dict, 'Subtype') === 'TrueType' || symbolic ? 'WinAnsiEncoding' : 'StandardEncoding');
  let base: BaseEncodingName = fallback;
  let differences: PDFArray | undefined;
  if (enc instanceof PDFName) base = known(enc.decodeText()) ? (enc.decodeText() as BaseEncodingName) : fallback;
  else if (enc instanceof PDFDict) {
    const b = nameEntry(ctx, enc, 'BaseEncoding');
    if (known(b)) base = b;
    const d = dictEntry(ctx, enc, 'Differences');
    if (d instanceof PDFArray) differences = d;
  }
  const table = type3 && !(enc instanceof PDFName) ? new Array<string | undefined>(256).fill(undefined) : [...baseEncoding(base)];
  if (differences) {
    let code = 0;
    for (let i = 0; i < differences.size() && i < 4096; i++) {
      const v = lookup(ctx, differences.get(i));
      if (v instanceof PDFNumber) code = Math.trunc(v.asNumber());
      else if (v instanceof PDFName) {
        if (code >= 0 && code < 256) table[code] = v.decodeText();
        code++;
      }
    }
  }
  return table;
}

function readSimpleFont(ctx: PDFContext, dict: PDFDict, type3: boolean, budget: DecodeBudget): TextFont {
  const baseFont = nameEntry(ctx, dict, 'BaseFont');
  const standard = type3 ? undefined : standardFontName(baseFont);
  const encoding = simpleEncoding(ctx, dict, standard, type3);
  const toUnicode = cmapOf(ctx, dict.get(PDFName.of('ToUnicode')), budget, 'font ToUnicode map');
  const firstChar = numberEntry(ctx, dict, 'FirstChar') ?? 0;
  const widths = numbersOf(ctx, dict.get(PDFName.of('Widths')), 256);
  const descriptor = dictOf(ctx, dict.get(PDFName.of('FontDescriptor')));
  const missing = numberEntry(ctx, descriptor, 'MissingWidth');
  // Type3 widths are in glyph space, which /FontMatrix maps to text space.
  const matrix = type3 ? numbersOf(ctx, dict.get(PDFName.of('FontMatrix')), 6) : undefined;
  const scale = type3 ? validScale(matrix?.[0], 0.001) : 0.001;
  let emHeight = 1;
  if (type3) {
    const bbox = numbersOf(ctx, dict.get(PDFName.of('FontBBox')), 4);
    const yScale = Math.abs(validScale(matrix?.[3], 0.001));
    const h = bbox && bbox.length === 4 ? Math.abs(bbox[3] - bbox[1]) * yScale : 0;
    emHeight = h > 0 && h < 100 ? h : yScale * 1000;
  }
  const widthOf = new Array<number>(256);
  const textOf = new Array<string>(256);
  for (let code = 0; code < 256; code++) {
    const name = encoding[code];
    const listed = widths && code >= firstChar && code - firstChar < widths.length ? widths[code - firstChar] : undefined;
    widthOf[code] = listed ?? (standard && name ? standardGlyphWidth(standard, name) : undefined) ?? missing ?? (widths || standard ? 0 : DEFAULT_WIDTH);
    textOf[code] = toUnicode?.textOf(code) ?? (name ? unicodeOfGlyphName(name) : code >= 32 && code < 127 ? String.fromCharCode(code) : '');
  }
  return {
    vertical: false,
    widthScale: scale,
    emHeight,
    glyphs: (bytes) => Array.from(bytes, (c) => ({ text: textOf[c], width: widthOf[c], wordSpace: c === 32 })),
  };
}

function validScale(v: number | undefined, fallback: number): number {
  return v !== undefined && Number.isFinite(v) && v !== 0 && Math.abs(v) < 10 ? v : fallback;
}

/** /W: `c [w1 w2 …]` or `c_first c_last w`, CIDs to widths (1/1000 em). */
function cidWidths(ctx: PDFContext, obj: PDFObject | undefined): { single: Map<number, number>; ranges: [number, number, number][] } {
  const single = new Map<number, number>();
  const ranges: [number, number, number][] = [];
  const w = lookup(ctx, obj);
  if (!(w instanceof PDFArray)) return { single, ranges };
  const items = w.asArray().slice(0, 200_000).map((o) => lookup(ctx, o));
  for (let i = 0; i < items.length;) {
    const first = items[i];
    const next = items[i + 1];
    if (!(first instanceof PDFNumber)) {
      i++;
      continue;
    }
    if (next instanceof PDFArray) {
      const ws = numbersOf(ctx, next) ?? [];
      ws.forEach((v, k) => single.set(first.asNumber() + k, v));
      i += 2;
    } else if (next instanceof PDFNumber && items[i + 2] instanceof PDFNumber) {
      ranges.push([first.asNumber(), next.asNumber(), (items[i + 2] as PDFNumber).asNumber()]);
      i += 3;
    } else i++;
  }
  return { single, ranges };
}

function readType0Font(ctx: PDFContext, dict: PDFDict, budget: DecodeBudget): TextFont {
  const descendants = dictEntry(ctx, dict, 'DescendantFonts');
  const cidFont = descendants instanceof PDFArray ? dictOf(ctx, descendants.get(0)) : undefined;
  const { single, ranges } = cidWidths(ctx, cidFont?.get(PDFName.of('W')));
  const dw = numberEntry(ctx, cidFont, 'DW') ?? 1000;
  const toUnicode = cmapOf(ctx, dict.get(PDFName.of('ToUnicode')), budget, 'font ToUnicode map');
  const encodingObj = lookup(ctx, dict.get(PDFName.of('Encoding')));
  let codeMap: ParsedCMap | undefined;
  let vertical = false;
  let unicodeCodes = false;
  if (encodingObj instanceof PDFName) {
    const name = encodingObj.decodeText();
    vertical = name.endsWith('-V');
    unicodeCodes = /UCS2|UTF16/.test(name);
  } else if (encodingObj instanceof PDFRawStream) {
    codeMap = cmapOf(ctx, encodingObj, budget, 'font encoding CMap');
    vertical = numberEntry(ctx, encodingObj.dict, 'WMode') === 1;
  }
  const dw2 = numbersOf(ctx, cidFont?.get(PDFName.of('DW2')), 2);
  const verticalAdvance = Math.abs(dw2?.[1] ?? -1000);
  const widthOfCid = (cid: number): number => {
    const w = single.get(cid);
    if (w !== undefined) return w;
    for (const [a, b, v] of ranges) if (cid >= a && cid <= b) return v;
    return dw;
  };
  const codesOf = (bytes: Uint8Array): { code: number; oneByte: boolean }[] => {
    if (!codeMap || codeMap.codespaces.length === 0) {
      const out: { code: number; oneByte: boolean }[] = [];
      for (let i = 0; i + 1 < bytes.length; i += 2) out.push({ code: (bytes[i] << 8) | bytes[i + 1], oneByte: false });
      if (bytes.length % 2 === 1) out.push({ code: bytes[bytes.length - 1], oneByte: true });
      return out;
    }
    const codes = codeMap.codesOf(bytes, 2);
    return codes.map((code) => ({ code, oneByte: codeMap!.codespaces.some((c) => c.bytes === 1 && code >= c.low && code <= c.high) }));
  };
  return {
    vertical,
    widthScale: 0.001,
    emHeight: 1,
    glyphs: (bytes) => codesOf(bytes).map(({ code, oneByte }) => {
      const cid = codeMap ? codeMap.cidOf(code) ?? code : code;
      const text = toUnicode?.textOf(code) ?? (unicodeCodes && code >= 32 ? String.fromCharCode(code) : '');
      return { text, width: vertical ? verticalAdvance : widthOfCid(cid), wordSpace: oneByte && code === 32 };
    }),
  };
}
