import type { SigningRequest, SigningRequestStatus } from './signingRequest';

export type DocumentKind = 'original' | 'signed';

/**
 * Where signing requests and their documents are kept. The station's implementation sits on the
 * encrypted vault (document bytes never touch the disk in plaintext); the in-memory one serves
 * short-lived tools and tests. Both pass the same contract test (test/support/signingRequestRepositoryContract.ts).
 *
 * Async on purpose: a vault whose data keys come from KMS cannot promise synchronous answers.
 */
export interface SigningRequestRepository {
  insert(request: SigningRequest, original: Uint8Array): Promise<void>;
  get(id: string): Promise<SigningRequest | undefined>;
  findByIdempotencyKey(owner: string, key: string): Promise<SigningRequest | undefined>;
  list(filter?: { status?: SigningRequestStatus; owner?: string }): Promise<SigningRequest[]>;
  /** Replaces the stored record (same id). */
  update(request: SigningRequest): Promise<void>;
  putDocument(id: string, kind: DocumentKind, bytes: Uint8Array): Promise<void>;
  readDocument(id: string, kind: DocumentKind): Promise<Uint8Array | undefined>;
  /** Removes the request's document bytes (default: original and signed); the metadata row stays. */
  deleteDocuments(id: string, kinds?: DocumentKind[]): Promise<void>;
}
