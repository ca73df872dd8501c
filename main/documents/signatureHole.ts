import { createHash } from 'node:crypto';
import { PDFDict, PDFHexString, PDFName, type PDFContext, type PDFRef } from 'pdf-lib';
import { writeIncrementalUpdate, type UpdatedObject } from './incrementalUpdate';
import type { PdfRevisionInfo } from './pdfInfo';

/**
 * Writes an incremental update whose signature dictionary gets a /ByteRange over everything but its
 * /Contents, and fills /Contents with what `produce` returns for those bytes (a CMS signature, a
 * time-stamp token). The hole is sized to the exact DER length — a zero-padded hole is a place where
 * a changed byte goes unnoticed by some verifiers — so a value whose length differs from the guess
 * is asked for again, up to five times (the last one with a little slack).
 */
export interface SignedUpdateRequest {
  original: Uint8Array;
  revision: PdfRevisionInfo;
  objects: UpdatedObject[];
  context: PDFContext;
  sigDict: PDFDict;
  sigRef: PDFRef;
  newId: Uint8Array;
  /** Expected length of the value (bytes). */
  guess: number;
  produce(signed: { digest: Uint8Array; bytes: () => Buffer }): Promise<Uint8Array>;
}

const BYTE_RANGE_PLACEHOLDER = 9_999_999_999;
const latin1 = new TextDecoder('latin1');

export async function writeSignedUpdate(r: SignedUpdateRequest): Promise<{ pdf: Uint8Array; value: Uint8Array }> {
  const brArray = r.context.obj([0, BYTE_RANGE_PLACEHOLDER, BYTE_RANGE_PLACEHOLDER, BYTE_RANGE_PLACEHOLDER]);
  r.sigDict.set(PDFName.of('ByteRange'), brArray);
  const brPlaceholder = brArray.toString();
  const assemble = (reserveBytes: number) => {
    r.sigDict.set(PDFName.of('Contents'), PDFHexString.of('0'.repeat(reserveBytes * 2)));
    const update = writeIncrementalUpdate(r.original, r.revision, r.objects, r.context, r.newId);
    const out = update.bytes;
    const sigAt = update.offsets.get(`${r.sigRef.objectNumber} ${r.sigRef.generationNumber}`)!;
    const sigText = latin1.decode(out.subarray(sigAt.start, sigAt.end));
    const brAt = sigAt.start + sigText.indexOf(brPlaceholder);
    const contentsKey = sigText.indexOf('/Contents <');
    if (brAt < sigAt.start || contentsKey < 0) throw new Error('internal: signature placeholders not found');
    const contentsStart = sigAt.start + contentsKey + '/Contents '.length;
    const contentsEnd = contentsStart + reserveBytes * 2 + 2;
    const byteRange = [0, contentsStart, contentsEnd, out.length - contentsEnd];
    out.set(new TextEncoder().encode(`[${byteRange.join(' ')}]`.padEnd(brPlaceholder.length, ' ')), brAt);
    const bytes = () => Buffer.concat([Buffer.from(out.subarray(0, contentsStart)), Buffer.from(out.subarray(contentsEnd))]);
    const digest = new Uint8Array(createHash('sha256').update(out.subarray(0, contentsStart)).update(out.subarray(contentsEnd)).digest());
    return { out, contentsStart, digest, bytes };
  };
  let reserve = r.guess;
  for (let attempt = 0; attempt < 5; attempt++) {
    const last = attempt === 4;
    const size = last ? reserve + 64 : reserve;
    const { out, contentsStart, digest, bytes } = assemble(size);
    const value = await r.produce({ digest, bytes });
    if (value.length === size || (last && value.length <= size)) {
      out.set(new TextEncoder().encode(Buffer.from(value).toString('hex')), contentsStart + 1);
      return { pdf: out, value };
    }
    reserve = value.length;
  }
  throw new Error('internal: the signature value size did not settle');
}

/** A fresh signature dictionary (the caller registers it) with the common entries. */
export function newSignatureDict(context: PDFContext, entries: Record<string, string>): PDFDict {
  const d = PDFDict.withContext(context);
  for (const [k, v] of Object.entries(entries)) d.set(PDFName.of(k), PDFName.of(v));
  return d;
}
