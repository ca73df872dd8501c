import {
  PDFContext, PDFDict, PDFName, PDFNumber, PDFObjectParser, PDFRawStream, PDFRef, type PDFObject,
} from 'pdf-lib';
import { decodeStreamBounded } from './boundedStreamDecode';
import { PdfRejectedError } from './pdfRejectedError';
import { scanObjects } from './xrefRecovery';
import { shallowDictEntries } from './shallowDict';
import type { XrefChain, XrefEntry } from './xrefChain';

/**
 * A pdf-lib context that reads an object only when it is first looked up, at the place the
 * cross-reference chain gives for it. Signing touches the catalog, the page tree, one page, the
 * AcroForm and its fields (and the structure tree of a tagged PDF): a few dozen objects of a
 * document that may hold tens of thousands, which pdf-lib's own loader would all parse.
 *
 * The objects are the ones a strict reader sees (the newest revision's, as the chain says), parsed by
 * pdf-lib's own object parser, so they are the same pdf-lib classes its loader makes. A writer's
 * slip of a few bytes in an offset is tolerated like the chain's own sections are; an object that
 * is not where the table says is found the way reconstructing readers find it (by scanning the file,
 * the last copy winning, which is also what pdf-lib's loader keeps).
 */
const NEAR_MISS_WINDOW = 64;
/** An object stream is decoded with this output cap (compressedStreamGuard.ts bounds the whole file). */
const MAX_OBJECT_STREAM_BYTES = 64 * 1024 * 1024;
const latin1 = new TextDecoder('latin1');

class LazyObjectMap extends Map<PDFRef, PDFObject> {
  /** What each object number read as (null: unreadable), so that it is looked for once, not on every lookup. */
  private readonly loaded = new Map<number, { object: PDFObject; gen: number } | null>();
  private readonly objectStreams = new Map<number, { data: Uint8Array; offsets: Map<number, number> } | undefined>();
  private scanned: Map<number, XrefEntry> | undefined;

  constructor(private readonly bytes: Uint8Array, private readonly table: Map<number, XrefEntry>, private readonly context: () => PDFContext) {
    super();
  }

  override get(ref: PDFRef): PDFObject | undefined {
    const known = super.get(ref);
    if (known !== undefined) return known;
    const num = ref.objectNumber;
    if (!this.loaded.has(num)) this.loaded.set(num, this.load(num) ?? null);
    const found = this.loaded.get(num);
    // A reference whose generation is not the live one names a free object: absent, as for pdf-lib's loader.
    if (!found || found.gen !== ref.generationNumber) return undefined;
    super.set(ref, found.object);
    return found.object;
  }

  /**
   * Only the `wanted` entries of a dictionary object, parsed; undefined when that cannot be done
   * cheaply and surely (then look it up in full). Not kept: a later lookup reads the whole object.
   */
  shallow(ref: PDFRef, wanted: ReadonlySet<string>): PDFDict | undefined {
    const known = super.get(ref);
    if (known !== undefined) return known instanceof PDFDict ? known : undefined;
    const num = ref.objectNumber;
    const entry = this.table.get(num);
    if (this.loaded.has(num) || !entry || entry.type !== 1) return undefined;
    const at = this.headerAt(num, entry.offset);
    if (!at || at.gen !== ref.generationNumber) return undefined;
    const entries = shallowDictEntries(this.bytes, at.body, wanted);
    if (!entries) return undefined;
    const context = this.context();
    const dict = PDFDict.withContext(context);
    try {
      for (const [key, { from, to }] of entries) dict.set(nameOf(key), PDFObjectParser.forBytes(this.bytes.subarray(from, to), context).parseObject());
    } catch {
      return undefined;
    }
    return dict;
  }

  override has(ref: PDFRef): boolean {
    return this.get(ref) !== undefined;
  }

  private load(num: number): { object: PDFObject; gen: number } | undefined {
    const entry = this.table.get(num);
    const fromTable = entry && this.read(num, entry);
    if (fromTable) return fromTable;
    this.scanned ??= scanObjects(this.bytes, decodeObjectStream);
    const scanned = this.scanned.get(num);
    const elsewhere = scanned && (scanned.type !== entry?.type || scanned.offset !== entry.offset || scanned.index !== entry.index);
    return elsewhere ? this.read(num, scanned) : undefined;
  }

  private read(num: number, entry: XrefEntry): { object: PDFObject; gen: number } | undefined {
    try {
      if (entry.type === 2) {
        const object = this.fromObjectStream(entry.offset, num);
        return object && { object, gen: 0 };
      }
      const at = this.headerAt(num, entry.offset);
      if (!at) return undefined;
      return { object: PDFObjectParser.forBytes(this.bytes.subarray(at.body), this.context()).parseObject(), gen: at.gen };
    } catch (err) {
      if (err instanceof PdfRejectedError) throw err;
      if (err instanceof RangeError) throw new PdfRejectedError('too-complex', 'The PDF is too deeply nested to read safely.');
      return undefined; // unreadable: treated as absent, as pdf-lib's loader skips invalid objects
    }
  }

