import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stationConfigSchema } from '../config/stationConfigSchema';
import { loadOpenApiResponseValidator } from '../../test/support/openApiResponseValidator';
import { startIntegrationServices } from './integrationServices';
import { silentLogger } from '../logging/logger';
import { makeSamplePdf } from '../../test/support/samplePdf';
import { verifyWebhook } from './webhooks/webhookSignature';

const storage = mkdtempSync(join(tmpdir(), 'integration-services-'));
afterAll(() => rmSync(storage, { recursive: true, force: true }));

describe('integration services from the station config', () => {
  it('runs a whole API round trip: create, teller signs, signed webhook, fetch the signed PDF', async () => {
    const received: { body: string; ok: boolean }[] = [];
    let secret = '';
    const receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => { body += c; });
      req.on('end', () => {
        const ok = verifyWebhook({ secret, timestamp: req.headers['signing-station-timestamp'] as string, signature: req.headers['signing-station-signature'] as string, body }).ok;
        received.push({ body, ok });
        res.writeHead(ok ? 204 : 401).end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    const hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    const config = stationConfigSchema.parse({
      storage: { dir: storage },
      api: { enabled: true, port: 0 },
      print: { enabled: true, port: 0, hotFolder: join(storage, 'hot') },
    });
    const services = await startIntegrationServices({ config, log: silentLogger });
    try {
      expect(services.api?.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(services.printer?.url).toMatch(/^ipp:\/\/127\.0\.0\.1:\d+\/ipp\/print$/);
      const created = services.tokens.create({ integration: 'core-banking', scopes: ['create', 'read', 'cancel'], callbackHosts: ['127.0.0.1'] });
      secret = created.webhookSecret!;
      const openApi = loadOpenApiResponseValidator();
      const auth = { authorization: `Bearer ${created.token}` };
      const pdf = await makeSamplePdf('Mortgage');
      const post = await fetch(`${services.api!.url}/v1/signing-requests`, {
        method: 'POST', headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ document: { contentBase64: Buffer.from(pdf).toString('base64') }, externalReference: 'MORT-1', callbackUrl: hookUrl }),
      });
      const request = await post.json();
      expect(post.status).toBe(201);
      const signed = await makeSamplePdf('Mortgage (signed)');
      await services.inbox.complete(request.id, signed);
      await services.webhooks.idle();
      expect(received).toHaveLength(1);
      expect(received[0].ok).toBe(true);
      const event = JSON.parse(received[0].body);
      expect(openApi.checkSchema('WebhookEvent', event)).toEqual([]);
      expect(event).toMatchObject({ type: 'signing.completed', signingRequest: { id: request.id, externalReference: 'MORT-1', status: 'completed' } });
      const doc = await fetch(`${services.api!.url}${event.signingRequest.signedDocument.href}`, { headers: auth });
      expect(doc.status).toBe(200);
      expect(Buffer.from(await doc.arrayBuffer()).equals(Buffer.from(signed))).toBe(true);
    } finally {
      await services.close();
      await new Promise<void>((r) => receiver.close(() => r()));
    }
  });

  it('audits every request\'s arrival and end, with the signer only as the subject', async () => {
    const entries: { actor: string; action: string; recordId?: string; subject?: string; from: string }[] = [];
    const config = stationConfigSchema.parse({ storage: { dir: storage } });
    const services = await startIntegrationServices({ config, log: silentLogger, auditTrail: { append: (e) => entries.push(e) } });
    try {
      const { request } = await services.inbox.submit({ source: 'print', owner: 'frontdesk', document: await makeSamplePdf(), documentName: 'card.pdf', signerName: 'Eglė' });
      await services.inbox.cancel(request.id, 'guest left');
      expect(entries.map((e) => [e.actor, e.action, e.recordId, e.subject, e.from])).toEqual([
        ['print:frontdesk', 'signing-request.arrived', request.id, 'Eglė', 'print'],
        ['station', 'signing-request.cancelled', request.id, undefined, 'print'],
      ]);
    } finally {
      await services.close();
    }
  });

  it('opens no doors that are not enabled', async () => {
    const config = stationConfigSchema.parse({ storage: { dir: storage } });
    const services = await startIntegrationServices({ config, log: silentLogger });
    expect(services.api).toBeUndefined();
    expect(services.printer).toBeUndefined();
    expect(services.hotFolder).toBeUndefined();
    expect(services.sftp).toBeUndefined();
    await services.close();
  });
});
