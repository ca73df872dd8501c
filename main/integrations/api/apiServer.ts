import { listenOn } from '../../net/listenOn';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { z } from 'zod';
import type { SigningRequestInbox } from '../inbox/signingRequestInbox';
import { IdempotencyConflictError, SigningRequestStateError } from '../inbox/signingRequestInbox';
import { NotAPdfError } from '../inbox/pdfDocumentCheck';
import type { LogWriter } from '../../logging/logger';
import { parseClientAllowList } from '../clientAllowList';
import { parseCallbackAllowList } from '../webhooks/callbackAllowList';
import type { ApiScope, ApiTokenRecord, ApiTokenStore } from './apiTokenStore';
import { parseMultipartFormData } from './multipartFormData';
import { ApiProblem, sendProblem } from './problemDetails';
import { createRateLimiter } from './rateLimiter';
import { readRequestBody } from './readRequestBody';
import { planOf, signingRequestJsonSchema, signingRequestMetadataSchema, type SigningRequestMetadata } from './signingRequestInput';
import { representSigningRequest } from './signingRequestRepresentation';

export interface ApiServerConfig {
  host: string;
  /** 0 picks a free port (tests). */
  port: number;
  tlsCert: string;
  tlsKey: string;
  maxBodyBytes: number;
  /** Sustained requests a minute per token (and per address for unauthenticated calls). Default 600. */
  rateLimitPerMinute?: number;
  /** Allows plain-http callback URLs to listed non-loopback hosts. Off: webhooks carry personal data. */
  allowInsecureCallbacks?: boolean;
  /** Client addresses allowed to call the API ("10.1.2.0/24, 192.168.5.7"); empty: all that reach the port. */
  allowFrom?: string;
}

/** One line per API call for the audit trail: who did what to which request, and the outcome. */
export interface ApiAuditEntry {
  at: string;
  requestId: string;
  remoteAddress: string;
  method: string;
  path: string;
  status: number;
  integration?: string;
  tokenId?: string;
  signingRequestId?: string;
}

export interface ApiServerOptions {
  config: ApiServerConfig;
  inbox: SigningRequestInbox;
  tokens: ApiTokenStore;
  log: LogWriter;
  /** Receives every call; defaults to log.info. The privacy area's audit chain plugs in here. */
  audit?: (entry: ApiAuditEntry) => void;
}

export interface RunningApiServer {
  /** Base URL, e.g. http://127.0.0.1:8443 */
  url: string;
  port: number;
  close(): Promise<void>;
}

