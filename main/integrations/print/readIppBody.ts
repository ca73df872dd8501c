import type { IncomingMessage } from 'node:http';
import { Operation } from './ippPrinterDescription';

/** Operations whose request carries a document after the attributes. */
const carriesDocument = new Set<number>([Operation.printJob, Operation.sendDocument]);

/**
 * Reads an IPP request body, held to what its operation may carry: the attributes and a document
 * of up to maxDocumentBytes for Print-Job and Send-Document, only the attributes for everything
 * else (the operation is in the first 8 bytes, so a 45 MB Get-Printer-Attributes is refused after
 * its first 64 KiB, not buffered). Over the limit it resolves at once with the header bytes (for
 * the request id) and `refused` saying why; the rest is read and dropped, and a client that will
 * not stop sending is cut off.
 */
export function readIppBody(req: IncomingMessage, limits: { maxDocumentBytes: number; maxAttributeBytes: number }): Promise<{ body: Uint8Array; refused?: string }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let limit = limits.maxDocumentBytes + limits.maxAttributeBytes;
    let why = `documents are limited to ${limits.maxDocumentBytes} bytes`;
    let headerSeen = false;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (over) {
        if (size > limit * 4) req.destroy();
        return;
      }
      chunks.push(chunk);
      if (!headerSeen && size >= 8) {
        headerSeen = true;
        const operation = Buffer.concat(chunks).readUInt16BE(2);
        if (!carriesDocument.has(operation)) {
          limit = limits.maxAttributeBytes;
          why = `a request without a document is limited to ${limits.maxAttributeBytes} bytes of attributes`;
        }
      }
      if (size > limit) {
        over = true;
        const head = Buffer.concat(chunks).subarray(0, 8);
        chunks.length = 0;
        resolve({ body: new Uint8Array(head), refused: why });
      }
    });
    req.on('end', () => {
      if (!over) resolve({ body: new Uint8Array(Buffer.concat(chunks)) });
    });
    req.on('error', reject);
  });
}
