/**
 * A cheap first look at bytes that claim to be a PDF, made before anything is stored: a header
 * `%PDF-1.x`/`%PDF-2.x` in the first KiB (the spec allows leading junk) and an `%%EOF` marker in the
 * last KiB. Deep validation (structure, hostile content) is the documents area's job when the teller
 * opens the file; this only keeps obvious non-PDFs (an HTML error page, a Word file) out of the queue.
 */
export class NotAPdfError extends Error {
  constructor(reason: string) {
    super(`not a PDF document: ${reason}`);
    this.name = 'NotAPdfError';
  }
}

const latin1 = new TextDecoder('latin1');

export function checkPdfDocument(bytes: Uint8Array): void {
  if (bytes.length < 32) throw new NotAPdfError(`only ${bytes.length} bytes`);
  const head = latin1.decode(bytes.subarray(0, Math.min(bytes.length, 1024)));
  if (!/%PDF-[12]\.\d/.test(head)) throw new NotAPdfError('no %PDF- header in the first 1024 bytes');
  const tail = latin1.decode(bytes.subarray(Math.max(0, bytes.length - 1024)));
  if (!tail.includes('%%EOF')) throw new NotAPdfError('no %%EOF marker at the end (truncated?)');
}
