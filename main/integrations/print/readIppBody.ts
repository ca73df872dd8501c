import type { IncomingMessage } from 'node:http';
import { readBoundedBody } from '../api/readRequestBody';
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
export async function readIppBody(req: IncomingMessage, limits: { maxDocumentBytes: number; maxAttributeBytes: number }): Promise<{ body: Uint8Array; refused?: string }> {
  let refused = `documents are limited to ${limits.maxDocumentBytes} bytes`;
  const read = await readBoundedBody(req, {
    maxBytes: limits.maxDocumentBytes + limits.maxAttributeBytes,
    limitFromHead: {
      bytes: 8,
      limit: (head) => {
        if (carriesDocument.has(head.readUInt16BE(2))) return limits.maxDocumentBytes + limits.maxAttributeBytes;
        refused = `a request without a document is limited to ${limits.maxAttributeBytes} bytes of attributes`;
        return limits.maxAttributeBytes;
      },
    },
    whenOver: 'drain',
  });
  return read.over ? { body: new Uint8Array(read.over.head), refused } : { body: new Uint8Array(read.body) };
}
