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
    d.set(PDFName.of('Prev'), PDFNumber.of(revision.startxref));
    return d;
  };
  const xrefOffset = pos;
  if (revision.usesXrefStream) {
    const xrefNum = maxNum + 1;
    const all = [...entries, { num: xrefNum, gen: 0, offset: xrefOffset }].sort((a, b) => a.num - b.num);
    const rows = new Uint8Array(all.length * 7);
    all.forEach((e, i) => {
      const r = i * 7;
      rows[r] = 1;
      rows[r + 1] = (e.offset >>> 24) & 0xff;
      rows[r + 2] = (e.offset >>> 16) & 0xff;
      rows[r + 3] = (e.offset >>> 8) & 0xff;
      rows[r + 4] = e.offset & 0xff;
      rows[r + 5] = (e.gen >>> 8) & 0xff;
      rows[r + 6] = e.gen & 0xff;
    });
    const dict = trailerEntries(xrefNum + 1);
    dict.set(PDFName.of('Type'), PDFName.of('XRef'));
    dict.set(PDFName.of('W'), context.obj([1, 4, 2]));
    dict.set(PDFName.of('Index'), context.obj(runsOf(all.map((e) => e.num)).flat()));
    const data = deflateSync(rows);
    dict.set(PDFName.of('Filter'), PDFName.of('FlateDecode'));
    dict.set(PDFName.of('Length'), PDFNumber.of(data.length));
    const stream = PDFRawStream.of(dict, new Uint8Array(data));
    push(enc.encode(`${xrefNum} 0 obj\n`));
    push(serialize(stream));
    push(enc.encode('\nendobj\n'));
  } else {
    const sorted = [...entries].sort((a, b) => a.num - b.num);
    const lines: string[] = ['xref'];
    let i = 0;
    for (const [first, count] of runsOf(sorted.map((e) => e.num))) {
      lines.push(`${first} ${count}`);
      for (let k = 0; k < count; k++, i++) {
        lines.push(`${String(sorted[i].offset).padStart(10, '0')} ${String(sorted[i].gen).padStart(5, '0')} n\r`);
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
