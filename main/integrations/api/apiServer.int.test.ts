import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInMemorySigningRequestRepository } from '../inbox/inMemorySigningRequestRepository';
import { createSigningRequestInbox, type SigningRequestInbox } from '../inbox/signingRequestInbox';
import type { SigningRequest } from '../inbox/signingRequest';
import type { SigningRequestRepository } from '../inbox/signingRequestRepository';
import { silentLogger } from '../../logging/logger';
import { corpusPdf, makeSamplePdf } from '../../../test/support/samplePdf';
import { startApiServer, type ApiAuditEntry, type RunningApiServer } from './apiServer';
import { createFileApiTokenStore } from './apiTokenStore';
import { loadOpenApiResponseValidator } from '../../../test/support/openApiResponseValidator';

const openApi = loadOpenApiResponseValidator();
const maxBodyBytes = 512 * 1024;

let dir: string;
let server: RunningApiServer;
let inbox: SigningRequestInbox;
let repository: SigningRequestRepository;
let tokenFile: string;
let full: string;
let readOnly: string;
let otherIntegration: string;
const audit: ApiAuditEntry[] = [];
const arrived: SigningRequest[] = [];
let pdf: Uint8Array;

/** A real HTTP call whose response is checked against docs/openapi.yaml before the test looks at it. */
async function call(method: string, path: string, init: { token?: string; headers?: Record<string, string>; body?: BodyInit } = {}) {
  const headers: Record<string, string> = { ...init.headers };
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  const res = await fetch(server.url + path, { method, headers, body: init.body });
  const contentType = res.headers.get('content-type');
  const raw = new Uint8Array(await res.arrayBuffer());
  const body = contentType?.includes('json') ? JSON.parse(new TextDecoder().decode(raw)) : raw;
  expect(openApi.check({ method, path, status: res.status, contentType, body }), `${method} ${path} → ${res.status}`).toEqual([]);
  return { status: res.status, headers: res.headers, body, raw };
}

const jsonBody = (document: Uint8Array, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ document: { name: 'contract.pdf', contentBase64: Buffer.from(document).toString('base64') }, ...extra });

const postJson = (token: string, body: string, headers: Record<string, string> = {}) =>
  call('POST', '/v1/signing-requests', { token, body, headers: { 'content-type': 'application/json', ...headers } });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'api-test-'));
  tokenFile = join(dir, 'api-tokens.json');
  const tokens = createFileApiTokenStore(tokenFile);
  // Loopback (the receiver of the first test) only because it is listed; example.com for the plain-http case.
  full = tokens.create({ integration: 'crm', scopes: ['create', 'read', 'cancel'], callbackHosts: ['127.0.0.1:9', 'example.com'] }).token;
  readOnly = tokens.create({ integration: 'crm', scopes: ['read'] }).token;
  otherIntegration = tokens.create({ integration: 'erp', scopes: ['create', 'read', 'cancel'] }).token;
  repository = createInMemorySigningRequestRepository();
  inbox = createSigningRequestInbox({ repository, expiryCheckIntervalMs: 0 });
  inbox.on('arrived', (r) => arrived.push(r));
  server = await startApiServer({
    config: { host: '127.0.0.1', port: 0, tlsCert: '', tlsKey: '', maxBodyBytes, rateLimitPerMinute: 10_000 },
    inbox, tokens, log: silentLogger, audit: (e) => audit.push(e),
  });
  pdf = await makeSamplePdf('Loan agreement');
});

