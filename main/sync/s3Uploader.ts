import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  HeadObjectCommand,
  PutObjectCommand,
  UploadPartCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { S3ConflictError, S3VerificationError } from './s3Errors';

/**
 * Puts one object exactly once, verified:
 *  1. On a retry (`checkFirst`), HEAD first (content-addressed check): if our key already holds an
 *     object whose recorded SHA-256 is ours, a previous attempt (perhaps killed before it could
 *     record success) did the work: nothing is sent again. A different object at our key is a
 *     conflict, never overwritten. (First attempts skip it: keys carry our unique document id, and
 *     step 2 still refuses to overwrite.)
 *  2. PUT with `If-None-Match: *` (AWS and radosgw refuse to replace an existing key: 412, which
 *     leads to the same HEAD comparison), with `x-amz-checksum-sha256` (verified by AWS) and
 *     `Content-MD5` (verified by AWS and radosgw); large bodies as multipart, each part with its
 *     Content-MD5.
 *  3. The ETag the server answers must be the MD5 (or multipart MD5-of-MD5s) of what we sent. With
 *     SSE-KMS ETags are opaque, so a HEAD checks size and recorded SHA-256 instead.
 */
export interface UploadRequest {
  bucket: string;
  key: string;
  body: Buffer;
  contentType: string;
  /** SSE-KMS with this key (the client's KMS key); empty: no server-side encryption requested. */
  sseKmsKeyId?: string;
  multipartThresholdBytes?: number;
  partSizeBytes?: number;
  signal?: AbortSignal;
  /** HEAD before PUT (set on retries, where an earlier attempt may have succeeded). */
  checkFirst?: boolean;
  /** The body's SHA-256 (hex) when the caller has just computed it; otherwise computed here. */
  sha256?: string;
  /**
   * A new version of an existing key (the archive keeper's renewal): no If-None-Match, no HEAD
   * first. Only on a bucket with versioning, where the old version stays.
   */
  newVersion?: boolean;
}

export interface UploadResult {
  outcome: 'uploaded' | 'already-present';
  etag: string;
  sha256: string;
  /** The S3 version id of what was uploaded (versioned buckets). */
  versionId?: string;
}

/** S3 object metadata (x-amz-meta-*): checksums and format only, nothing personal. */
const shaMetaKey = 'sha256';

export async function uploadOnce(s3: S3Client, req: UploadRequest): Promise<UploadResult> {
  const sha256 = req.sha256 ?? createHash('sha256').update(req.body).digest('hex');
  if (req.checkFirst && !req.newVersion) {
    const existing = await headIfExists(s3, req.bucket, req.key, req.signal);
    if (existing) return { outcome: 'already-present', etag: checkSame(req, existing, sha256), sha256 };
  }

  const threshold = req.multipartThresholdBytes ?? 16 * 1024 * 1024;
  let sent: { expected: string; answered: string; versionId?: string };
  try {
    sent = req.body.length >= threshold ? await putMultipart(s3, req, sha256) : await putSingle(s3, req, sha256);
  } catch (err) {
    if ((err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 412) {
      // Someone (our own earlier attempt) created it between HEAD and PUT: check it is ours.
      const now = await headIfExists(s3, req.bucket, req.key, req.signal);
      if (now) return { outcome: 'already-present', etag: checkSame(req, now, sha256), sha256 };
    }
    throw err;
  }
  if (!req.sseKmsKeyId && sent.answered) {
    if (sent.answered !== sent.expected) throw new S3VerificationError(`s3://${req.bucket}/${req.key}: ETag ${sent.answered} is not the ${sent.expected} of what was sent`);
    return { outcome: 'uploaded', etag: sent.answered, sha256, versionId: sent.versionId };
  }
  // No usable ETag in the answer (SSE-KMS; radosgw 16 leaves it out of CompleteMultipartUpload): look.
  const after = await headIfExists(s3, req.bucket, req.key, req.signal);
  if (!after) throw new S3VerificationError(`s3://${req.bucket}/${req.key}: not found right after upload`);
  const etag = checkSame(req, after, sha256);
  if (!req.sseKmsKeyId && etag !== sent.expected) throw new S3VerificationError(`s3://${req.bucket}/${req.key}: ETag ${etag} is not the ${sent.expected} of what was sent`);
  return { outcome: 'uploaded', etag, sha256, versionId: sent.versionId };
}

interface Head {
  size: number;
  sha256?: string;
  etag: string;
}

async function headIfExists(s3: S3Client, bucket: string, key: string, signal?: AbortSignal): Promise<Head | undefined> {
  try {
    const out = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }), { abortSignal: signal });
    return { size: out.ContentLength ?? -1, sha256: out.Metadata?.[shaMetaKey], etag: (out.ETag ?? '').replace(/"/g, '') };
  } catch (err) {
    const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    if (status === 404) return undefined;
    throw err;
  }
}

