import { constants, inflateSync } from 'node:zlib';
import { PDFArray, PDFContext, PDFDict, PDFName, PDFNumber, PDFRawStream, type PDFObject } from 'pdf-lib';
import { decodeStreamBounded } from '../boundedStreamDecode';
import { isPdfRejectedError } from '../pdfRejectedError';

/**
 * Small, never-throwing readers of pdf-lib objects for the text reader: a damaged or unexpected
 * object reads as absent, so that a broken font or resource degrades the result instead of ending it.
 */
const names = new Map<string, PDFName>();
export function pdfName(key: string): PDFName {
  let n = names.get(key);
  if (!n) names.set(key, (n = PDFName.of(key)));
  return n;
}

export function lookup(ctx: PDFContext, obj: PDFObject | undefined): PDFObject | undefined {
  try {
    return obj === undefined ? undefined : ctx.lookup(obj);
  } catch {
    return undefined;
  }
}

export function dictEntry(ctx: PDFContext, dict: PDFDict | undefined, key: string): PDFObject | undefined {
  return dict ? lookup(ctx, dict.get(pdfName(key))) : undefined;
}

export function dictOf(ctx: PDFContext, obj: PDFObject | undefined): PDFDict | undefined {
  const o = lookup(ctx, obj);
  if (o instanceof PDFDict) return o;
  if (o instanceof PDFRawStream) return o.dict;
  return undefined;
}

export function numberEntry(ctx: PDFContext, dict: PDFDict | undefined, key: string): number | undefined {
  const o = dictEntry(ctx, dict, key);
  return o instanceof PDFNumber && Number.isFinite(o.asNumber()) ? o.asNumber() : undefined;
}

export function nameEntry(ctx: PDFContext, dict: PDFDict | undefined, key: string): string | undefined {
  const o = dictEntry(ctx, dict, key);
  return o instanceof PDFName ? o.decodeText() : undefined;
}

/** An array of numbers (non-numbers read as 0); undefined when the entry is not an array. */
export function numbersOf(ctx: PDFContext, obj: PDFObject | undefined, max = 100_000): number[] | undefined {
  const o = lookup(ctx, obj);
  if (!(o instanceof PDFArray)) return undefined;
  const out: number[] = [];
  for (let i = 0; i < o.size() && i < max; i++) {
    const v = lookup(ctx, o.get(i));
    out.push(v instanceof PDFNumber && Number.isFinite(v.asNumber()) ? v.asNumber() : 0);
  }
  return out;
}

/**
 * A stream's decoded data within `budget` bytes, or undefined (absent, too large, unreadable). A
 * truncated or damaged FlateDecode stream gives the bytes that inflate before the damage.
 */
export function streamData(ctx: PDFContext, obj: PDFObject | undefined, budget: number, what: string): Uint8Array | undefined {
  const o = lookup(ctx, obj);
  if (!(o instanceof PDFRawStream) || budget <= 0) return undefined;
  try {
    return decodeStreamBounded(o, budget, what);
  } catch (err) {
    if (isPdfRejectedError(err)) return undefined;
    const filter = lookup(ctx, o.dict.get(pdfName('Filter')));
    const flate = filter === pdfName('FlateDecode') || (filter instanceof PDFArray && filter.size() === 1 && filter.get(0) === pdfName('FlateDecode'));
    if (!flate) return undefined;
    try {
      return inflateSync(o.contents, { finishFlush: constants.Z_SYNC_FLUSH, maxOutputLength: budget });
    } catch {
      return undefined;
    }
  }
}
