import type { SignPdfResult } from './signPdf';

/**
 * The seam between headless signing and the vault: `station doc sign --enqueue` hands the signed
 * PDF to the enqueuer its command list was given (main/cli/commands/index.ts passes the vault's
 * queue); this area does not import the vault, so either can change without the other.
 */
export interface SignedDocumentMeta {
  /** File name the document came in as, for the teller's list. */
  sourceName: string;
  signerName: string;
}

/** Puts one signed document into the station's queue, whose configuration `env` selects; resolves to its id there. */
export type SignedDocumentEnqueuer = (signed: SignPdfResult, meta: SignedDocumentMeta, env: NodeJS.ProcessEnv) => Promise<{ id: string }>;
