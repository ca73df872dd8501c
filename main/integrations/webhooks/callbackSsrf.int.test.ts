import { lookup as systemLookup, type LookupAddress } from 'node:dns';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../cli/main';
import type { CliIo } from '../../cli/cliCommand';
import { startApiServer, type RunningApiServer } from '../api/apiServer';
import { createFileApiTokenStore, type ApiTokenStore } from '../api/apiTokenStore';
import { createInMemorySigningRequestRepository } from '../inbox/inMemorySigningRequestRepository';
import { createSigningRequestInbox, type SigningRequestInbox } from '../inbox/signingRequestInbox';
import { apiTokenFile } from '../integrationPaths';
import { silentLogger } from '../../logging/logger';
import { makeSamplePdf } from '../../../test/support/samplePdf';
import { createWebhookDispatcher } from './webhookDispatcher';

/**
 * Webhook SSRF: a station inside a bank's network must not be a proxy into it.
 * Against the real API server and the real dispatcher, with a real receiver on loopback standing in
 * for the internal service an attacker wants to reach: every address form is refused when the
 * request is created, and again when the webhook would be delivered; a listed name that resolves to
 * a private address at delivery time is refused too.
 */
let dir: string;
let tokens: ApiTokenStore;
let token: string;
let inbox: SigningRequestInbox;
let api: RunningApiServer;
let victim: Server;
let victimPort: number;
const victimHits: { host?: string; url?: string }[] = [];
let pdf: Uint8Array;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'callback-ssrf-'));
  tokens = createFileApiTokenStore(apiTokenFile(dir));
  token = tokens.create({ integration: 'erp', scopes: ['create', 'read'], callbackHosts: ['erp.bank.example'] }).token;
  tokens.create({ integration: 'no-hosts', scopes: ['create'] });
  inbox = createSigningRequestInbox({ repository: createInMemorySigningRequestRepository(), expiryCheckIntervalMs: 0 });
  api = await startApiServer({ config: { host: '127.0.0.1', port: 0, tlsCert: '', tlsKey: '', maxBodyBytes: 1 << 20 }, inbox, tokens, log: silentLogger, audit: () => undefined });
  victim = createServer((req, res) => {
    victimHits.push({ host: req.headers.host, url: req.url });
    req.resume();
    req.on('end', () => res.writeHead(204).end());
  });
  await new Promise<void>((ok) => victim.listen(0, '127.0.0.1', ok));
  victimPort = (victim.address() as AddressInfo).port;
  pdf = await makeSamplePdf('Loan');
});

afterAll(async () => {
  await api?.close();
  inbox?.close();
  await new Promise<void>((ok) => (victim ? victim.close(() => ok()) : ok()));
  rmSync(dir, { recursive: true, force: true });
});

/** Every form of a non-public address from the review and its friends; `P` is the victim's port. */
const attackUrls = (p: number) => [
  'https://169.254.169.254/latest/meta-data/iam/security-credentials/',
  'http://169.254.169.254/latest/meta-data/',
  'https://[::ffff:169.254.169.254]/latest/meta-data/',
  'https://[::ffff:a9fe:a9fe]/',
  'https://[64:ff9b::a9fe:a9fe]/',
  'https://[2002:a9fe:a9fe::1]/',
  'https://10.0.0.1:22/',
  'https://172.16.0.1/',
  'https://192.168.1.1/',
  'https://100.64.0.1/',
  'https://[fd00::1]/',
  'https://[fe80::1]/',
  `http://[::1]:${p}/`,
  `https://[::1]:${p}/`,
  `http://127.0.0.1:${p}/`,
  `http://2130706433:${p}/`,
  `https://2130706433:${p}/`,
  `http://0x7f000001:${p}/`,
  `http://0x7f.0x0.0x0.0x1:${p}/`,
  `http://0177.0.0.1:${p}/`,
  `http://017700000001:${p}/`,
  `http://127.1:${p}/`,
  `http://[::ffff:127.0.0.1]:${p}/`,
  `http://[::ffff:7f00:1]:${p}/`,
  `http://0:${p}/`,
  `http://0.0.0.0:${p}/`,
  `http://[::]:${p}/`,
  `http://localhost:${p}/`,
  'https://erp.bank.example.attacker.test/',
  'https://attacker.test/',
];

async function create(callbackUrl: string, bearer = token) {
  const res = await fetch(`${api.url}/v1/signing-requests`, {
    method: 'POST',
    headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
    body: JSON.stringify({ document: { contentBase64: Buffer.from(pdf).toString('base64') }, callbackUrl }),
  });
  return { status: res.status, body: await res.json() };
}

