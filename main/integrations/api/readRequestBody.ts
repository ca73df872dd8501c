import type { IncomingMessage } from 'node:http';
import { ApiProblem } from './problemDetails';

export interface BodyLimits {
  maxBytes: number;
  /**
   * A limit decided by the body's first `bytes` (an IPP request names its operation there, and only
   * some operations carry a document): from then on it replaces `maxBytes`.
   */
  limitFromHead?: { bytes: number; limit: (head: Buffer) => number };
  /**
   * What happens to the rest of a body over the limit: 'pause' stops reading it (the answer closes
   * the connection); 'drain' reads and drops it, so the client can read the answer, and cuts off
   * a client that goes on past four times the limit.
   */
  whenOver: 'pause' | 'drain';
}

export type BoundedBody =
  | { body: Buffer; over?: undefined }
  /** Over `limit`: nothing is kept but the head (up to limitFromHead.bytes), e.g. for a request id. */
  | { over: { limit: number; head: Buffer } };

/**
 * Reads a request body into memory, settling as soon as the running count passes the limit, so an
 * oversized upload costs at most the limit of memory. Rejects with the stream's own error.
 */
export function readBoundedBody(req: IncomingMessage, limits: BodyLimits): Promise<BoundedBody> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let limit = limits.maxBytes;
    let headSeen = !limits.limitFromHead;
    let done = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (done) {
        if (limits.whenOver === 'drain' && size > limit * 4) req.destroy();
        return;
      }
      chunks.push(chunk);
      if (!headSeen && size >= limits.limitFromHead!.bytes) {
        headSeen = true;
        limit = limits.limitFromHead!.limit(Buffer.concat(chunks).subarray(0, limits.limitFromHead!.bytes));
      }
      if (size > limit) {
        done = true;
        const head = Buffer.concat(chunks).subarray(0, limits.limitFromHead?.bytes ?? 0);
        chunks.length = 0;
        if (limits.whenOver === 'pause') req.pause();
        resolve({ over: { limit, head: Buffer.from(head) } });
      }
    });
    req.on('end', () => {
      if (done) return;
      done = true;
      resolve({ body: Buffer.concat(chunks, size) });
    });
    req.on('error', (err) => {
      if (done) return;
      done = true;
      reject(err);
    });
  });
}

/**
 * Reads an API request body into memory, refusing early (from Content-Length) or as soon as the
 * running count passes `maxBytes`, so an oversized upload costs at most `maxBytes` of memory.
 */
export async function readRequestBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > maxBytes) {
    throw new ApiProblem('payload-too-large', `the body is ${declared} bytes; the limit is ${maxBytes}`);
  }
  let read: BoundedBody;
  try {
    read = await readBoundedBody(req, { maxBytes, whenOver: 'pause' });
  } catch (err) {
    throw new ApiProblem('malformed-request', `the body could not be read: ${(err as Error).message}`);
  }
  if (read.over) throw new ApiProblem('payload-too-large', `the body is larger than the limit of ${maxBytes} bytes`);
  return read.body;
}
