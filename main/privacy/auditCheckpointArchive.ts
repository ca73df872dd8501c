import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import type { ArchivedCheckpoint, AuditTrail } from './auditTrail';

/**
 * Signed audit checkpoints in the S3 archive, beside the documents:
 * `<tenant>/audit/<station>/checkpoint-<seq>.json`. Once there, a rewrite of the local trail (even
 * with the local key and local checkpoints replaced) is caught by `audit verify --against-archive`.
 *
 *   await uploadAuditCheckpoints(audit, client, bucket) → number uploaded   (the sync calls it each round)
 *   await fetchArchivedCheckpoints(client, bucket, tenant, stationId) → ArchivedCheckpoint[]
 */
export async function uploadAuditCheckpoints(audit: AuditTrail, client: S3Client, bucket: string, options: { checkpointHead?: boolean } = {}): Promise<number> {
  if (options.checkpointHead ?? true) audit.checkpoint();
  let n = 0;
  for (const c of audit.pendingCheckpoints()) {
    // Content-MD5 so that S3 and S3-compatible servers verify the body.
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: c.key, Body: c.body, ContentType: 'application/json', ContentMD5: createHash('md5').update(c.body).digest('base64') }));
    audit.markCheckpointUploaded(c.seq);
    n++;
  }
  return n;
}

export async function fetchArchivedCheckpoints(client: S3Client, bucket: string, tenant: string, stationId: string): Promise<ArchivedCheckpoint[]> {
  const prefix = `${tenant}/audit/${stationId}/`;
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
    keys.push(...(page.Contents ?? []).map((c) => c.Key!).filter((k) => /checkpoint-\d+\.json$/.test(k)));
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  const out: ArchivedCheckpoint[] = [];
  for (const key of keys) {
    const res = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    out.push(JSON.parse(Buffer.from(await res.Body!.transformToByteArray()).toString('utf8')) as ArchivedCheckpoint);
  }
  return out;
}
