import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadOpenApiResponseValidator } from '../../../test/support/openApiResponseValidator';
import { createInMemorySigningRequestRepository } from '../inbox/inMemorySigningRequestRepository';
import { createSigningRequestInbox } from '../inbox/signingRequestInbox';
import { silentLogger } from '../../logging/logger';
import { makeSamplePdf } from '../../../test/support/samplePdf';
import { createWebhookDispatcher } from './webhookDispatcher';
import { deliveryHeader, signatureHeader, timestampHeader, verifyWebhook } from './webhookSignature';

const secret = 'whsec-test-0123456789';
// The receivers listen on loopback, which webhooks reach only when it is listed explicitly.
const callbackHostsFor = () => ['127.0.0.1'];
const openApi = loadOpenApiResponseValidator();

interface Received { body: string; timestamp?: string; signature?: string; delivery?: string; verdict: ReturnType<typeof verifyWebhook> }

/** A real HTTP receiver that checks each call's HMAC and answers with the scripted statuses in turn. */
async function startReceiver(script: number[]) {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const h = (n: string) => req.headers[n] as string | undefined;
      const verdict = verifyWebhook({ secret, timestamp: h(timestampHeader), signature: h(signatureHeader), body });
      received.push({ body, timestamp: h(timestampHeader), signature: h(signatureHeader), delivery: h(deliveryHeader), verdict });
      res.statusCode = verdict.ok ? (script[received.length - 1] ?? script.at(-1) ?? 200) : 401;
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/signing`;
  return { url, received, close: () => new Promise<void>((r) => { server.close(() => r()); server.closeAllConnections(); }) };
}

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(script: number[], retry = {}) {
  const receiver = await startReceiver(script);
  const inbox = createSigningRequestInbox({ repository: createInMemorySigningRequestRepository(), expiryCheckIntervalMs: 0 });
  const dispatcher = createWebhookDispatcher({
    inbox, log: silentLogger, secretFor: (owner) => (owner === 'crm' ? secret : undefined), callbackHostsFor,
    retry: { initialDelayMs: 5, maxDelayMs: 40, jitter: 0, ...retry },
  });
  cleanups.push(receiver.close, () => inbox.close(), () => dispatcher.close());
  return { receiver, inbox, dispatcher };
}

describe('webhook dispatcher against a real receiver', () => {
  it('signs signing.completed with HMAC-SHA256 over timestamp + body, retrying until acknowledged', async () => {
    const { receiver, inbox, dispatcher } = await setup([500, 503, 204]);
    const { request } = await inbox.submit({ source: 'api', owner: 'crm', document: await makeSamplePdf(), documentName: 'a.pdf', callbackUrl: receiver.url, externalReference: 'ORD-7' });
    await inbox.complete(request.id, await makeSamplePdf('signed'));
    await dispatcher.idle();
    expect(receiver.received.length).toBe(3);
    for (const r of receiver.received) expect(r.verdict).toEqual({ ok: true });
    // One event, one delivery id, one body: retries are recognisable duplicates.
    expect(new Set(receiver.received.map((r) => r.delivery)).size).toBe(1);
    expect(new Set(receiver.received.map((r) => r.body)).size).toBe(1);
    const event = JSON.parse(receiver.received[0].body);
    expect(openApi.checkSchema('WebhookEvent', event)).toEqual([]);
    expect(event).toMatchObject({ type: 'signing.completed', id: receiver.received[0].delivery, signingRequest: { id: request.id, status: 'completed', externalReference: 'ORD-7' } });
    const [log] = dispatcher.deliveries();
    expect(log).toMatchObject({ status: 'delivered', type: 'signing.completed', url: receiver.url });
    expect(log.attempts.map((a) => a.httpStatus)).toEqual([500, 503, 204]);
    expect('body' in log).toBe(false);
  });

  it('sends signing.cancelled without any document data', async () => {
    const { receiver, inbox, dispatcher } = await setup([200]);
    const { request } = await inbox.submit({ source: 'api', owner: 'crm', document: await makeSamplePdf(), documentName: 'secret-loan.pdf', callbackUrl: receiver.url, signerName: 'Ieva Kazlauskienė' });
    await inbox.cancel(request.id, 'customer changed their mind');
    await dispatcher.idle();
    expect(receiver.received.length).toBe(1);
    const event = JSON.parse(receiver.received[0].body);
    expect(event.type).toBe('signing.cancelled');
    expect(receiver.received[0].body).not.toContain('Kazlauskien');
    expect(receiver.received[0].body).not.toContain('secret-loan');
    expect(openApi.checkSchema('WebhookEvent', event)).toEqual([]);
  });

  it('reports each document of a package and, once its last one ends, the package', async () => {
    const { receiver, inbox, dispatcher } = await setup([200]);
    const pdf = await makeSamplePdf();
    const [a, b] = [await inbox.submit({ source: 'api', owner: 'crm', document: pdf, documentName: 'agreement.pdf', callbackUrl: receiver.url, packageReference: 'account-4711' }), await inbox.submit({ source: 'api', owner: 'crm', document: pdf, documentName: 'card.pdf', callbackUrl: receiver.url, packageReference: 'account-4711' })];
    await inbox.complete(a.request.id, await makeSamplePdf('signed'), [{ signer: 'Ona', role: 'customer', kind: 'signature', status: 'signed', field: 'Signature1', page: 1 }]);
    await dispatcher.idle();
    expect(receiver.received.map((r) => JSON.parse(r.body).type)).toEqual(['signing.completed']);
    await inbox.cancel(b.request.id, 'card not wanted');
    await vi.waitFor(() => expect(receiver.received.length).toBe(3), { timeout: 15_000 });
    const events = receiver.received.map((r) => JSON.parse(r.body));
    expect(events.map((e) => e.type)).toEqual(['signing.completed', 'signing.cancelled', 'package.finished']);
    for (const e of events) expect(openApi.checkSchema('WebhookEvent', e)).toEqual([]);
    expect(events[0].signingRequest.signatures).toEqual([{ signer: 'Ona', role: 'customer', kind: 'signature', status: 'signed', field: 'Signature1', page: 1 }]);
    expect(events[2].package).toEqual({ reference: 'account-4711', signingRequests: [
      { id: a.request.id, status: 'completed', externalReference: null }, { id: b.request.id, status: 'cancelled', externalReference: null },
    ] });
  });

  it('sends signing.expired when nobody signed in time', async () => {
    const receiver = await startReceiver([200]);
    let t = new Date('2026-03-01T10:00:00Z');
    const inbox = createSigningRequestInbox({ repository: createInMemorySigningRequestRepository(), expiryCheckIntervalMs: 0, now: () => t });
    const dispatcher = createWebhookDispatcher({ inbox, log: silentLogger, secretFor: () => secret, callbackHostsFor, retry: { initialDelayMs: 5, jitter: 0 } });
    cleanups.push(receiver.close, () => inbox.close(), () => dispatcher.close());
    const { request } = await inbox.submit({ source: 'api', owner: 'crm', document: await makeSamplePdf(), documentName: 'a.pdf', callbackUrl: receiver.url, ttlSeconds: 600 });
    t = new Date('2026-03-01T10:10:00Z');
    await inbox.expireDue();
    await dispatcher.idle();
    expect(receiver.received.map((r) => JSON.parse(r.body).type)).toEqual(['signing.expired']);
    expect(JSON.parse(receiver.received[0].body).signingRequest).toMatchObject({ id: request.id, status: 'expired' });
  });

  it('gives up when the event grows too old, and says so in the delivery log', async () => {
    const { receiver, inbox, dispatcher } = await setup([500], { maxAgeMs: 30 });
    const { request } = await inbox.submit({ source: 'api', owner: 'crm', document: await makeSamplePdf(), documentName: 'a.pdf', callbackUrl: receiver.url, ttlSeconds: 60 });
    await inbox.cancel(request.id, 'x');
    await dispatcher.idle();
    const [log] = dispatcher.deliveries();
    expect(log.status).toBe('expired');
    expect(log.attempts.length).toBeGreaterThanOrEqual(1);
    expect(log.attempts.length).toBe(receiver.received.length);
    expect(log.attempts.every((a) => a.httpStatus === 500)).toBe(true);
  });

  it('records connection failures as attempts and keeps retrying', async () => {
    // Long enough for several attempts even on a loaded machine (retries every 5–40 ms).
    const { receiver, inbox, dispatcher } = await setup([200], { maxAgeMs: 1500 });
    await receiver.close(); // nobody listens there any more
    const { request } = await inbox.submit({ source: 'api', owner: 'crm', document: await makeSamplePdf(), documentName: 'a.pdf', callbackUrl: receiver.url });
    await inbox.cancel(request.id, 'x');
    await dispatcher.idle();
    const [log] = dispatcher.deliveries();
    expect(log.status).toBe('expired');
    expect(log.attempts.length).toBeGreaterThan(1);
    expect(log.attempts[0].httpStatus).toBeUndefined();
    expect(log.attempts[0].error).toMatch(/ECONNREFUSED|refused/i);
  });

  it('does not send when the integration has no secret, and logs why', async () => {
    const { receiver, inbox, dispatcher } = await setup([200]);
    const { request } = await inbox.submit({ source: 'api', owner: 'unknown-system', document: await makeSamplePdf(), documentName: 'a.pdf', callbackUrl: receiver.url });
    await inbox.cancel(request.id, 'x');
    await dispatcher.idle();
    expect(receiver.received).toEqual([]);
    expect(dispatcher.deliveries()[0].status).toBe('no-secret');
  });
});

describe('webhook signature', () => {
  const body = '{"a":1}';
  const now = 1_800_000_000;
  it('accepts the right secret inside the window and refuses everything else', async () => {
    const { signWebhook } = await import('./webhookSignature');
    const signature = signWebhook(secret, now, body);
    expect(signature).toMatch(/^v1=[0-9a-f]{64}$/);
    expect(verifyWebhook({ secret, timestamp: String(now), signature, body, nowSeconds: now + 10 })).toEqual({ ok: true });
    expect(verifyWebhook({ secret: 'other', timestamp: String(now), signature, body, nowSeconds: now }).ok).toBe(false);
    expect(verifyWebhook({ secret, timestamp: String(now), signature, body: '{"a":2}', nowSeconds: now }).ok).toBe(false);
    expect(verifyWebhook({ secret, timestamp: String(now + 1), signature, body, nowSeconds: now }).ok).toBe(false);
    expect(verifyWebhook({ secret, timestamp: String(now), signature, body, nowSeconds: now + 301 })).toEqual({ ok: false, reason: 'timestamp outside the replay window' });
    expect(verifyWebhook({ secret, timestamp: undefined, signature, body }).ok).toBe(false);
  });
});
