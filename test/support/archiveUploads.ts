import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { envelopeContentType } from '../../main/vault/portableEnvelope';
import type { Vault } from '../../main/vault/vault';
import { archiveObjectKey, buildArchiveObject, legacyDocumentMetadataFormat, legacyMetadataKey } from '../../main/sync/archiveObject';

/**
 * Uploads for tests that need documents in the archive without running the sync: the one object
 * this station writes, or the two objects stations before it wrote (envelope + `.json`), so that
 * readers are tested against both shapes still in banks' buckets.
 */

/** Claims like the sync does: the object key is recorded with the claim. */
export const claimForArchive = (vault: Vault, limit: number) => vault.claimForUpload(limit, new Date(), archiveObjectKey);

/** The one-object shape (what the sync uploads). Returns the key. */
export async function putArchiveObject(s3: S3Client, bucket: string, vault: Vault, id: string): Promise<string> {
  const object = buildArchiveObject(vault.archiveParts(id));
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: object.key, Body: object.body, ContentType: object.contentType, Metadata: { sha256: object.sha256 } }));
  return object.key;
}

/** The two objects an older station wrote for the document, byte for byte as it built them. */
export function legacyArchiveObjects(vault: Vault, id: string): { objectKey: string; envelope: Buffer; metadataKey: string; metadata: Buffer } {
  const { row, stationId, envelope, detailsEnvelope } = vault.archiveParts(id);
  const objectKey = archiveObjectKey(row);
  const sha256 = createHash('sha256').update(envelope).digest('hex');
  const metadata = Buffer.from(JSON.stringify({
    format: legacyDocumentMetadataFormat,
    documentId: id,
    tenant: row.tenant,
    stationId,
    signedAt: row.signed_at,
    queuedAt: row.queued_at,
    object: { key: objectKey, contentType: envelopeContentType, envelopeFormat: 'signing-station/envelope/1', sha256, bytes: envelope.length },
    detailsEnvelope: detailsEnvelope ? detailsEnvelope.toString('base64') : null,
  }, null, 2));
  return { objectKey, envelope, metadataKey: legacyMetadataKey(objectKey), metadata };
}

export async function putLegacyArchiveObjects(s3: S3Client, bucket: string, vault: Vault, id: string): Promise<string> {
  const p = legacyArchiveObjects(vault, id);
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: p.objectKey, Body: p.envelope, ContentType: envelopeContentType }));
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: p.metadataKey, Body: p.metadata, ContentType: 'application/json' }));
  return p.objectKey;
}