afterAll(async () => {
  await server?.close();
  inbox?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('signing-request API against a real HTTP client', () => {
  it('creates a request from JSON: it reaches the teller queue with the exact bytes', async () => {
    const res = await postJson(full, jsonBody(pdf, {
      externalReference: 'ORDER-1', documentType: 'loan', signer: { name: 'Åsa Öberg' }, language: 'sv',
      fieldsToSign: ['Signature1'], callbackUrl: 'http://127.0.0.1:9/hook', retentionDays: 30,
    }));
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toBe(`/v1/signing-requests/${res.body.id}`);
    expect(res.body).toMatchObject({ status: 'pending', source: 'api', externalReference: 'ORDER-1', signer: { name: 'Åsa Öberg' } });
    expect(res.body.document.sha256).toBe(createHash('sha256').update(pdf).digest('hex'));
    expect(arrived.at(-1)?.id).toBe(res.body.id);
    expect(arrived.at(-1)?.owner).toBe('crm');
    expect(Buffer.from((await inbox.document(res.body.id))!).equals(Buffer.from(pdf))).toBe(true);
    expect(audit.at(-1)).toMatchObject({ method: 'POST', status: 201, integration: 'crm', signingRequestId: res.body.id });
  });

  it('creates a request from a multipart upload of a real-world PDF, byte for byte', async (ctx) => {
    const real = corpusPdf('ordinary/sample_002-trivial-libre-office-writer.pdf');
    if (!real) return ctx.skip(); // ../shared/data/pdf-corpus is absent on this machine
    const form = new FormData();
    form.append('metadata', new Blob([JSON.stringify({ externalReference: 'ORDER-2', documentType: 'terms' })], { type: 'application/json' }));
    form.append('document', new Blob([real], { type: 'application/pdf' }), 'terms.pdf');
    const res = await call('POST', '/v1/signing-requests', { token: full, body: form });
    expect(res.status).toBe(201);
    expect(res.body.document).toMatchObject({ name: 'terms.pdf', bytes: real.length });
    expect(Buffer.from((await inbox.document(res.body.id))!).equals(Buffer.from(real))).toBe(true);
  });

  it("accepts a browser's multipart upload, whose boundary has capital letters", async () => {
    // Exactly what Chromium and Safari send from an <input type=file> form; the boundary is case-sensitive.
    const boundary = '----WebKitFormBoundaryZq7XpA3mB9kL2wQe';
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="metadata"\r\nContent-Type: application/json\r\n\r\n{"externalReference":"ORDER-WEBKIT"}\r\n`),
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="document"; filename="loan.pdf"\r\nContent-Type: application/pdf\r\n\r\n`),
      Buffer.from(pdf),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const res = await call('POST', '/v1/signing-requests', { token: full, body, headers: { 'content-type': `Multipart/Form-Data; boundary=${boundary}` } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ externalReference: 'ORDER-WEBKIT', document: { name: 'loan.pdf', bytes: pdf.length } });
    expect(Buffer.from((await inbox.document(res.body.id))!).equals(Buffer.from(pdf))).toBe(true);
  });

  it('reports status, refuses the document until signed, then serves the signed PDF', async () => {
    const created = await postJson(full, jsonBody(pdf, { externalReference: 'ORDER-3' }));
    const id = created.body.id;
    expect((await call('GET', `/v1/signing-requests/${id}`, { token: readOnly })).body.status).toBe('pending');
    const early = await call('GET', `/v1/signing-requests/${id}/document`, { token: full });
    expect(early.status).toBe(409);
    const signed = await makeSamplePdf('Loan agreement — signed');
    await inbox.complete(id, signed);
    const status = await call('GET', `/v1/signing-requests/${id}`, { token: full });
    expect(status.body).toMatchObject({ status: 'completed', signedDocument: { href: `/v1/signing-requests/${id}/document` } });
    const doc = await call('GET', `/v1/signing-requests/${id}/document`, { token: readOnly });
    expect(doc.status).toBe(200);
    expect(doc.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(doc.raw).equals(Buffer.from(signed))).toBe(true);
    expect(doc.headers.get('x-content-sha256')).toBe(createHash('sha256').update(signed).digest('hex'));
    const cancelSigned = await call('DELETE', `/v1/signing-requests/${id}`, { token: full });
    expect(cancelSigned.status).toBe(409);
  });

  it('with retentionDays 0 the first complete download is the last', async () => {
    const created = await postJson(full, jsonBody(pdf, { retentionDays: 0 }));
    await inbox.complete(created.body.id, await makeSamplePdf('signed once'));
    expect((await call('GET', `/v1/signing-requests/${created.body.id}/document`, { token: full })).status).toBe(200);
    for (let i = 0; i < 100 && (await inbox.signedDocument(created.body.id)); i++) await new Promise((r) => setTimeout(r, 10));
    expect((await call('GET', `/v1/signing-requests/${created.body.id}/document`, { token: full })).status).toBe(410);
    expect((await call('GET', `/v1/signing-requests/${created.body.id}`, { token: full })).body).toMatchObject({ status: 'completed', signedDocument: null });
  });

  it('cancels: the document and the signer are erased, and DELETE is idempotent', async () => {
    const created = await postJson(full, jsonBody(pdf, { externalReference: 'ORDER-4', signer: { name: 'Jonas Petraitis' } }));
    const id = created.body.id;
    const cancelled = await call('DELETE', `/v1/signing-requests/${id}`, { token: full });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', signer: null, document: { name: null } });
    expect(await repository.readDocument(id, 'original')).toBeUndefined();
    expect(JSON.stringify(await repository.get(id))).not.toContain('Petraitis');
    expect((await call('GET', `/v1/signing-requests/${id}/document`, { token: full })).status).toBe(410);
    expect((await call('DELETE', `/v1/signing-requests/${id}`, { token: full })).status).toBe(200);
  });

  it('honours Idempotency-Key: a retry returns the same request; a reused key with other content is refused', async () => {
    const first = await postJson(full, jsonBody(pdf, { externalReference: 'ORDER-5' }), { 'idempotency-key': 'k-5' });
    const retry = await postJson(full, jsonBody(pdf, { externalReference: 'ORDER-5' }), { 'idempotency-key': 'k-5' });
    expect(first.status).toBe(201);
    expect(retry.status).toBe(200);
    expect(retry.body.id).toBe(first.body.id);
    const before = (await inbox.list()).length;
    const other = await postJson(full, jsonBody(await makeSamplePdf('Other'), { externalReference: 'ORDER-5' }), { 'idempotency-key': 'k-5' });
    expect(other.status).toBe(409);
    expect(other.body.type).toBe('urn:signing-station:problem:idempotency-conflict');
    expect((await inbox.list()).length).toBe(before);
  });

  it('keeps integrations apart: another integration gets 404 for a request it did not make', async () => {
    const created = await postJson(full, jsonBody(pdf));
    expect((await call('GET', `/v1/signing-requests/${created.body.id}`, { token: otherIntegration })).status).toBe(404);
    expect((await call('DELETE', `/v1/signing-requests/${created.body.id}`, { token: otherIntegration })).status).toBe(404);
    expect((await inbox.get(created.body.id))?.status).toBe('pending');
  });

  describe('bad input: the right 4xx as problem+json, and nothing stored', () => {
    const cases: [string, () => Promise<Awaited<ReturnType<typeof call>>>, number, string][] = [
      ['no token', () => call('POST', '/v1/signing-requests', { body: jsonBody(pdf), headers: { 'content-type': 'application/json' } }), 401, 'unauthorized'],
      ['an unknown token', () => postJson('sst_0123456789abcdef_' + 'A'.repeat(43), jsonBody(pdf)), 401, 'unauthorized'],
      ['a garbled token', () => postJson('hello', jsonBody(pdf)), 401, 'unauthorized'],
      ['a token without the create scope', () => postJson(readOnly, jsonBody(pdf)), 403, 'forbidden'],
      ['malformed JSON', () => postJson(full, '{"document": '), 400, 'malformed-request'],
      ['a body over the size limit', () => postJson(full, jsonBody(new Uint8Array(maxBodyBytes))), 413, 'payload-too-large'],
      ['an unknown field', () => postJson(full, jsonBody(pdf, { colour: 'red' })), 422, 'validation-failed'],
      ['a missing document', () => postJson(full, JSON.stringify({ externalReference: 'x' })), 422, 'validation-failed'],
      ['a bad language tag', () => postJson(full, jsonBody(pdf, { language: 'Swedish please' })), 422, 'validation-failed'],
      ['a plain-http callback to a remote host', () => postJson(full, jsonBody(pdf, { callbackUrl: 'http://example.com/hook' })), 422, 'validation-failed'],
      ['an HTML page posing as the document', () => postJson(full, jsonBody(new TextEncoder().encode('<html><body>502 Bad Gateway</body></html>'))), 422, 'not-a-pdf'],
      ['a truncated PDF', () => postJson(full, jsonBody(pdf.subarray(0, pdf.length - 40))), 422, 'not-a-pdf'],
      ['text/plain', () => call('POST', '/v1/signing-requests', { token: full, body: 'hi', headers: { 'content-type': 'text/plain' } }), 415, 'unsupported-media-type'],
      ['multipart without the document part', () => {
        const form = new FormData();
        form.append('metadata', JSON.stringify({ externalReference: 'x' }));
        return call('POST', '/v1/signing-requests', { token: full, body: form });
      }, 422, 'validation-failed'],
      ['a not-a-UUID id', () => call('GET', '/v1/signing-requests/not-a-uuid', { token: full }), 404, 'not-found'],
    ];
    for (const [name, send, status, type] of cases) {
      it(`refuses ${name} with ${status}`, async () => {
        const before = (await inbox.list()).length;
        const arrivedBefore = arrived.length;
        const res = await send();
        expect(res.status).toBe(status);
        expect(res.headers.get('content-type')).toBe('application/problem+json');
        expect(res.body.type).toBe(`urn:signing-station:problem:${type}`);
        expect(res.body.status).toBe(status);
        expect((await inbox.list()).length).toBe(before);
        expect(arrived.length).toBe(arrivedBefore);
      });
    }

    it('refuses a real non-PDF from the corpus', async (ctx) => {
      const notPdf = corpusPdf('malformed/qpdf_bad1_not-a-pdf.pdf');
      if (!notPdf) return ctx.skip();
      const res = await postJson(full, jsonBody(notPdf));
      expect(res.status).toBe(422);
    });
  });

  it('sees a revocation made by another process (the CLI) at the next request', async () => {
    const cliStore = createFileApiTokenStore(tokenFile);
    const created = cliStore.create({ integration: 'pms', scopes: ['create', 'read'] });
    expect((await postJson(created.token, jsonBody(pdf))).status).toBe(201);
    expect(cliStore.revoke(created.record.id)).toBe(true);
    const res = await postJson(created.token, jsonBody(pdf));
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toContain('invalid_token');
  });

  it('rate-limits per token with 429 and Retry-After', async () => {
    const tokens = createFileApiTokenStore(tokenFile);
    const limited = await startApiServer({
      config: { host: '127.0.0.1', port: 0, tlsCert: '', tlsKey: '', maxBodyBytes, rateLimitPerMinute: 6 },
      inbox, tokens, log: silentLogger,
    });
    try {
      const statuses: number[] = [];
      let retryAfter: string | null = null;
      for (let i = 0; i < 3; i++) {
        const res = await fetch(`${limited.url}/v1/signing-requests/00000000-0000-4000-8000-000000000000`, { headers: { authorization: `Bearer ${full}` } });
        statuses.push(res.status);
        if (res.status === 429) retryAfter = res.headers.get('retry-after');
        await res.arrayBuffer();
      }
      // burst = perMinute / 6 = 1: the first passes (404, no such request), the next are limited.
      expect(statuses).toEqual([404, 429, 429]);
      expect(Number(retryAfter)).toBeGreaterThan(0);
    } finally {
      await limited.close();
    }
  });
});

describe('signing-request API over TLS', () => {
  it('serves HTTPS with the configured certificate, and nothing over plain HTTP', async (ctx) => {
    const tlsDir = mkdtempSync(join(tmpdir(), 'api-tls-'));
    try {
      const cert = join(tlsDir, 'cert.pem');
      const key = join(tlsDir, 'key.pem');
      try {
        execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
          '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', key, '-out', cert], { stdio: 'ignore' });
      } catch {
        return ctx.skip(); // openssl (Debian package openssl) is missing
      }
      const tokens = createFileApiTokenStore(join(tlsDir, 'tokens.json'));
      const { token } = tokens.create({ integration: 'tls-client', scopes: ['read'] });
      const secure = await startApiServer({
        config: { host: '127.0.0.1', port: 0, tlsCert: cert, tlsKey: key, maxBodyBytes },
        inbox, tokens, log: silentLogger, audit: () => undefined,
      });
      try {
        expect(secure.url).toMatch(/^https:\/\//);
        const status = await new Promise<number>((resolve, reject) => {
          const req = httpsRequest(`${secure.url}/v1/signing-requests/00000000-0000-4000-8000-000000000000`, { ca: readFileSync(cert), headers: { authorization: `Bearer ${token}` } }, (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          });
          req.on('error', reject);
          req.end();
        });
        expect(status).toBe(404); // authenticated over TLS; no such request
        await expect(fetch(secure.url.replace('https:', 'http:') + '/v1/signing-requests')).rejects.toThrow();
      } finally {
        await secure.close();
      }
    } finally {
      rmSync(tlsDir, { recursive: true, force: true });
    }
  });
});

