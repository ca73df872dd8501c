import { inflateSync } from 'node:zlib';
import { PDFArray, PDFName, PDFRawStream, decodePDFRawStream } from 'pdf-lib';
import { PdfRejectedError } from './pdfRejectedError';

/**
 * Decodes a stream of an untrusted PDF with a ceiling on the output: FlateDecode (nearly every
 * stream) goes through Node's zlib with maxOutputLength; other filters through pdf-lib, after a
 * check that the encoded data are not themselves implausibly large.
 */
export function decodeStreamBounded(stream: PDFRawStream, maxBytes: number, what: string): Uint8Array {
  const filter = stream.dict.get(PDFName.of('Filter'));
  if (filter === undefined) return stream.contents;
  const only = filter instanceof PDFArray && filter.size() === 1 ? filter.get(0) : filter;
  if (only === PDFName.of('FlateDecode') && !stream.dict.has(PDFName.of('DecodeParms'))) {
    try {
      return inflateSync(stream.contents, { maxOutputLength: maxBytes });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
        throw new PdfRejectedError('too-complex', `The PDF's ${what} inflates to an implausible size.`);
      }
      // Damaged zlib data: pdf-lib's decoder is lenient about trailing garbage.
    }
  }
  if (stream.contents.length > maxBytes) throw new PdfRejectedError('too-complex', `The PDF's ${what} is implausibly large.`);
  const out = decodePDFRawStream(stream).decode();
  if (out.length > maxBytes) throw new PdfRejectedError('too-complex', `The PDF's ${what} inflates to an implausible size.`);
  return out;
}
