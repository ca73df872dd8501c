/**
 * Integrations benchmark:
 *  - POST /v1/signing-requests with a 200 KB PDF (JSON/base64 and multipart): requests per second
 *    and p50/p99 latency at concurrency 1 and 8, with the inbox on the real encrypted vault and in
 *    memory; side by side with a bare Node HTTP server that only reads the same body (the floor).
 *  - Print to Tab: time from a print job's last byte leaving the client to the request appearing in
 *    the teller's queue (inbox 'arrived' event), p50/p99.
 * Usage: node bin/run-ts.mjs bench/integrationBench.ts [--requests 200] [--kib 200] [--rounds 3] [--jobs 100]
 */
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startApiServer } from '../main/integrations/api/apiServer';
import { createFileApiTokenStore } from '../main/integrations/api/apiTokenStore';
import { createInMemorySigningRequestRepository } from '../main/integrations/inbox/inMemorySigningRequestRepository';
import { createSigningRequestInbox } from '../main/integrations/inbox/signingRequestInbox';
import type { SigningRequestRepository } from '../main/integrations/inbox/signingRequestRepository';
import { createVaultSigningRequestRepository } from '../main/integrations/inbox/vaultSigningRequestRepository';
import { silentLogger } from '../main/logging/logger';
import { encodeIppMessage, GroupTag, ipp, parseIppMessage } from '../main/integrations/print/ippMessage';
import { startIppPrinter } from '../main/integrations/print/ippPrinter';
import { makeSamplePdf } from '../test/support/samplePdf';
import { openLocalVault, tempDir } from '../test/support/vaultFixtures';

const { values } = parseArgs({ options: { requests: { type: 'string', default: '100' }, kib: { type: 'string', default: '200' }, rounds: { type: 'string', default: '3' }, jobs: { type: 'string', default: '100' } } });
const requests = Number(values.requests);
const rounds = Number(values.rounds);
const jobs = Number(values.jobs);
const pdf = await makeSamplePdf('Benchmark document', Number(values.kib) * 1024);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const quantile = (xs: number[], q: number) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(q * s.length))]; };
const work = tempDir('integration-bench-');
const load = loadavg()[0].toFixed(2);

const jsonBody = JSON.stringify({ externalReference: 'BENCH', document: { name: 'bench.pdf', contentBase64: Buffer.from(pdf).toString('base64') } });
function multipartBody(): { body: Buffer; type: string } {
  const boundary = '----bench' + Math.random().toString(16).slice(2);
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="metadata"\r\nContent-Type: application/json\r\n\r\n{"externalReference":"BENCH"}\r\n--${boundary}\r\nContent-Disposition: form-data; name="document"; filename="bench.pdf"\r\nContent-Type: application/pdf\r\n\r\n`;
  return { body: Buffer.concat([Buffer.from(head), pdf, Buffer.from(`\r\n--${boundary}--\r\n`)]), type: `multipart/form-data; boundary=${boundary}` };
}
const multipart = multipartBody();

/** Sends `count` POSTs with `concurrency` in flight; returns req/s and latencies (ms). */
async function drive(url: string, token: string, count: number, concurrency: number, kind: 'json' | 'multipart') {
  const latencies: number[] = [];
  let next = 0;
  const t0 = performance.now();
  async function worker() {
    while (next < count) {
      next++;
      const started = performance.now();
      const res = await fetch(url, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': kind === 'json' ? 'application/json' : multipart.type },
        body: (kind === 'json' ? jsonBody : multipart.body) as unknown as BodyInit,
      });
      await res.arrayBuffer();
      if (res.status !== 201) throw new Error(`unexpected ${res.status}`);
      latencies.push(performance.now() - started);
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { perSecond: count / ((performance.now() - t0) / 1000), p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99) };
}

/** The floor: a Node server that reads the body and answers 201, nothing else (same bodies as the API gets). */
async function bareServer() {
  const server = createServer((req, res) => {
    req.on('data', () => undefined);
    req.on('end', () => res.writeHead(201, { 'content-type': 'application/json' }).end('{}'));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/signing-requests`, close: () => new Promise<void>((r) => { server.close(() => r()); server.closeAllConnections(); }) };
}