describe('signing-request API with curl (Expect: 100-continue)', () => {
  const curl = (args: string[]) => new Promise<{ code: number; out: string; err: string }>((resolve) => {
    execFile('curl', ['-sS', '-v', ...args], { encoding: 'utf8', maxBuffer: 1 << 24 }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, out: stdout, err: stderr });
    });
  });

  it('uploads a PDF as multipart after 100 Continue, and refuses a bad token before the body is sent', async (ctx) => {
    if (!existsSync('/usr/bin/curl')) return ctx.skip();
    const dir = mkdtempSync(join(tmpdir(), 'api-curl-'));
    try {
      const file = join(dir, 'contract.pdf');
      const big = await makeSamplePdf('large contract', 300 * 1024);
      writeFileSync(file, big);
      const before = (await inbox.list()).length;
      const ok = await curl(['-H', `Authorization: Bearer ${full}`, '-H', 'Expect: 100-continue', '-F', `document=@${file};type=application/pdf`, '-F', 'metadata={"externalReference":"CURL-1"};type=application/json', `${server.url}/v1/signing-requests`]);
      expect(ok.err).toMatch(/HTTP\/1.1 100 Continue/);
      const created = JSON.parse(ok.out);
      expect(created).toMatchObject({ status: 'pending', externalReference: 'CURL-1', document: { bytes: big.length } });
      expect(Buffer.from((await inbox.document(created.id))!).equals(Buffer.from(big))).toBe(true);

      const refused = await curl(['-H', 'Authorization: Bearer sst_0123456789abcdef_' + 'B'.repeat(43), '-H', 'Expect: 100-continue', '-F', `document=@${file};type=application/pdf`, `${server.url}/v1/signing-requests`]);
      expect(refused.err).not.toMatch(/100 Continue/);
      expect(refused.err).toMatch(/HTTP\/1.1 401/);
      expect(JSON.parse(refused.out).type).toBe('urn:signing-station:problem:unauthorized');
      expect((await inbox.list()).length).toBe(before + 1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
