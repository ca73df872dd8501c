import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stationConfigSchema } from '../config/stationConfigSchema';
import { silentLogger } from '../logging/logger';
import { createStation, type Station } from '../station';
import { startBrowserModeServer, type BrowserModeServer } from './browserModeServer';
import { LaunchTokens } from './launchTokens';
import { openStationSocket } from '../../test/support/stationSocket';

describe('browser mode binding', () => {
  let station: Station;
  let server: BrowserModeServer;
  const tokens = new LaunchTokens();

  beforeAll(async () => {
    const config = stationConfigSchema.parse({ storage: { dir: mkdtempSync(join(tmpdir(), 'web-test-')) } });
    station = await createStation(config, silentLogger);
    server = await startBrowserModeServer({ station, log: silentLogger, host: '127.0.0.1', port: 0, tokens, limits: { beforeHello: 4096, customer: 1024 * 1024 } });
  });
  afterAll(async () => {
    await server.close();
    await station.close();
  });

  it('serves the pages with a strict CSP and no path traversal', async () => {
    const page = await fetch(`${server.url}/teller/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toMatch(/script-src 'self';/);
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    expect((await fetch(`${server.url}/..%2f..%2fpackage.json`)).status).toBe(404);
    expect((await fetch(`${server.url}/teller/`, { method: 'POST' })).status).toBe(405);
  });

  it('refuses a socket without a valid token', async () => {
    const c = await openStationSocket(server.url, { token: 'guess' });
    await expect.poll(() => c.closed()?.code).toBe(4001);
  });

  it('refuses a large message before the hello without reading it, and keeps answering others', async () => {
    const teller = await openStationSocket(server.url, { origin: server.url, token: tokens.token('teller') });
    await teller.welcomed();
    // Tokenless, and a hello carrying a valid token inside a padded frame: both beyond web.maxHelloBytes.
    const tokenless = await openStationSocket(server.url, { origin: server.url });
    tokenless.ws.send(JSON.stringify({ type: 'call', id: 1, name: 'auth.current', pad: 'x'.repeat(8 * 1024 * 1024) }));
    const padded = await openStationSocket(server.url, { origin: server.url });
    padded.ws.send(JSON.stringify({ type: 'hello', token: tokens.token('teller'), pad: ' '.repeat(64 * 1024) }));
    expect(await teller.call('auth.current')).toMatchObject({ ok: true });
    await expect.poll(() => tokenless.closed()?.code).toBe(1009);
    await expect.poll(() => padded.closed()?.code).toBe(1009);
    expect(padded.messages).toEqual([]);
    teller.ws.close();
  });

  it("holds each window to its role's message limit after the hello", async () => {
    const customer = await openStationSocket(server.url, { origin: server.url, token: tokens.token('customer') });
    await customer.welcomed();
    const teller = await openStationSocket(server.url, { origin: server.url, token: tokens.token('teller') });
    await teller.welcomed();
    // 2 MiB is a PDF import for the teller (answered: the desk is locked) but beyond the customer's limit.
    const big = 'A'.repeat(2 * 1024 * 1024);
    expect(await teller.call('inbox.importPdf', { fileName: 'big.pdf', base64: big })).toMatchObject({ ok: false, error: { code: 'locked' } });
    customer.send('customer.penSamples', { source: 'pointer-events', samples: [], pad: big });
    await expect.poll(() => customer.closed()?.code).toBe(1009);
    teller.ws.close();
  });

  it('refuses a socket from a foreign origin even with a valid token', async () => {
    const c = await openStationSocket(server.url, { origin: 'http://evil.example', token: tokens.token('teller') });
    await expect.poll(() => c.closed()?.code).toBe(4003);
  });

  it('gives each token its role: the customer cannot call teller requests', async () => {
    const customer = await openStationSocket(server.url, { origin: server.url, token: tokens.token('customer') });
    await expect.poll(() => customer.messages[0]).toEqual({ type: 'welcome', role: 'customer' });
    const refused = await customer.call('inbox.addDemo');
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    const teller = await openStationSocket(server.url, { origin: server.url, token: tokens.token('teller') });
    // Teller requests need a signed-in teller (the demo station's built-in account).
    expect(await teller.call('inbox.addDemo')).toMatchObject({ ok: false, error: { code: 'locked' } });
    expect(await teller.call('auth.signIn', { username: 'demo', secret: '1234' })).toMatchObject({ ok: true });
    const added = await teller.call('inbox.addDemo');
    expect(added.error ?? null).toBeNull();
    // The customer may not read a document that is not on their screen.
    expect(await customer.call('document.bytes', { documentId: added.payload.id })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    // The teller may: the PDF itself, in one binary frame, not base64 inside JSON.
    const document = await teller.call('document.bytes', { documentId: added.payload.id });
    expect(document).toMatchObject({ ok: true });
    expect(document.payload.bytes).toBeInstanceOf(Uint8Array);
    expect(Buffer.from(document.payload.bytes.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
    customer.ws.close();
    teller.ws.close();
  });

  it('validates every request against the contract', async () => {
    const teller = await openStationSocket(server.url, { origin: server.url, token: tokens.token('teller') });
    await expect.poll(() => teller.messages.length).toBe(1);
    expect(await teller.call('session.start', { requestId: '../etc', signerName: '' })).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect(await teller.call('no.such.request')).toMatchObject({ ok: false, error: { code: 'unknown-request' } });
    teller.ws.send('not json');
    await expect.poll(() => teller.closed()?.code).toBe(4002);
    // Binary frames go one way only: the station's documents to a page, never a page's message to the station.
    const binary = await openStationSocket(server.url, { origin: server.url, token: tokens.token('teller') });
    await binary.welcomed();
    binary.ws.send(Buffer.from(JSON.stringify({ type: 'call', id: 1, name: 'auth.current', payload: {} })));
    await expect.poll(() => binary.closed()?.code).toBe(4002);
  });
});
