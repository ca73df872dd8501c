/**
 * Why a document was refused. Codes are stable (the API, the CLI and the UI key their messages and
 * metrics on them); the message is one sentence a teller can act on.
 */
export type PdfRejectionCode =
  | 'empty'
  | 'not-pdf'
  | 'too-large'
  | 'encrypted'
  | 'damaged'
  | 'too-complex'
  | 'no-pages'
  | 'changes-forbidden'
  | 'no-signature-place'
  | 'field-already-signed'
  | 'not-signed';

export class PdfRejectedError extends Error {
  constructor(readonly code: PdfRejectionCode, message: string) {
    super(message);
    this.name = 'PdfRejectedError';
  }
}

export function isPdfRejectedError(err: unknown): err is PdfRejectedError {
  return err instanceof Error && err.name === 'PdfRejectedError' && typeof (err as PdfRejectedError).code === 'string';
}