  /** Where the body of `num g obj` starts, at the offset or within a few bytes of it. */
  private headerAt(num: number, offset: number): { body: number; gen: number } | undefined {
    if (offset < 0 || offset >= this.bytes.length) return undefined;
    const exact = new RegExp(`^${num}\\s+(\\d{1,5})\\s+obj\\b`).exec(latin1.decode(this.bytes.subarray(offset, offset + 32)));
    if (exact) return { body: offset + exact[0].length, gen: Number(exact[1]) };
    const from = Math.max(0, offset - NEAR_MISS_WINDOW);
    const window = latin1.decode(this.bytes.subarray(from, offset + NEAR_MISS_WINDOW + 32));
    const re = new RegExp(`(?:^|[^\\d])(${num}\\s+(\\d{1,5})\\s+obj\\b)`, 'g');
    let best: { body: number; gen: number; distance: number } | undefined;
    for (let m = re.exec(window); m; m = re.exec(window)) {
      const start = from + m.index + m[0].length - m[1].length;
      const distance = Math.abs(start - offset);
      if (!best || distance < best.distance) best = { body: start + m[1].length, gen: Number(m[2]), distance };
    }
    return best;
  }

  private fromObjectStream(streamNum: number, num: number): PDFObject | undefined {
    if (!this.objectStreams.has(streamNum)) this.objectStreams.set(streamNum, this.openObjectStream(streamNum));
    const stream = this.objectStreams.get(streamNum);
    const at = stream?.offsets.get(num);
    if (!stream || at === undefined || at >= stream.data.length) return undefined;
    return PDFObjectParser.forBytes(stream.data.subarray(at), this.context()).parseObject();
  }

  /** The decoded object stream and where each of its objects starts (ISO 32000-1 7.5.7). */
  private openObjectStream(streamNum: number): { data: Uint8Array; offsets: Map<number, number> } | undefined {
    const entry = this.table.get(streamNum) ?? (this.scanned ??= scanObjects(this.bytes, decodeObjectStream)).get(streamNum);
    if (!entry || entry.type !== 1) return undefined;
    const at = this.headerAt(streamNum, entry.offset);
    if (!at) return undefined;
    const stream = PDFObjectParser.forBytes(this.bytes.subarray(at.body), this.context()).parseObject();
    if (!(stream instanceof PDFRawStream)) return undefined;
    const n = stream.dict.get(PDFName.of('N'));
    const first = stream.dict.get(PDFName.of('First'));
    if (!(n instanceof PDFNumber) || !(first instanceof PDFNumber)) return undefined;
    const data = decodeObjectStream(stream);
    const ints = latin1.decode(data.subarray(0, first.asNumber())).trim().split(/\s+/).map(Number);
    const offsets = new Map<number, number>();
    for (let i = 0; i < n.asNumber() && 2 * i + 1 < ints.length; i++) {
      // The first copy of a number in one stream is the one readers take.
      if (!offsets.has(ints[2 * i])) offsets.set(ints[2 * i], first.asNumber() + ints[2 * i + 1]);
    }
    return { data, offsets };
  }
}

const names = new Map<string, PDFName>();
/** PDFName.of decodes its argument on every call; the few keys asked for are decoded once. */
function nameOf(key: string): PDFName {
  let name = names.get(key);
  if (!name) names.set(key, (name = PDFName.of(key)));
  return name;
}

const decodeObjectStream = (stream: PDFRawStream): Uint8Array => decodeStreamBounded(stream, MAX_OBJECT_STREAM_BYTES, 'compressed object stream');

/** The `wanted` entries of a dictionary object without reading the rest of it (see LazyObjectMap.shallow); undefined: look it up in full. */
export function shallowLookup(context: PDFContext, ref: PDFRef, wanted: ReadonlySet<string>): PDFDict | undefined {
  const objects = (context as unknown as { indirectObjects: Map<PDFRef, PDFObject> }).indirectObjects;
  return objects instanceof LazyObjectMap ? objects.shallow(ref, wanted) : undefined;
}

/** A context over `bytes` whose objects are read on first lookup; the trailer is the newest revision's. */
export function lazyPdfContext(bytes: Uint8Array, chain: XrefChain): PDFContext {
  const context = PDFContext.create();
  const objects = new LazyObjectMap(bytes, chain.entries, () => context);
  (context as unknown as { indirectObjects: Map<PDFRef, PDFObject> }).indirectObjects = objects;
  const { root, info } = chain.revision;
  context.trailerInfo = { Root: PDFRef.of(root.num, root.gen), ...(info ? { Info: PDFRef.of(info.num, info.gen) } : {}) };
  context.largestObjectNumber = chain.revision.size - 1;
  return context;
}