function checkSame(req: UploadRequest, head: Head, sha256: string): string {
  if (head.sha256 !== sha256 || head.size !== req.body.length) {
    throw new S3ConflictError(`s3://${req.bucket}/${req.key} already holds a different object (size ${head.size}, sha256 ${head.sha256 ?? 'unrecorded'}); not overwritten`);
  }
  return head.etag;
}

function common(req: UploadRequest, sha256: string) {
  return {
    Bucket: req.bucket,
    Key: req.key,
    ContentType: req.contentType,
    Metadata: { [shaMetaKey]: sha256 },
    ...(req.sseKmsKeyId ? { ServerSideEncryption: 'aws:kms' as const, SSEKMSKeyId: req.sseKmsKeyId } : {}),
  };
}

const md5 = (b: Buffer) => createHash('md5').update(b).digest();

const unquote = (etag: string | undefined) => (etag ?? '').replace(/"/g, '');

async function putSingle(s3: S3Client, req: UploadRequest, sha256: string): Promise<{ expected: string; answered: string; versionId?: string }> {
  const digest = md5(req.body);
  const out = await s3.send(
    new PutObjectCommand({
      ...common(req, sha256),
      Body: req.body,
      ContentLength: req.body.length,
      IfNoneMatch: req.newVersion ? undefined : '*',
      ContentMD5: digest.toString('base64'),
      ChecksumSHA256: Buffer.from(sha256, 'hex').toString('base64'),
    }),
    { abortSignal: req.signal },
  );
  return { expected: digest.toString('hex'), answered: unquote(out.ETag), versionId: out.VersionId };
}

async function putMultipart(s3: S3Client, req: UploadRequest, sha256: string): Promise<{ expected: string; answered: string; versionId?: string }> {
  const partSize = Math.max(5 * 1024 * 1024, req.partSizeBytes ?? 8 * 1024 * 1024);
  const created = await s3.send(new CreateMultipartUploadCommand(common(req, sha256)), { abortSignal: req.signal });
  const uploadId = created.UploadId!;
  try {
    const parts: { ETag: string; PartNumber: number }[] = [];
    const digests: Buffer[] = [];
    for (let offset = 0, n = 1; offset < req.body.length; offset += partSize, n++) {
      const chunk = req.body.subarray(offset, Math.min(offset + partSize, req.body.length));
      const digest = md5(chunk);
      digests.push(digest);
      const out = await s3.send(
        new UploadPartCommand({ Bucket: req.bucket, Key: req.key, UploadId: uploadId, PartNumber: n, Body: chunk, ContentLength: chunk.length, ContentMD5: digest.toString('base64') }),
        { abortSignal: req.signal },
      );
      parts.push({ ETag: out.ETag!, PartNumber: n });
    }
    const done = await s3.send(
      new CompleteMultipartUploadCommand({ Bucket: req.bucket, Key: req.key, UploadId: uploadId, MultipartUpload: { Parts: parts }, IfNoneMatch: req.newVersion ? undefined : '*' }),
      { abortSignal: req.signal },
    );
    return { expected: `${md5(Buffer.concat(digests)).toString('hex')}-${digests.length}`, answered: unquote(done.ETag), versionId: done.VersionId };
  } catch (err) {
    // Best effort: parts of an abandoned upload cost storage until aborted (a lifecycle rule also helps).
    await s3.send(new AbortMultipartUploadCommand({ Bucket: req.bucket, Key: req.key, UploadId: uploadId })).catch(() => undefined);
    throw err;
  }
}
