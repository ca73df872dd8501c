import { PDFContext, PDFName, PDFNumber, PDFObjectParser, PDFRawStream } from 'pdf-lib';
import type { XrefEntry } from './xrefChain';

/**
 * Finds every object of a file by scanning its bytes, as reconstructing readers (qpdf, poppler,
 * MuPDF) do when a cross-reference chain is broken: each `n g obj` at the start of a line, the last
 * one in the file winning (later revisions are appended), and the objects packed in object streams.
 * A directly written object wins over a packed copy of the same number.
 */
const latin1 = new TextDecoder('latin1');
/** Looking this far past an object header is enough to see whether its dictionary says /Type /ObjStm. */
const HEAD_WINDOW = 512;

export type DecodeStream = (stream: PDFRawStream) => Uint8Array;

export function scanObjects(bytes: Uint8Array, decode: DecodeStream): Map<number, XrefEntry> {
  const text = latin1.decode(bytes);
  const direct = new Map<number, XrefEntry>();
  const objectStreams: number[] = [];
  const re = /(^|[\r\n])[ \t]*(\d{1,10})[ \t\r\n]+(\d{1,5})[ \t\r\n]+obj\b/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const offset = m.index + m[1].length;
    const num = Number(m[2]);
    direct.set(num, { type: 1, offset, gen: Number(m[3]) });
    if (/\/Type\s*\/ObjStm\b/.test(text.slice(offset, offset + HEAD_WINDOW))) objectStreams.push(offset);
  }
  const packed = new Map<number, XrefEntry>();
  const context = PDFContext.create();
  for (const offset of objectStreams) {
    const streamNum = Number(/^\s*(\d+)/.exec(text.slice(offset, offset + 12))![1]);
    // Only the copy the scan kept is live; an older revision's object stream of the same number is not.
    if (direct.get(streamNum)?.offset !== offset) continue;
    for (const [num, index] of objectStreamMembers(bytes, offset, context, decode)) {
      if (!packed.has(num)) packed.set(num, { type: 2, offset: streamNum, gen: 0, index });
    }
  }
  for (const [num, entry] of packed) if (!direct.has(num)) direct.set(num, entry);
  return direct;
}

/** The (object number, index) pairs in an object stream's header; none when it cannot be read. */
function objectStreamMembers(bytes: Uint8Array, offset: number, context: PDFContext, decode: DecodeStream): [number, number][] {
  try {
    const head = /^\s*\d+\s+\d+\s+obj/.exec(latin1.decode(bytes.subarray(offset, offset + 40)))!;
    const stream = PDFObjectParser.forBytes(bytes.subarray(offset + head[0].length), context).parseObject();
    if (!(stream instanceof PDFRawStream)) return [];
    const n = stream.dict.get(PDFName.of('N'));
    const first = stream.dict.get(PDFName.of('First'));
    if (!(n instanceof PDFNumber) || !(first instanceof PDFNumber)) return [];
    const header = latin1.decode(decode(stream).subarray(0, first.asNumber()));
    const ints = header.trim().split(/\s+/).map(Number);
    const out: [number, number][] = [];
    for (let i = 0; i < n.asNumber() && 2 * i + 1 < ints.length; i++) {
      if (Number.isInteger(ints[2 * i])) out.push([ints[2 * i], i]);
    }
    return out;
  } catch {
    return [];
  }
}
