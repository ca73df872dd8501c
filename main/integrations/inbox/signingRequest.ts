import type { DocumentPlan, SignedPlaceReport } from '../../../preload/common/signingPlan';

/** What was signed, place by place, as the station reports it back (API, webhooks). */
export type SignedPlaceSummary = SignedPlaceReport;

/**
 * A signing request: one document that an outside system (ERP/CRM over the API, a property-management
 * system printing to the station, a program dropping a PDF into the hot folder) wants signed at the
 * teller's desk. The record holds metadata only; the document bytes live in the repository, encrypted.
 */
export type SigningRequestSource = 'api' | 'print' | 'hot-folder';

/**
 * pending: in the teller's queue, not yet signed.
 * completed: signed; the signed PDF can be fetched until the retention wish runs out.
 * cancelled: withdrawn by the client or the teller; no document data are kept.
 * expired: nobody signed it before `expiresAt`; no document data are kept.
 */
export type SigningRequestStatus = 'pending' | 'completed' | 'cancelled' | 'expired';

export interface SigningRequest {
  id: string;
  source: SigningRequestSource;
  status: SigningRequestStatus;
  /** Who sent it: the API integration's name, the IPP job's originating user, or 'hot-folder'. */
  owner: string;
  /** The client's own reference (order number, booking id); echoed in webhooks. */
  externalReference?: string;
  documentType?: string;
  /** Shown on the teller's queue and the customer's screen. Cleared on cancel/expire. */
  signerName?: string;
  /** Names of signature fields the client wants signed; empty: the teller places the signature. */
  fieldsToSign: string[];
  /** Who signs where, in order (signers with name, role and order; places by field, anchor text or box). */
  plan?: DocumentPlan;
  /** The client's name for a package: its requests with the same reference are signed in one sitting. */
  packageReference?: string;
  /** After signing: each place of the plan, signed or skipped, in signing order. */
  signatures?: SignedPlaceSummary[];
  /** BCP 47 tag for the customer's screen, e.g. 'sv', 'de-AT'. */
  language?: string;
  /** Where webhooks go (https, or http on loopback for tests). */
  callbackUrl?: string;
  /**
   * Days the signed PDF stays fetchable over the API after completion (the station's archive copy in
   * the vault/S3 queue is governed by the privacy area's retention, not by this). 0: removed right
   * after the first successful download. Absent: the inbox default (30 days).
   */
  retentionDays?: number;
  idempotencyKey?: string;
  /** The document's name as the client gave it (IPP job-name, file name). */
  documentName: string;
  documentBytes: number;
  /** Hex SHA-256 of the original document: lets a client check that the right bytes arrived. */
  documentSha256: string;
  signedDocumentSha256?: string;
  createdAt: string;
  updatedAt: string;
  expiresAt: string;
  completedAt?: string;
  /** When retention removed the signed PDF from the inbox. */
  signedDocumentRemovedAt?: string;
  cancelledAt?: string;
  cancelReason?: string;
}

/** What a caller hands in; the inbox fills in identity, status, times and hashes. */
export interface NewSigningRequest {
  source: SigningRequestSource;
  owner: string;
  document: Uint8Array;
  documentName: string;
  externalReference?: string;
  documentType?: string;
  signerName?: string;
  fieldsToSign?: string[];
  plan?: DocumentPlan;
  packageReference?: string;
  language?: string;
  callbackUrl?: string;
  retentionDays?: number;
  idempotencyKey?: string;
  /** How long the request may wait in the queue; default from the inbox. */
  ttlSeconds?: number;
}
