import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LogWriter } from '../../logging/logger';
import type { ClientAllowList } from '../clientAllowList';
import { IppError } from './ippError';
import { encodeIppMessage, GroupTag, ipp, IppLimitError, IppParseError, parseIppMessage, type IppGroup, type IppMessage, type IppParseLimits } from './ippMessage';
import type { IppOperations } from './ippOperations';
import { Status } from './ippPrinterDescription';
import { checkIppRequest } from './ippRequestCheck';
import { readIppBody } from './readIppBody';

export const printerPath = '/ipp/print';

export interface IppEndpointOptions {
  operations: IppOperations;
  log: LogWriter;
  allowList: ClientAllowList;
  /** Shown on the printer's web page. */
  printerName: string;
  tls: boolean;
  /** host:port for a client that sends no Host header. */
  fallbackHost: () => string;
  maxDocumentBytes: number;
  parseLimits: IppParseLimits;
}

/** Who sent a request, as far as the printer can tell without authentication: the connection's address. */
const clientOf = (req: IncomingMessage) => req.socket.remoteAddress ?? 'unknown';

/**
 * The printer over HTTP: who may print (print.allowFrom), IPP requests POSTed to /ipp/print read
 * within their limits (readIppBody) and parsed within theirs, every refusal answered as an IPP
 * status with the request's own id, and a plain page for whoever opens the URL in a browser.
 */
export function createIppEndpoint(o: IppEndpointOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const { log } = o;
  const hostOf = (req: IncomingMessage) => req.headers.host ?? o.fallbackHost();
  const printerUriFor = (req: IncomingMessage) => `${o.tls ? 'ipps' : 'ipp'}://${hostOf(req)}${printerPath}`;

  function respond(res: ServerResponse, version: [number, number], requestId: number, status: number, groups: IppGroup[], message?: string): void {
    const operationGroup: IppGroup = {
      tag: GroupTag.operation,
      attributes: [ipp.attr('attributes-charset', ipp.charset('utf-8')), ipp.attr('attributes-natural-language', ipp.language('en'))],
    };
    if (message) operationGroup.attributes.push(ipp.attr('status-message', ipp.text(message.slice(0, 255))));
    const supportedVersion: [number, number] = version[0] === 1 || version[0] === 2 ? version : [2, 0];
    const body = encodeIppMessage({ version: supportedVersion, code: status, requestId, groups: [operationGroup, ...groups] });
    res.writeHead(200, { 'content-type': 'application/ipp', 'content-length': body.length });
    res.end(body);
  }

  async function handleIpp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { body, refused } = await readIppBody(req, { maxDocumentBytes: o.maxDocumentBytes, maxAttributeBytes: o.parseLimits.maxAttributeBytes });
    const headerRequestId = body.length >= 8 ? new DataView(body.buffer, body.byteOffset).getInt32(4) : 0;
    const headerVersion: [number, number] = body.length >= 2 ? [body[0], body[1]] : [2, 0];
    if (refused) {
      res.setHeader('connection', 'close');
      log.info('IPP request refused', { status: 'client-error-request-entity-too-large', reason: refused });
      respond(res, headerVersion, headerRequestId, Status.requestEntityTooLarge, [], refused);
      return;
    }
    let request: IppMessage;
    try {
      request = parseIppMessage(body, o.parseLimits);
    } catch (err) {
      if (err instanceof IppLimitError) {
        log.info('IPP request refused', { status: 'client-error-request-entity-too-large', reason: err.message });
        return respond(res, headerVersion, headerRequestId, Status.requestEntityTooLarge, [], err.message);
      }
      if (err instanceof IppParseError) return respond(res, headerVersion, headerRequestId, Status.badRequest, [], err.message);
      throw err;
    }
    try {
      checkIppRequest(request, printerPath);
      const from = { client: clientOf(req), printerUri: printerUriFor(req), moreInfoUrl: `${o.tls ? 'https' : 'http'}://${hostOf(req)}/` };
      const { status, groups, message } = await o.operations.operate(request, from);
      respond(res, request.version, request.requestId, status, groups, message);
    } catch (err) {
      if (err instanceof IppError) {
        log.info('IPP request refused', { operation: request.code, status: `0x${err.status.toString(16)}`, reason: err.message });
        return respond(res, request.version, request.requestId, err.status, err.groups, err.message);
      }
      log.error('IPP request failed', { error: (err as Error).message });
      respond(res, request.version, request.requestId, Status.internalError, [], 'internal error');
    }
  }

  return (req, res) => {
    if (!o.allowList.allows(req.socket.remoteAddress)) {
      log.warn('IPP client refused by print.allowFrom', { address: req.socket.remoteAddress });
      res.writeHead(403, { 'content-type': 'text/plain', connection: 'close' }).end('this client may not print to the signing station\n');
      return;
    }
    if (req.method === 'POST' && (req.url === printerPath || req.url === '/' || /^\/ipp\/print\/\d+$/.test(req.url ?? ''))) {
      if (!/^application\/ipp\b/i.test(req.headers['content-type'] ?? '')) {
        res.writeHead(415, { 'content-type': 'text/plain' }).end('send application/ipp\n');
        return;
      }
      handleIpp(req, res).catch((err) => {
        log.error('IPP connection failed', { error: (err as Error).message });
        if (!res.headersSent) res.writeHead(500).end();
        else res.destroy();
      });
      return;
    }
    if (req.method === 'GET' || req.method === 'HEAD') {
      // printer-more-info: a human-readable page for whoever adds the printer.
      const text = `${o.printerName}\n\nAdd this printer by URL: ${printerUriFor(req)}\nPrinted PDFs appear in the teller's signing queue.\n`;
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end(req.method === 'HEAD' ? undefined : text);
      return;
    }
    res.writeHead(405, { allow: 'POST, GET' }).end();
  };
}
