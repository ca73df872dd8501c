import { inflateSync } from 'node:zlib';
import { PDFArray, PDFContext, PDFName, PDFNumber, PDFObjectParser, PDFRawStream } from 'pdf-lib';
import { PdfRejectedError } from './pdfRejectedError';

/**
 * pdf-lib inflates every object stream it meets while loading, with no output limit, and the
 * buffers live outside the V8 heap (so the worker's heap limit does not see them): a 300 KB file
 * can demand gigabytes. Before pdf-lib runs, every /ObjStm in the file is inflated here with a cap.
 */
const MAX_OBJECT_STREAM_BYTES = 64 * 1024 * 1024;
const MAX_TOTAL_BYTES = 256 * 1024 * 1024;
const MAX_OBJECTS_PER_STREAM = 1_000_000;

export function guardCompressedObjectStreams(bytes: Uint8Array): void {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  const context = PDFContext.create();
  let total = 0;
  for (let at = text.indexOf('/ObjStm'); at >= 0; at = text.indexOf('/ObjStm', at + 7)) {
    // The object header is the nearest "n g obj" before the name.
    const before = text.slice(Math.max(0, at - 2048), at);
    const m = /(\d+)\s+(\d+)\s+obj\s*$/.exec(before.slice(0, before.lastIndexOf('<<') >= 0 ? before.lastIndexOf('<<') : before.length));
    if (!m) continue;
    const dictStart = at - before.length + before.lastIndexOf('<<');
    let stream;
    try {
      stream = PDFObjectParser.forBytes(bytes.subarray(dictStart), context).parseObject();
    } catch {
      continue; // unreadable: pdf-lib will skip or reject it the same way
    }
    if (!(stream instanceof PDFRawStream)) continue;
    const n = stream.dict.get(PDFName.of('N'));
    if (n instanceof PDFNumber && n.asNumber() > MAX_OBJECTS_PER_STREAM) {
      throw new PdfRejectedError('too-complex', 'The PDF declares an object stream with an implausible number of objects.');
    }
    const filter = stream.dict.get(PDFName.of('Filter'));
    const only = filter instanceof PDFArray && filter.size() === 1 ? filter.get(0) : filter;
    if (only !== PDFName.of('FlateDecode')) continue;
    try {
      total += inflateSync(stream.contents, { maxOutputLength: MAX_OBJECT_STREAM_BYTES }).length;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
        throw new PdfRejectedError('too-complex', 'The PDF contains a compressed object stream that inflates to an implausible size (a decompression bomb).');
      }
    }
    if (total > MAX_TOTAL_BYTES) throw new PdfRejectedError('too-complex', 'The PDF\'s compressed objects inflate to an implausible total size.');
  }
}
