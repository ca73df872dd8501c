import { createHash } from 'node:crypto';
import { decodeEnvelope, encodeEnvelope, envelopeContentType, type EnvelopeHeader } from '../vault/portableEnvelope';
import type { DocumentRow } from '../vault/vault';

/**
 * What one signed document becomes in S3: ONE object, the PDF's envelope, whose header carries the
 * document's description (ids, times, and the signer details as an envelope of their own) in a
 * `document` section. Stations before this shape wrote two objects per document, the envelope and
 * a `.json` metadata object beside it; readers take both (archivedDocumentReader.ts).
 * Built here, for the desk, the CLI and the archive keeper alike; the vault only keeps the parts.
 * Specified in docs/vault-envelope-format.md.
 */
export const documentMetadataFormat = 'signing-station/document-metadata/2';
/** The format of the `.json` object that older stations wrote beside each envelope. */
export const legacyDocumentMetadataFormat = 'signing-station/document-metadata/1';

export interface ArchivedDocumentMetadata {
  format: string;
  documentId: string;
  tenant: string;
  stationId?: string;
  signedAt: string | null;
  queuedAt?: string | null;
  /** Base64 of an envelope whose plaintext is JSON {signerName, metadata}; null: none stored. */
  detailsEnvelope: string | null;
  /** Set by the archive keeper when it uploads a renewed version. */
  archiveRenewedAt?: string;
}

export interface ArchiveObject {
  key: string;
  body: Buffer;
  contentType: string;
  sha256: string;
  metadata: ArchivedDocumentMetadata;
}

/** What the vault hands over for one document (vault.archiveParts). */
export interface ArchiveParts {
  row: Pick<DocumentRow, 'id' | 'tenant' | 'signed_at' | 'queued_at' | 'object_key'>;
  stationId: string;
  /** The PDF record's envelope, as stored (checksum already verified by the vault). */
  envelope: Buffer;
  detailsEnvelope: Buffer | null;
}

/**
 * `<tenant>/<yyyy>/<mm>/<dd>/<document id>.pdf`: the UTC day of signing; ids only, nothing personal.
 * A row that already names its key (claimed earlier, or by an older station) keeps it.
 */
export function archiveObjectKey(row: Pick<DocumentRow, 'id' | 'tenant' | 'signed_at' | 'object_key'>): string {
  if (row.object_key) return row.object_key;
  if (!row.signed_at) throw new Error(`document ${row.id} has no signing time: it is not signed yet`);
  const iso = new Date(row.signed_at).toISOString();
  return `${row.tenant}/${iso.slice(0, 4)}/${iso.slice(5, 7)}/${iso.slice(8, 10)}/${row.id}.pdf`;
}

/** The second object older stations wrote beside the envelope. */
export const legacyMetadataKey = (objectKey: string) => objectKey.replace(/\.pdf$/, '.json');

/**
 * The object to upload. Deterministic: the same parts give the same bytes, so a retry finds its
 * own earlier upload by checksum (s3Uploader.ts) instead of colliding with it.
 */
export function buildArchiveObject(parts: ArchiveParts): ArchiveObject {
  const { row } = parts;
  const metadata: ArchivedDocumentMetadata = {
    format: documentMetadataFormat,
    documentId: row.id,
    tenant: row.tenant,
    stationId: parts.stationId,
    signedAt: row.signed_at,
    queuedAt: row.queued_at,
    detailsEnvelope: parts.detailsEnvelope ? parts.detailsEnvelope.toString('base64') : null,
  };
  const body = withDocumentSection(parts.envelope, metadata);
  return { key: archiveObjectKey(row), body, contentType: envelopeContentType, sha256: createHash('sha256').update(body).digest('hex'), metadata };
}

/** The envelope with its header's `document` section set (the payload and keys unchanged). */
export function withDocumentSection(envelope: Uint8Array, metadata: ArchivedDocumentMetadata): Buffer {
  const { header, sealed } = decodeEnvelope(envelope);
  return encodeEnvelope({ ...header, document: metadata } as EnvelopeHeader, sealed);
}

/** The document section of an envelope header, if the object was written in the one-object shape. */
export function documentSectionOf(header: EnvelopeHeader): ArchivedDocumentMetadata | undefined {
  const section = (header as { document?: unknown }).document;
  if (!section || typeof section !== 'object') return undefined;
  const m = section as ArchivedDocumentMetadata;
  return typeof m.documentId === 'string' ? m : undefined;
}
