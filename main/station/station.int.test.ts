import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stationConfigSchema } from '../config/stationConfigSchema';
import { inspectPdf } from '../documents/inspectPdf';
import { verifyPdf } from '../documents/verifyPdf';
import { createFileApiTokenStore } from '../integrations/api/apiTokenStore';
import { apiTokenFile } from '../integrations/integrationPaths';
import { signatureHeader, timestampHeader, verifyWebhook } from '../integrations/webhooks/webhookSignature';
import { silentLogger } from '../logging/logger';
import { createDemoDocument } from '../signing/demoDocument';
import { createStation, type Station } from '../station';
import { pointerStroke, stationCaller } from '../../test/support/stationCalls';
import { openStationVault } from '../vault/openStationVault';

/**
 * The whole station, composed as `station serve` composes it (real vault file, real sealer, real
 * API server, real webhooks): an ERP sends a document, the customer signs it at the desk, the ERP
 * gets the sealed PDF and a signed webhook, the vault queues it — and no personal data is on disk
 * in plaintext.
 */
const signer = 'Ieva Žemaitytė-Marker';
const storageDir = mkdtempSync(join(tmpdir(), 'station-int-'));
const config = stationConfigSchema.parse({
  storage: { dir: storageDir },
  api: { enabled: true, port: 0 },
  print: { enabled: true, port: 0 },
  // Done seals at once here; the review after Done is tested in main/signing and test/e2e.
  desk: { reviewSignature: false },
});

let station: Station;
let receiver: Server;
let receiverUrl: string;
const webhooks: { body: string; verdict: ReturnType<typeof verifyWebhook> }[] = [];
let token: string;
let webhookSecret: string;

async function api(method: string, path: string, body?: unknown) {
  const res = await fetch(`${station.endpoints.api}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const type = res.headers.get('content-type') ?? '';
  return { status: res.status, json: type.includes('json') ? await res.json() : undefined, bytes: type.includes('pdf') ? new Uint8Array(await res.arrayBuffer()) : undefined };
}

const call = stationCaller(() => station);
const stroke = pointerStroke;

beforeAll(async () => {
  const created = createFileApiTokenStore(apiTokenFile(storageDir)).create({ integration: 'erp', scopes: ['create', 'read', 'cancel'], callbackHosts: ['127.0.0.1'] });
  token = created.token;
  webhookSecret = created.webhookSecret!;
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      webhooks.push({ body, verdict: verifyWebhook({ secret: webhookSecret, timestamp: req.headers[timestampHeader] as string, signature: req.headers[signatureHeader] as string, body }) });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((ok) => receiver.listen(0, '127.0.0.1', ok));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
  station = await createStation(config, silentLogger);
  await call('teller', 'auth.signIn', { username: 'demo', secret: '1234' });
});

afterAll(async () => {
  await station?.close();
  receiver?.close();
});

describe('the composed station', () => {
  it('takes an API request through the desk to a sealed PDF, a signed webhook and the vault queue', async () => {
    const pdf = await createDemoDocument();
    const created = await api('POST', '/v1/signing-requests', {
      externalReference: 'ORDER-4711',
      documentType: 'account-opening',
      signer: { name: signer },
      callbackUrl: receiverUrl,
      document: { name: 'agreement.pdf', contentBase64: Buffer.from(pdf).toString('base64') },
    });
    expect(created.status).toBe(201);
    const id = created.json.id as string;

    // It is in the teller's queue, from the API, with the client's reference.
    await expect.poll(async () => (await call('teller', 'inbox.list')).find((i: any) => i.id === id)).toMatchObject({ source: 'api', reference: 'ORDER-4711', signerName: signer, pageCount: 2, status: 'waiting' });

    await call('teller', 'session.start', { requestId: id, signerName: signer, requireReadToEnd: false });
    await call('teller', 'session.sendToCustomer');
    await call('customer', 'customer.view', { page: 2, scrollFraction: 1, zoom: 1, pagesSeen: [1, 2] });
    await call('customer', 'customer.readDone');
    await call('customer', 'customer.consent', { agreed: true, language: 'lt' });
    await call('customer', 'customer.penSamples', { source: 'pointer-events', samples: stroke() });
    await call('customer', 'customer.confirmSignature');
    expect((await call('teller', 'session.current')).state).toBe('done');

    const status = await api('GET', `/v1/signing-requests/${id}`);
    expect(status.json.status).toBe('completed');
    const signed = await api('GET', `/v1/signing-requests/${id}/document`);
    expect(signed.status).toBe(200);
    const report = await verifyPdf(signed.bytes!);
    expect(report.ok).toBe(true);
    expect(report.signatures).toHaveLength(1);
    // The ink went into the document's own signature field (the demo agreement has one).
    expect((await inspectPdf(signed.bytes!)).signatureFields).toEqual([expect.objectContaining({ name: 'CustomerSignature', page: 1, filled: true })]);

    await expect.poll(() => webhooks.map((w) => JSON.parse(w.body).type ?? JSON.parse(w.body).event), { timeout: 20_000 }).toContain('signing.completed');
    expect(webhooks.every((w) => w.verdict.ok)).toBe(true);

    // The vault holds it, queued for sync, and the station's status says so.
    expect((await call('teller', 'station.status')).sync.waiting).toBe(1);
  });

  it('cancels through the API: the request leaves the queue, the origin is told, nothing is kept', async () => {
    const created = await api('POST', '/v1/signing-requests', {
      signer: { name: signer },
      callbackUrl: receiverUrl,
      document: { name: 'second.pdf', contentBase64: Buffer.from(await createDemoDocument()).toString('base64') },
    });
    const id = created.json.id as string;
    await expect.poll(async () => (await call('teller', 'inbox.list')).some((i: any) => i.id === id)).toBe(true);
    expect((await api('DELETE', `/v1/signing-requests/${id}`)).status).toBeLessThan(300);
    await expect.poll(async () => (await call('teller', 'inbox.list')).some((i: any) => i.id === id)).toBe(false);
    expect((await api('GET', `/v1/signing-requests/${id}/document`)).status).toBeGreaterThanOrEqual(400);
    await expect.poll(() => webhooks.some((w) => w.body.includes(id) && w.body.includes('signing.cancelled')), { timeout: 20_000 }).toBe(true);
  });

  it('leaves no personal data or document text in plaintext anywhere in its storage folder', async () => {
    const markers = [signer, 'ORDER-4711', 'Account opening agreement', 'keep your card and codes secret'];
    const encodings = (m: string) => [Buffer.from(m, 'utf8'), Buffer.from(m, 'utf16le'), Buffer.from(Buffer.from(m, 'utf16le').swap16())];
    const walk = (dir: string, hits: string[] = []) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else {
          const bytes = readFileSync(path);
          for (const m of markers) if (encodings(m).some((e) => bytes.includes(e))) hits.push(`${path}: ${m}`);
        }
      }
      return hits;
    };
    // The scan itself finds a marker where there is one (UTF-16 too)…
    const control = mkdtempSync(join(tmpdir(), 'marker-control-'));
    writeFileSync(join(control, 'leak.bin'), Buffer.from(`x${signer}x`, 'utf16le'));
    expect(walk(control)).toHaveLength(1);
    // …and finds none in everything the station wrote: vault, WAL, keys, logs, token file.
    expect(readdirSync(storageDir).length).toBeGreaterThan(0);
    expect(walk(storageDir)).toEqual([]);
    // And the vault itself is sound.
    const vault = await openStationVault(config);
    try {
      expect((await vault.check()).problems).toEqual([]);
    } finally {
      vault.close();
    }
  });
});
