import type { IncomingMessage } from 'node:http';
import { ApiProblem } from './problemDetails';

/**
 * Reads a request body into memory, refusing early (from Content-Length) or as soon as the running
 * count passes `maxBytes`, so an oversized upload costs at most `maxBytes` of memory.
 */
export function readRequestBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > maxBytes) {
    return Promise.reject(new ApiProblem('payload-too-large', `the body is ${declared} bytes; the limit is ${maxBytes}`));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > maxBytes) {
        done = true;
        chunks.length = 0;
        req.pause();
        reject(new ApiProblem('payload-too-large', `the body is larger than the limit of ${maxBytes} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!done) {
        done = true;
        resolve(Buffer.concat(chunks, size));
      }
    });
    req.on('error', (err) => {
      if (!done) {
        done = true;
        reject(new ApiProblem('malformed-request', `the body could not be read: ${err.message}`));
      }
    });
  });
}
