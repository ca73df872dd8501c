import { HeadBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import { classifyS3Error } from './s3Errors';

/**
 * Is the archive reachable? Detected, not guessed: a HEAD of the bucket itself (the request the
 * sync needs to succeed), with a short timeout. "Online" means S3 answered at all; a 403 is online
 * with a problem (credentials), which the teller window shows differently from "offline".
 */
export interface Connectivity {
  online: boolean;
  /** When online but not usable (403, 404 NoSuchBucket, 5xx): why. */
  problem?: string;
  checkedAt: string;
}

export async function probeS3(s3: S3Client, bucket: string, timeoutMs = 5_000): Promise<Connectivity> {
  const checkedAt = new Date().toISOString();
  try {
    await s3.send(new HeadBucketCommand({ Bucket: bucket }), { abortSignal: AbortSignal.timeout(timeoutMs) });
    return { online: true, checkedAt };
  } catch (err) {
    const failure = classifyS3Error(err);
    if (!failure.status) return { online: false, problem: failure.message, checkedAt };
    return { online: true, problem: failure.message, checkedAt };
  }
}