const collection = '/v1/signing-requests';
const idPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export async function startApiServer(options: ApiServerOptions): Promise<RunningApiServer> {
  const { config, inbox, tokens, log } = options;
  const audit = options.audit ?? ((entry: ApiAuditEntry) => log.info('api call', { ...entry }));
  const perMinute = config.rateLimitPerMinute ?? 600;
  const tokenLimiter = createRateLimiter({ perMinute });
  // Failed authentication is limited harder per address: guessing tokens should be slow.
  const anonymousLimiter = createRateLimiter({ perMinute: 60, burst: 20 });
  const allowList = parseClientAllowList(config.allowFrom ?? '');

  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const requestId = randomUUID();
    const entry: ApiAuditEntry = {
      at: new Date().toISOString(), requestId, remoteAddress: req.socket.remoteAddress ?? '',
      method: req.method ?? '', path: (req.url ?? '').split('?')[0], status: 0,
    };
    res.setHeader('x-request-id', requestId);
    res.on('finish', () => {
      entry.status = res.statusCode;
      try { audit(entry); } catch (err) { log.error('audit sink failed', { error: (err as Error).message }); }
    });
    const work = allowList.allows(req.socket.remoteAddress)
      ? route(req, res, entry)
      : Promise.reject(new ApiProblem('forbidden', 'this client address may not use the API (api.allowFrom)'));
    work.catch((err: unknown) => {
      const problem = err instanceof ApiProblem ? err : internalProblem(err, entry);
      if (res.headersSent) {
        res.destroy();
        return;
      }
      sendProblem(res, problem, entry.path);
      // An oversized body still streaming in: stop reading it once the answer is out.
      if (problem.type === 'payload-too-large') res.on('finish', () => req.destroy());
    });
  };

  function internalProblem(err: unknown, entry: ApiAuditEntry): ApiProblem {
    log.error('api request failed', { requestId: entry.requestId, error: (err as Error)?.message ?? String(err) });
    return new ApiProblem('internal', `internal error; quote request id ${entry.requestId} to the station's administrator`);
  }

  function authenticate(req: IncomingMessage, entry: ApiAuditEntry, scope: ApiScope): ApiTokenRecord {
    const header = req.headers.authorization ?? '';
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    const token = m ? tokens.authenticate(m[1]) : undefined;
    if (!token) {
      const wait = anonymousLimiter.take(entry.remoteAddress);
      if (wait) throw new ApiProblem('rate-limited', `too many failed authentications; retry in ${wait} s`, { headers: { 'retry-after': String(wait) } });
      throw new ApiProblem('unauthorized', m ? 'the bearer token is unknown or revoked' : 'send Authorization: Bearer <token>', {
        headers: { 'www-authenticate': m ? 'Bearer error="invalid_token"' : 'Bearer' },
      });
    }
    entry.integration = token.integration;
    entry.tokenId = token.id;
    const wait = tokenLimiter.take(token.id);
    if (wait) throw new ApiProblem('rate-limited', `more than ${perMinute} requests a minute; retry in ${wait} s`, { headers: { 'retry-after': String(wait) } });
    if (!token.scopes.includes(scope)) {
      throw new ApiProblem('forbidden', `this token has scopes [${token.scopes.join(', ')}]; this operation needs '${scope}'`, {
        headers: { 'www-authenticate': `Bearer error="insufficient_scope", scope="${scope}"` },
      });
    }
    return token;
  }

  async function route(req: IncomingMessage, res: ServerResponse, entry: ApiAuditEntry): Promise<void> {
    const path = entry.path;
    const method = req.method ?? 'GET';
    if (path === collection) {
      if (method !== 'POST') throw new ApiProblem('method-not-allowed', `${method} is not supported on ${collection}; use POST`, { headers: { allow: 'POST' } });
      return createRequest(req, res, entry);
    }
    const m = /^\/v1\/signing-requests\/([^/]+)(\/document)?$/.exec(path);
    if (!m) throw new ApiProblem('not-found', `no resource at ${path}`);
    const [, id, document] = m;
    if (document) {
      if (method !== 'GET' && method !== 'HEAD') throw new ApiProblem('method-not-allowed', `${method} is not supported here; use GET`, { headers: { allow: 'GET' } });
      return getDocument(req, res, entry, id);
    }
    if (method === 'GET' || method === 'HEAD') return getRequest(req, res, entry, id);
    if (method === 'DELETE') return cancelRequest(req, res, entry, id);
    throw new ApiProblem('method-not-allowed', `${method} is not supported here; use GET or DELETE`, { headers: { allow: 'GET, DELETE' } });
  }

  /** The request if it exists and belongs to the token's integration; otherwise 404 (no hint that it exists). */
  async function ownRequest(token: ApiTokenRecord, id: string, entry: ApiAuditEntry) {
    const r = idPattern.test(id) ? await inbox.get(id) : undefined;
    if (!r || r.owner !== token.integration || r.source !== 'api') throw new ApiProblem('not-found', `no signing request ${id}`);
    entry.signingRequestId = id;
    return r;
  }

  function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store', ...headers });
    res.end(res.req.method === 'HEAD' ? undefined : text);
  }

  function validationProblem(error: z.ZodError, prefix = ''): ApiProblem {
    const errors = error.issues.slice(0, 20).map((i) => ({
      pointer: prefix + '/' + i.path.map((p) => String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('/'),
      detail: i.code === 'unrecognized_keys' ? `unknown field(s): ${i.keys.join(', ')}` : i.message,
    }));
    return new ApiProblem('validation-failed', errors.map((e) => `${e.pointer}: ${e.detail}`).join('; '), { errors });
  }

  /** The integration's callback hosts decide (names are resolved again at each delivery). */
  function checkCallbackUrl(url: string | undefined, integration: string): void {
    if (!url) return;
    const refusal = parseCallbackAllowList(tokens.callbackHostsFor(integration)).refusalOf(new URL(url), { allowInsecure: config.allowInsecureCallbacks });
    if (refusal) throw new ApiProblem('validation-failed', refusal, { errors: [{ pointer: '/callbackUrl', detail: refusal }] });
  }

  async function createRequest(req: IncomingMessage, res: ServerResponse, entry: ApiAuditEntry): Promise<void> {
    const token = authenticate(req, entry, 'create');
    // Media types are case-insensitive, a multipart boundary is not (browsers send ----WebKitFormBoundaryAbC…):
    // only the test is on the lowercased value, the boundary is read from the header as sent.
    const contentType = req.headers['content-type'] ?? '';
    const isJson = /^application\/json\s*(;|$)/i.test(contentType);
    const isMultipart = /^multipart\/form-data\s*;/i.test(contentType);
    if (!isJson && !isMultipart) {
      throw new ApiProblem('unsupported-media-type', `Content-Type '${contentType || '(none)'}' is not accepted; send application/json or multipart/form-data`);
    }
    const idempotencyKey = req.headers['idempotency-key'];
    if (idempotencyKey !== undefined && (typeof idempotencyKey !== 'string' || !/^[\x21-\x7e]{1,200}$/.test(idempotencyKey))) {
      throw new ApiProblem('validation-failed', 'Idempotency-Key must be 1–200 visible ASCII characters', { errors: [{ pointer: '/headers/idempotency-key', detail: 'invalid' }] });
    }
    const body = await readRequestBody(req, config.maxBodyBytes);
    let metadata: SigningRequestMetadata;
    let document: Buffer;
    let documentName: string | undefined;
    if (isJson) {
      let raw: unknown;
      try {
        raw = JSON.parse(body.toString('utf8'));
      } catch (err) {
        throw new ApiProblem('malformed-request', `the body is not valid JSON: ${(err as Error).message}`);
      }
      const parsed = signingRequestJsonSchema.safeParse(raw);
      if (!parsed.success) throw validationProblem(parsed.error);
      const { document: doc, ...rest } = parsed.data;
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(doc.contentBase64) || doc.contentBase64.length % 4 === 1) {
        throw new ApiProblem('validation-failed', '/document/contentBase64: not base64', { errors: [{ pointer: '/document/contentBase64', detail: 'not base64' }] });
      }
      metadata = rest;
      document = Buffer.from(doc.contentBase64, 'base64');
      documentName = doc.name;
    } else {
      const parts = parseMultipartFormData(body, contentType);
      const metaPart = parts.find((p) => p.name === 'metadata');
      const docPart = parts.find((p) => p.name === 'document');
      if (!docPart) throw new ApiProblem('validation-failed', "multipart body needs a 'document' part with the PDF", { errors: [{ pointer: '/document', detail: 'missing' }] });
      let raw: unknown = {};
      if (metaPart) {
        try {
          raw = JSON.parse(metaPart.data.toString('utf8'));
        } catch (err) {
          throw new ApiProblem('malformed-request', `the 'metadata' part is not valid JSON: ${(err as Error).message}`);
        }
      }
      const parsed = signingRequestMetadataSchema.safeParse(raw);
      if (!parsed.success) throw validationProblem(parsed.error);
      metadata = parsed.data;
      document = docPart.data;
      documentName = docPart.filename;
    }
    checkCallbackUrl(metadata.callbackUrl, token.integration);
    try {
      const { request, created } = await inbox.submit({
        source: 'api',
        owner: token.integration,
        document,
        documentName: documentName ?? `${metadata.externalReference ?? 'document'}.pdf`,
        externalReference: metadata.externalReference,
        documentType: metadata.documentType,
        signerName: metadata.signer?.name,
        fieldsToSign: metadata.fieldsToSign,
        plan: planOf(metadata),
        packageReference: metadata.packageReference,
        language: metadata.language,
        callbackUrl: metadata.callbackUrl,
        retentionDays: metadata.retentionDays,
        ttlSeconds: metadata.expiresInSeconds,
        idempotencyKey: idempotencyKey as string | undefined,
      });
      entry.signingRequestId = request.id;
      const location = `${collection}/${request.id}`;
      sendJson(res, created ? 201 : 200, representSigningRequest(request), { location });
    } catch (err) {
      if (err instanceof NotAPdfError) throw new ApiProblem('not-a-pdf', err.message);
      if (err instanceof IdempotencyConflictError) throw new ApiProblem('idempotency-conflict', err.message);
      if (err instanceof TypeError) throw new ApiProblem('validation-failed', err.message);
      throw err;
    }
  }

  async function getRequest(req: IncomingMessage, res: ServerResponse, entry: ApiAuditEntry, id: string): Promise<void> {
    const token = authenticate(req, entry, 'read');
    const r = await ownRequest(token, id, entry);
    sendJson(res, 200, representSigningRequest(r));
  }

  async function getDocument(req: IncomingMessage, res: ServerResponse, entry: ApiAuditEntry, id: string): Promise<void> {
    const token = authenticate(req, entry, 'read');
    const r = await ownRequest(token, id, entry);
    if (r.status === 'pending') throw new ApiProblem('conflict', 'the document is not signed yet; wait for signing.completed or poll the request');
    if (r.status !== 'completed') throw new ApiProblem('gone', `the request was ${r.status}; the station keeps no document for it`);
    const pdf = await inbox.signedDocument(id);
    if (!pdf) throw new ApiProblem('gone', 'the signed document is no longer kept on the station (retention)');
    // retentionDays 0: the client's first complete download is the last one.
    if (r.retentionDays === 0 && req.method === 'GET') {
      res.on('finish', () => void inbox.removeSignedDocument(id).catch((err) => log.error('could not remove a fetched document', { signingRequestId: id, error: (err as Error).message })));
    }
    res.writeHead(200, {
      'content-type': 'application/pdf',
      'content-length': pdf.length,
      'content-disposition': `attachment; filename="${(r.externalReference ?? r.id).replace(/[^A-Za-z0-9._-]/g, '_')}-signed.pdf"`,
      'cache-control': 'no-store',
      'x-content-sha256': r.signedDocumentSha256 ?? '',
    });
    res.end(req.method === 'HEAD' ? undefined : Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength));
  }

  async function cancelRequest(req: IncomingMessage, res: ServerResponse, entry: ApiAuditEntry, id: string): Promise<void> {
    const token = authenticate(req, entry, 'cancel');
    const r = await ownRequest(token, id, entry);
    // DELETE is idempotent: cancelling a cancelled request answers with its state.
    if (r.status === 'cancelled') return sendJson(res, 200, representSigningRequest(r));
    try {
      const cancelled = await inbox.cancel(id, `cancelled by ${token.integration} over the API`);
      sendJson(res, 200, representSigningRequest(cancelled));
    } catch (err) {
      if (err instanceof SigningRequestStateError) throw new ApiProblem('conflict', err.message);
      throw err;
    }
  }

  const tls = Boolean(config.tlsCert && config.tlsKey);
  const server: Server = tls
    ? createHttpsServer({ cert: readFileSync(config.tlsCert), key: readFileSync(config.tlsKey), minVersion: 'TLSv1.2' }, handler)
    : createHttpServer(handler);
  // Expect: 100-continue (curl and many HTTP stacks for large uploads): refuse a wrong token or an
  // oversized body before the client sends megabytes over a branch line; otherwise invite the body.
  server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => {
    const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    const declared = Number(req.headers['content-length'] ?? 0);
    if (m && tokens.authenticate(m[1]) && !(declared > config.maxBodyBytes)) res.writeContinue();
    handler(req, res);
  });
  server.requestTimeout = 120_000;
  server.headersTimeout = 30_000;
  const { port, urlHost } = await listenOn(server, config.host, config.port);
  const url = `${tls ? 'https' : 'http'}://${urlHost}:${port}`;
  log.info('signing-request API listening', { url });
  return {
    url,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
