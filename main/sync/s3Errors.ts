/**
 * What an S3 failure means for the queue: wait and retry (network, 5xx, throttling, timeouts), or
 * stop and tell a person (credentials, missing bucket, a different object already at our key).
 * Messages name codes and statuses only: never object content.
 */
export interface S3Failure {
  retryable: boolean;
  /** True when the server could not be reached at all (the station is offline). */
  unreachable: boolean;
  status?: number;
  /**
   * The request got no answer in time (connect, idle or whole-request timeout) or its connection
   * broke under it: the socket may be one the server or the network has silently given up on, so
   * the retry goes out on a fresh connection.
   */
  stalled: boolean;
  /** A stall by timeout (not a reset): each one cost a worker the idle timeout. */
  timedOut?: boolean;
  message: string;
}

/** Cannot reach the server at all: the station is offline (or the server is down). */
const unreachableCodes = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'ENETDOWN']);
/** Reached it, but the connection broke or stalled: retry. */
const brokenCodes = new Set(['ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ECONNABORTED', 'UND_ERR_SOCKET']);
const retryableNames = new Set(['TimeoutError', 'RequestTimeout', 'RequestTimeTooSkewed', 'SlowDown', 'InternalError', 'ServiceUnavailable', 'ThrottlingException', 'RequestTimeoutException']);

/** A different object already lies at our key: never overwrite, never mark synced. */
export class S3ConflictError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'S3ConflictError';
  }
}

/** The object in S3 is not what we sent (size, checksum or ETag differ). Retried: the next try re-checks. */
export class S3VerificationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'S3VerificationError';
  }
}

export function classifyS3Error(err: unknown): S3Failure {
  const e = err as { name?: string; code?: string; message?: string; $metadata?: { httpStatusCode?: number }; cause?: { code?: string } };
  if (err instanceof S3ConflictError) return { retryable: false, unreachable: false, stalled: false, message: err.message };
  if (err instanceof S3VerificationError) return { retryable: true, unreachable: false, stalled: false, message: err.message };
  const status = e?.$metadata?.httpStatusCode;
  const code = e?.code ?? e?.cause?.code;
  const name = e?.name ?? 'Error';
  if (!status || (code && (unreachableCodes.has(code) || brokenCodes.has(code)))) {
    const unreachable = Boolean(code && unreachableCodes.has(code)) || /ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ENETUNREACH/.test(e?.message ?? '');
    const timedOut = name === 'TimeoutError' || code === 'ETIMEDOUT';
    const stalled = !unreachable && (timedOut || Boolean(code && brokenCodes.has(code)) || /socket hang up/.test(e?.message ?? ''));
    const what = unreachable ? 'S3 not reachable' : timedOut ? 'S3 stalled' : 'S3 connection failed';
    return { retryable: true, unreachable, stalled, timedOut: stalled && timedOut, message: `${what} (${code ?? name}${e?.message ? `: ${e.message.slice(0, 160)}` : ''})` };
  }
  const retryable = status >= 500 || status === 429 || status === 408 || retryableNames.has(name);
  return { retryable, unreachable: false, stalled: false, status, message: `S3 answered ${status} ${name}` };
}
