import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import type { StationConfig } from '../config/stationConfigSchema';
import { createConnectionPool, type ConnectionPool } from './connectionPool';
import { defaultS3Timeouts, type S3Timeouts } from './s3Timeouts';

/**
 * The S3 client of the sync service. Credentials: the AWS SDK's default provider chain (environment,
 * shared profile, SSO, instance role) unless `overrides.credentials` is given (tests).
 *  - requestChecksumCalculation / responseChecksumValidation = WHEN_REQUIRED: the SDK's default
 *    (WHEN_SUPPORTED) sends CRC32 trailers in aws-chunked bodies, which S3-compatible servers such
 *    as radosgw 16 do not understand; we send our own SHA-256 (x-amz-checksum-sha256) and
 *    Content-MD5 explicitly instead, which both AWS and radosgw verify (radosgw: MD5).
 *  - maxAttempts 1: retries are the sync service's own (backoff with jitter, queue-aware, and on a
 *    fresh connection after a stall).
 *  - timeouts (s3Timeouts.ts): a connect that does not complete, or a socket on which no byte moves
 *    for `idleMs`, fails the attempt within seconds instead of holding a worker for a minute;
 *    throwOnRequestTimeout, or the SDK merely warns when the whole-request bound passes.
 */
export interface S3Connection {
  client: S3Client;
  pool: ConnectionPool;
}

export function createS3Connection(sync: StationConfig['sync'], overrides: Partial<S3ClientConfig> = {}, timeouts: Partial<S3Timeouts> = {}): S3Connection {
  const t = { ...defaultS3Timeouts, ...timeouts };
  // One socket per upload in flight, and as many again for the HEADs that check them: a request
  // never waits for a socket (the SDK's timeouts only start once it has one).
  const maxSockets = Math.max(4, sync.concurrency * 2);
  const pool = createConnectionPool(maxSockets, t.idleSocketMs);
  const client = new S3Client({
    region: sync.s3Region || 'eu-north-1',
    ...(sync.s3Endpoint ? { endpoint: sync.s3Endpoint } : {}),
    forcePathStyle: sync.s3ForcePathStyle,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 1,
    // Handler options as a plain object: the SDK builds its NodeHttpHandler from them.
    requestHandler: {
      connectionTimeout: t.connectMs,
      socketTimeout: t.idleMs,
      requestTimeout: t.requestMs,
      // Without this the SDK only logs a warning when requestTimeout passes and keeps waiting.
      throwOnRequestTimeout: true,
      httpAgent: pool.httpAgent,
      httpsAgent: pool.httpsAgent,
    },
    ...overrides,
  });
  // A PUT that carries our SHA-256 of its body (x-amz-checksum-sha256) is signed with that same
  // hash as its payload hash (x-amz-content-sha256) instead of the SDK hashing the body once more:
  // the signer takes a payload hash that is already there. The server still checks both.
  client.middlewareStack.add((next) => async (args) => {
    const input = args.input as { ChecksumSHA256?: string; Body?: unknown };
    const request = args.request as { headers?: Record<string, string> };
    if (input.ChecksumSHA256 && Buffer.isBuffer(input.Body) && request.headers) {
      request.headers['x-amz-content-sha256'] = Buffer.from(input.ChecksumSHA256, 'base64').toString('hex');
    }
    return next(args);
  }, { step: 'build', name: 'signedPayloadFromChecksum' });
  return { client, pool };
}

export function createS3Client(sync: StationConfig['sync'], overrides: Partial<S3ClientConfig> = {}, timeouts: Partial<S3Timeouts> = {}): S3Client {
  return createS3Connection(sync, overrides, timeouts).client;
}