/** Submits a request with a callback straight into the inbox (as if stored before the list changed), cancels it, and waits for the delivery. */
async function deliver(callbackUrl: string, callbackHosts: string[], options: { resolve?: typeof systemLookup; allowInsecure?: boolean } = {}) {
  const local = createSigningRequestInbox({ repository: createInMemorySigningRequestRepository(), expiryCheckIntervalMs: 0 });
  const dispatcher = createWebhookDispatcher({
    inbox: local, log: silentLogger, secretFor: () => 'whsec-test', callbackHostsFor: () => callbackHosts,
    allowInsecureCallbacks: options.allowInsecure, resolve: options.resolve, retry: { initialDelayMs: 1, jitter: 0, maxAgeMs: 60_000 },
  });
  try {
    const { request } = await local.submit({ source: 'api', owner: 'erp', document: pdf, documentName: 'a.pdf', callbackUrl });
    await local.cancel(request.id, 'test');
    await dispatcher.idle();
    return dispatcher.deliveries()[0];
  } finally {
    dispatcher.close();
    local.close();
  }
}

/** A DNS server that answers what an attacker wants, behind dns.lookup's own interface. */
function hostileResolver(answers: Record<string, string>): typeof systemLookup {
  return ((hostname: string, options: { all?: boolean }, callback: (err: Error | null, a: LookupAddress[] | string, f?: number) => void) => {
    const address = answers[hostname];
    if (!address) return callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }), []);
    const family = address.includes(':') ? 6 : 4;
    if (options.all) callback(null, [{ address, family }]);
    else callback(null, address, family);
  }) as unknown as typeof systemLookup;
}

