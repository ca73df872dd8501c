import { deflateSync } from 'node:zlib';
import { PDFArray, PDFContext, PDFDict, PDFHexString, PDFName, PDFNumber, PDFRawStream, PDFRef, type PDFObject } from 'pdf-lib';
import type { PdfRevisionInfo } from './pdfInfo';

/**
 * Appends one incremental update (ISO 32000-1 7.5.6) to a document: the changed and new objects,
 * a cross-reference section for exactly those objects, and a trailer whose /Prev points at the
 * previous section. The original bytes are never touched, so every earlier signature keeps its
 * byte range. A file whose newest section is a cross-reference stream gets a stream too.
 */
export interface UpdatedObject {
  ref: PDFRef;
  object: PDFObject;
}

export interface IncrementalUpdate {
  bytes: Uint8Array;
  /** Byte offset of each written object, by "num gen". */
  offsets: Map<string, { start: number; end: number }>;
  /** Length of the original document (where the update starts). */
  originalLength: number;
}

const enc = new TextEncoder();

function serialize(obj: PDFObject): Uint8Array {
  const buf = new Uint8Array(obj.sizeInBytes());
  obj.copyBytesInto(buf, 0);
  return buf;
}

/** Groups sorted object numbers into [first, count] runs for xref subsections. */
function runsOf(nums: number[]): [number, number][] {
  const runs: [number, number][] = [];
  for (const n of nums) {
    const last = runs[runs.length - 1];
    if (last && last[0] + last[1] === n) last[1]++;
    else runs.push([n, 1]);
  }
  return runs;
}

export function writeIncrementalUpdate(
  original: Uint8Array,
  revision: PdfRevisionInfo,
  objects: UpdatedObject[],
  context: PDFContext,
  newId: Uint8Array,
): IncrementalUpdate {
  const parts: Uint8Array[] = [original];
  let pos = original.length;
  const push = (b: Uint8Array) => {
    parts.push(b);
    pos += b.length;
  };
  // The previous revision may end without an end-of-line after %%EOF.
  const last = original[original.length - 1];
  if (last !== 0x0a && last !== 0x0d) push(enc.encode('\n'));
  const offsets = new Map<string, { start: number; end: number }>();
  const entries: { num: number; gen: number; offset: number }[] = [];
  for (const { ref, object } of objects) {
    const start = pos;
    push(enc.encode(`${ref.objectNumber} ${ref.generationNumber} obj\n`));
    push(serialize(object));
    push(enc.encode('\nendobj\n'));
    offsets.set(`${ref.objectNumber} ${ref.generationNumber}`, { start, end: pos });
    entries.push({ num: ref.objectNumber, gen: ref.generationNumber, offset: start });
  }
  const maxNum = Math.max(revision.size - 1, ...entries.map((e) => e.num));
  const idFirst = revision.id?.[0] ?? Buffer.from(newId).toString('hex');
  const idArray = PDFArray.withContext(context);
  idArray.push(PDFHexString.of(idFirst));
  idArray.push(PDFHexString.of(Buffer.from(newId).toString('hex')));
  const trailerEntries = (size: number) => {
    const d = PDFDict.withContext(context);
    d.set(PDFName.of('Size'), PDFNumber.of(size));
    d.set(PDFName.of('Root'), PDFRef.of(revision.root.num, revision.root.gen));
    if (revision.info) d.set(PDFName.of('Info'), PDFRef.of(revision.info.num, revision.info.gen));
    d.set(PDFName.of('ID'), idArray);
    // A complete section stands alone: pointing back would lead readers into the broken link again.
    if (!revision.completeXref) d.set(PDFName.of('Prev'), PDFNumber.of(revision.startxref));
    return d;
  };
  const rows = xrefRows(revision, entries);
  const xrefOffset = pos;
  if (revision.usesXrefStream || rows.some((r) => r.type === 2)) {
    const xrefNum = maxNum + 1;
    const all = [...rows, { num: xrefNum, type: 1, f2: xrefOffset, f3: 0 }].sort((a, b) => a.num - b.num);
    const data = new Uint8Array(all.length * 7);
    all.forEach((e, i) => {
      const r = i * 7;
      data[r] = e.type;
      data[r + 1] = (e.f2 >>> 24) & 0xff;
      data[r + 2] = (e.f2 >>> 16) & 0xff;
      data[r + 3] = (e.f2 >>> 8) & 0xff;
      data[r + 4] = e.f2 & 0xff;
      data[r + 5] = (e.f3 >>> 8) & 0xff;
      data[r + 6] = e.f3 & 0xff;
    });
    const dict = trailerEntries(xrefNum + 1);
    dict.set(PDFName.of('Type'), PDFName.of('XRef'));
    dict.set(PDFName.of('W'), context.obj([1, 4, 2]));
    dict.set(PDFName.of('Index'), context.obj(runsOf(all.map((e) => e.num)).flat()));
    const deflated = deflateSync(data);
    dict.set(PDFName.of('Filter'), PDFName.of('FlateDecode'));
    dict.set(PDFName.of('Length'), PDFNumber.of(deflated.length));
    const stream = PDFRawStream.of(dict, new Uint8Array(deflated));
    push(enc.encode(`${xrefNum} 0 obj\n`));
    push(serialize(stream));
    push(enc.encode('\nendobj\n'));
  } else {
    const lines: string[] = ['xref'];
    let i = 0;
    for (const [first, count] of runsOf(rows.map((e) => e.num))) {
      lines.push(`${first} ${count}`);
      for (let k = 0; k < count; k++, i++) {
        const r = rows[i];
        lines.push(`${String(r.f2).padStart(10, '0')} ${String(r.f3).padStart(5, '0')} ${r.type === 0 ? 'f' : 'n'}\r`);
      }
    }
    lines.push('trailer');
    push(enc.encode(lines.join('\n') + '\n'));
    push(serialize(trailerEntries(maxNum + 1)));
    push(enc.encode('\n'));
  }
  push(enc.encode(`startxref\n${xrefOffset}\n%%EOF\n`));
  const out = new Uint8Array(pos);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return { bytes: out, offsets, originalLength: original.length };
}

interface XrefRow {
  num: number;
  /** 0 free, 1 at offset f2 with generation f3, 2 in object stream f2 at index f3. */
  type: number;
  f2: number;
  f3: number;
}

/** The section's rows, sorted: the written objects, plus every other live object when the chain behind is broken. */
function xrefRows(revision: PdfRevisionInfo, written: { num: number; gen: number; offset: number }[]): XrefRow[] {
  const rows = new Map<number, XrefRow>();
  if (revision.completeXref) {
    rows.set(0, { num: 0, type: 0, f2: 0, f3: 65535 });
    for (const e of revision.completeXref) {
      rows.set(e.num, e.type === 1 ? { num: e.num, type: 1, f2: e.offset, f3: e.gen } : { num: e.num, type: 2, f2: e.offset, f3: e.index ?? 0 });
    }
  }
  for (const e of written) rows.set(e.num, { num: e.num, type: 1, f2: e.offset, f3: e.gen });
  return [...rows.values()].sort((a, b) => a.num - b.num);
}