type Row = { what: string; perSecond: number[]; p50: number[]; p99: number[] };
const rows = new Map<string, Row>();
const add = (what: string, r: { perSecond: number; p50: number; p99: number }) => {
  const row = rows.get(what) ?? { what, perSecond: [], p50: [], p99: [] };
  row.perSecond.push(r.perSecond); row.p50.push(r.p50); row.p99.push(r.p99);
  rows.set(what, row);
};

const tokens = createFileApiTokenStore(join(work.dir, 'tokens.json'));
const { token } = tokens.create({ integration: 'bench', scopes: ['create'] });
try {
  for (let round = 0; round < rounds; round++) {
    for (const store of ['vault', 'memory'] as const) {
      let repository: SigningRequestRepository;
      let closeVault = () => undefined as void;
      if (store === 'vault') {
        const { vault } = await openLocalVault(join(work.dir, `vault-${round}`), 'bench', 'bench-station');
        repository = createVaultSigningRequestRepository(vault);
        closeVault = () => vault.close();
      } else {
        repository = createInMemorySigningRequestRepository();
      }
      const inbox = createSigningRequestInbox({ repository, expiryCheckIntervalMs: 0 });
      const server = await startApiServer({ config: { host: '127.0.0.1', port: 0, tlsCert: '', tlsKey: '', maxBodyBytes: 30 << 20, rateLimitPerMinute: 10_000_000 }, inbox, tokens, log: silentLogger, audit: () => undefined });
      const url = `${server.url}/v1/signing-requests`;
      await drive(url, token, 20, 2, 'json'); // warm-up
      for (const concurrency of [1, 8]) {
        add(`API JSON/base64, ${store} inbox, concurrency ${concurrency}`, await drive(url, token, requests, concurrency, 'json'));
        add(`API multipart, ${store} inbox, concurrency ${concurrency}`, await drive(url, token, requests, concurrency, 'multipart'));
      }
      await server.close();
      inbox.close();
      closeVault();
    }
    const bare = await bareServer();
    await drive(bare.url, token, 20, 2, 'json');
    for (const concurrency of [1, 8]) {
      add(`bare Node server, JSON body, concurrency ${concurrency}`, await drive(bare.url, token, requests, concurrency, 'json'));
      add(`bare Node server, multipart body, concurrency ${concurrency}`, await drive(bare.url, token, requests, concurrency, 'multipart'));
    }
    await bare.close();
  }

  // Print to Tab: last byte of the job → 'arrived' in the queue (same process, same clock).
  const { vault } = await openLocalVault(join(work.dir, 'vault-print'), 'bench', 'bench-station');
  const inbox = createSigningRequestInbox({ repository: createVaultSigningRequestRepository(vault), expiryCheckIntervalMs: 0 });
  // The bench never signs, so every job stays waiting: lift the waiting limit above the job count.
  const printer = await startIppPrinter({ config: { host: '127.0.0.1', port: 0, maxWaiting: jobs + 1 }, inbox, log: silentLogger });
  const port = printer.port;
  const printLatency: number[] = [];
  const printTotal: number[] = [];
  for (let i = 0; i < jobs; i++) {
    const message = encodeIppMessage({
      version: [2, 0], code: 0x0002, requestId: i + 1,
      groups: [{ tag: GroupTag.operation, attributes: [
        ipp.attr('attributes-charset', ipp.charset('utf-8')),
        ipp.attr('attributes-natural-language', ipp.language('en')),
        ipp.attr('printer-uri', ipp.uri(`ipp://127.0.0.1:${port}/ipp/print`)),
        ipp.attr('requesting-user-name', ipp.name('bench')),
        ipp.attr('job-name', ipp.name(`job ${i}`)),
        ipp.attr('document-format', ipp.mime('application/pdf')),
      ] }],
      data: pdf,
    });
    let lastByteAt = 0;
    let arrivedAt = 0;
    const arrived = new Promise<void>((resolve) => { const off = inbox.on('arrived', () => { arrivedAt = performance.now(); off(); resolve(); }); });
    const started = performance.now();
    await new Promise<void>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, path: '/ipp/print', method: 'POST', headers: { 'content-type': 'application/ipp', 'content-length': message.length } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          // A refused job would never arrive: stop with its status instead of waiting for ever.
          const status = parseIppMessage(new Uint8Array(Buffer.concat(chunks))).code;
          if (status !== 0) reject(new Error(`print job ${i} refused with IPP status 0x${status.toString(16)}`));
          else resolve();
        });
      });
      req.on('error', reject);
      req.end(message, () => { lastByteAt = performance.now(); });
    });
    await arrived;
    printLatency.push(arrivedAt - lastByteAt);
    printTotal.push(arrivedAt - started);
  }
  await printer.close();
  inbox.close();
  vault.close();

  const fmt = (n: number, d = 1) => n.toFixed(d);
  const bareOf = (kind: string, c: number) => median(rows.get(`bare Node server, ${kind} body, concurrency ${c}`)!.perSecond);
  const table = [...rows.values()].map((r) => {
    const c = Number(/concurrency (\d+)/.exec(r.what)![1]);
    const kind = /multipart/.test(r.what) ? 'multipart' : 'JSON';
    const ratio = r.what.startsWith('bare') ? '1.00' : (median(r.perSecond) / bareOf(kind, c)).toFixed(2);
    return `| ${r.what} | ${fmt(median(r.perSecond))} | ${fmt(median(r.p50), 2)} | ${fmt(median(r.p99), 2)} | ${ratio} |`;
  });
  const section = `## Integrations (issue 6)

Machine: ${cpus().length} cores (\`nproc\`), ${cpus()[0]?.model ?? 'unknown CPU'}; load average at start ${load} (a shared machine: numbers are indicative).
Command: \`node bin/run-ts.mjs bench/integrationBench.ts --requests ${requests} --kib ${values.kib} --rounds ${rounds} --jobs ${jobs}\`.
Medians of ${rounds} rounds; client and server in one process on loopback (fetch/undici, keep-alive); the PDF is ${pdf.length} bytes.

| POST /v1/signing-requests | req/s | p50 ms | p99 ms | req/s vs bare server, same body |
|---|---|---|---|---|
${table.join('\n')}

| Print to Tab (${jobs} Print-Job requests, ${pdf.length}-byte PDF, vault inbox) | p50 ms | p99 ms |
|---|---|---|
| last byte sent → request in the teller's queue | ${fmt(quantile(printLatency, 0.5), 2)} | ${fmt(quantile(printLatency, 0.99), 2)} |
| whole job (first byte → in the queue) | ${fmt(quantile(printTotal, 0.5), 2)} | ${fmt(quantile(printTotal, 0.99), 2)} |

Reading: the vault inbox seals the document and the record with their own data keys and commits
one durable (fsync'd) transaction per request, which bounds requests per second; the in-memory rows
show the HTTP, parsing, validation and hashing cost alone. The bare server is the floor for moving
the same bytes through Node's HTTP stack.
On this shared two-core machine the load average (above) moves the numbers a lot: an earlier run
at load ~20 measured about a third of these rates, and a CPU profile then showed the process mostly
idle, waiting for a core. The ratios to the bare server are indicative only. Parsing costs per 200 KB request, measured in isolation:
JSON.parse ~0.8 ms, base64 check ~2 ms, decode ~0.2 ms, zod ~0.02 ms.
`;
  writeFileSync(join(import.meta.dirname, 'results', 'integrations.md'), section);
  console.log(section);
} finally {
  work.remove();
}
