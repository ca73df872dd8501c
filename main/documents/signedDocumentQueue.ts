import type { SignPdfResult } from './signPdf';

/**
 * The seam between signing and the vault (issue: vault/queue). `station doc sign --enqueue` and
 * the station's signing flow hand the signed PDF to whatever the composition root registered here;
 * this area does not import the vault, so either can change without the other.
 */
export interface SignedDocumentMeta {
  /** File name the document came in as, for the teller's list. */
  sourceName: string;
  signerName: string;
}

export type SignedDocumentEnqueuer = (signed: SignPdfResult, meta: SignedDocumentMeta) => Promise<{ id: string }>;

let enqueuer: SignedDocumentEnqueuer | undefined;

/** Called once by the composition root (main/station.ts or the CLI wiring) with the vault's queue. */
export function registerSignedDocumentEnqueuer(fn: SignedDocumentEnqueuer | undefined): void {
  enqueuer = fn;
}

export function signedDocumentEnqueuer(): SignedDocumentEnqueuer | undefined {
  return enqueuer;
}