describe('callback URLs at creation (the API)', () => {
  it('refuses every address form of a non-public address, and any host not on the integration\'s list', async () => {
    const accepted: string[] = [];
    for (const url of attackUrls(victimPort)) {
      const res = await create(url);
      if (res.status !== 422) accepted.push(`${url} → ${res.status}`);
      else expect(res.body.errors[0].pointer).toBe('/callbackUrl');
    }
    expect(accepted).toEqual([]);
    expect(await inbox.list()).toEqual([]);
  });

  it('says why: not on the list, or a non-public address', async () => {
    expect((await create('https://attacker.test/')).body.detail).toMatch(/attacker\.test is not on this integration's callback hosts \(erp\.bank\.example\)/);
    tokens.setCallbackHosts('erp', ['erp.bank.example', '169.254.0.0/16']);
    try {
      // Listed explicitly, the metadata range is reachable: the administrator decided.
      expect((await create('https://169.254.169.254/latest/')).status).toBe(201);
    } finally {
      tokens.setCallbackHosts('erp', ['erp.bank.example']);
    }
    tokens.setCallbackHosts('erp', ['erp.bank.example', '10.0.0.1']);
    try {
      expect((await create('https://10.0.0.1:22/')).status).toBe(201);
      expect((await create('https://10.0.0.2/')).body.detail).toMatch(/10\.0\.0\.2 is not on this integration's callback hosts/);
    } finally {
      tokens.setCallbackHosts('erp', ['erp.bank.example']);
    }
  });

  it('an integration with no callback hosts gets no callbacks at all; a listed name is accepted', async () => {
    const noHosts = tokens.create({ integration: 'no-hosts', scopes: ['create'] }).token;
    expect((await create('https://erp.bank.example/hook', noHosts)).body.detail).toMatch(/no callback hosts are allowed for this integration/);
    expect((await create('https://erp.bank.example/hooks/signing')).status).toBe(201);
    expect((await create('https://ERP.Bank.Example./hooks/signing')).status).toBe(201);
    expect((await create('https://erp.bank.example:8443/hooks/signing')).status).toBe(201);
  });

  it('refuses bad allow-list entries when they are set, not at delivery', () => {
    for (const bad of ['https://erp.bank.example', 'erp.bank.example/hooks', 'user@erp.bank.example', '10.0.0.0/33', 'not a host']) {
      expect(() => tokens.setCallbackHosts('erp', [bad]), bad).toThrow(/callback host/);
    }
    expect(tokens.callbackHostsFor('erp')).toEqual(['erp.bank.example']);
  });
});

describe('callback URLs at delivery (the dispatcher)', () => {
  it('refuses every address form again at delivery, without retrying, and reaches nothing', async () => {
    const reached: string[] = [];
    for (const url of attackUrls(victimPort)) {
      const before = victimHits.length;
      const d = await deliver(url, ['erp.bank.example']);
      if (d.status !== 'expired' || !/^refused: /.test(d.attempts[0]?.error ?? '') || d.attempts.length !== 1) reached.push(`${url}: ${d.status} ${JSON.stringify(d.attempts)}`);
      if (victimHits.length !== before) reached.push(`${url}: reached the victim`);
    }
    expect(reached).toEqual([]);
  });

  it('a listed name that resolves to a private or loopback address at delivery time is refused (DNS rebinding)', async () => {
    // Accepted at creation: the name is on the list (names are not resolved then).
    expect((await create(`https://erp.bank.example:${victimPort}/hook`)).status).toBe(201);
    for (const address of ['127.0.0.1', '10.1.2.3', '169.254.169.254', '::1', '::ffff:127.0.0.1', 'fd00::7']) {
      const before = victimHits.length;
      const d = await deliver(`https://erp.bank.example:${victimPort}/hook`, ['erp.bank.example'], { resolve: hostileResolver({ 'erp.bank.example': address }) });
      expect(d, address).toMatchObject({ status: 'expired', attempts: [{ error: expect.stringMatching(new RegExp(`^refused: erp\\.bank\\.example resolves to ${address.replace(/[.:]/g, '\\$&')}, which is a .*address`)) }] });
      expect(victimHits.length).toBe(before);
    }
  });

  it('with the real system resolver too: localhost, listed by name only, resolves to loopback and is refused', async () => {
    const d = await deliver(`http://localhost:${victimPort}/hook`, ['localhost'], { allowInsecure: true });
    expect(d.attempts[0].error).toMatch(/^refused: localhost resolves to (127\.0\.0\.1|::1), which is a loopback address/);
    expect(d.status).toBe('expired');
  });

  it('connects to exactly the address the check saw: a name only the checked lookup knows reaches the listed receiver', async () => {
    const before = victimHits.length;
    const d = await deliver(`http://erp.bank.example:${victimPort}/hook`, ['erp.bank.example', '127.0.0.1'], { resolve: hostileResolver({ 'erp.bank.example': '127.0.0.1' }), allowInsecure: true });
    expect(d.status).toBe('delivered');
    expect(victimHits.slice(before)).toEqual([{ host: `erp.bank.example:${victimPort}`, url: '/hook' }]);
  });

  it('a loopback receiver listed explicitly (as the tests do) is delivered to, in any spelling of its address', async () => {
    for (const url of [`http://127.0.0.1:${victimPort}/ok`, `http://2130706433:${victimPort}/ok`, `http://127.1:${victimPort}/ok`]) {
      const before = victimHits.length;
      const d = await deliver(url, [`127.0.0.1:${victimPort}`]);
      expect(d.status, url).toBe('delivered');
      expect(victimHits.length).toBe(before + 1);
    }
    // Another port of the same address is not listed.
    expect((await deliver(`http://127.0.0.1:1/`, [`127.0.0.1:${victimPort}`])).attempts[0].error).toMatch(/^refused: 127\.0\.0\.1:1 is not on/);
  });

  it('the hostile resolver answers in the shape of the system resolver (contract)', async () => {
    const shape = (resolve: typeof systemLookup, all: boolean) => new Promise((ok, fail) => resolve('localhost', { all, family: 4 }, (err, a, f) => (err ? fail(err) : ok(all ? (a as unknown as LookupAddress[]).map((x) => Object.keys(x).sort()) : [typeof a, f]))));
    const fake = hostileResolver({ localhost: '127.0.0.1' });
    expect(await shape(fake, true)).toEqual(await shape(systemLookup, true));
    expect(await shape(fake, false)).toEqual(await shape(systemLookup, false));
  });
});

describe('station api callback-hosts', () => {
  async function cli(args: string[]) {
    let stdout = '';
    let stderr = '';
    const io: CliIo = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), env: { STATION_CONFIG: join(dir, 'none.json'), STATION_STORAGE_DIR: join(dir, 'cli') }, cwd: dir };
    return { code: await runCli(args, io), stdout, stderr };
  }

  it('token create --callback-hosts lists them; callback-hosts shows, sets, refuses bad entries and clears', async () => {
    expect((await cli(['api', 'token', 'create', '--integration', 'crm', '--callback-hosts', 'crm.bank.example, 10.20.0.0/16'])).code).toBe(0);
    expect((await cli(['api', 'callback-hosts', '--integration', 'crm', '--json'])).stdout).toBe(JSON.stringify({ integration: 'crm', callbackHosts: ['crm.bank.example', '10.20.0.0/16'] }) + '\n');
    const bad = await cli(['api', 'callback-hosts', '--integration', 'crm', '--set', 'https://crm.bank.example/hook']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/callback host 'https:\/\/crm\.bank\.example\/hook': only a host/);
    expect((await cli(['api', 'callback-hosts', '--integration', 'crm', '--set', 'crm.bank.example:8443'])).stdout).toMatch(/may go to: crm\.bank\.example:8443/);
    expect((await cli(['api', 'callback-hosts', '--integration', 'crm', '--clear'])).stdout).toMatch(/go nowhere/);
    expect((await cli(['api', 'callback-hosts', '--integration', 'nobody', '--set', 'x.example'])).stderr).toMatch(/no integration 'nobody'/);
  });
});
