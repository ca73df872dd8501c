/**
 * Abuse benchmark: how long one unauthenticated client can stall the
 * station, and what it costs in memory — on the current code and, side by side in the same run,
 * on a copy of the code from before the fix (`--before <dir>`, e.g. `git archive <commit> | tar -x`
 * with node_modules and renderer/dist linked in).
 *
 * For each tree it starts the real `station serve` (browser mode, the IPP printer on), then:
 *  - WebSocket: 4 sockets each send one 70 MB tokenless text frame; meanwhile a probe GETs the
 *    teller page every 20 ms. Reported: the longest probe wait (the stall), the child's peak RSS.
 *  - IPP: one 45 MB Get-Printer-Attributes of 9 M empty values, with the same probe.
 *  - Create-Job flood: `--jobs` Create-Jobs one after another; reported: how many were accepted.
 * Usage: node bin/run-ts.mjs bench/abuseBench.ts [--before /tmp/before] [--jobs 1000]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import WebSocket from 'ws';
import { encodeIppMessage, GroupTag, ipp, parseIppMessage } from '../main/integrations/print/ippMessage';

const { values } = parseArgs({ options: { before: { type: 'string' }, jobs: { type: 'string', default: '1000' } } });
const here = resolve(import.meta.dirname, '..');
const trees: { label: string; dir: string }[] = [...(values.before ? [{ label: 'before', dir: resolve(values.before) }] : []), { label: 'after', dir: here }];
const jobsToSend = Number(values.jobs);
const load = loadavg()[0].toFixed(2);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

interface Station { child: ChildProcess; origin: string; printer: string; storage: string }

async function startStation(dir: string): Promise<Station> {
  const storage = mkdtempSync(join(tmpdir(), 'abuse-bench-'));
  const child = spawn(process.execPath, [join(dir, 'bin', 'station.mjs'), 'serve', '--port', '0'], {
    cwd: dir,
    env: { ...process.env, STATION_STORAGE_DIR: storage, STATION_CONFIG: join(storage, 'none.json'), STATION_PRINT_ENABLED: 'true', STATION_PRINT_PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  await new Promise<void>((ok, fail) => {
    const check = () => /printer:\s+\S+/.test(out) && /teller:\s+\S+/.test(out) && ok();
    child.stdout!.on('data', check);
    child.once('exit', (code) => fail(new Error(`station exited ${code}: ${out}`)));
  });
  return { child, origin: new URL(/teller:\s+(\S+)/.exec(out)![1]).origin, printer: /printer:\s+(\S+)/.exec(out)![1], storage };
}

async function stopStation(s: Station) {
  const exited = new Promise((ok) => s.child.once('exit', ok));
  s.child.kill('SIGTERM');
  await exited;
  rmSync(s.storage, { recursive: true, force: true });
}

const peakRssMiB = (pid: number) => Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;
const rssMiB = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;

/**
 * GETs the teller page every 20 ms until stopped; returns every wait (ms). In a worker thread, so
 * the attack's own work in this process (masking 280 MB of frames) does not count as the station's stall.
 */
function probe(origin: string) {
  const code = `
    const { parentPort, workerData } = require('node:worker_threads');
    const waits = [];
    let running = true;
    parentPort.on('message', () => { running = false; });
    (async () => {
      while (running) {
        const t0 = performance.now();
        await fetch(workerData + '/teller/').then((r) => r.arrayBuffer()).catch(() => undefined);
        waits.push(performance.now() - t0);
        await new Promise((r) => setTimeout(r, 20));
      }
      parentPort.postMessage(waits);
    })();`;
  const worker = new Worker(code, { eval: true, workerData: origin });
  return {
    stop: () => new Promise<number[]>((resolve) => {
      worker.once('message', (waits: number[]) => void worker.terminate().then(() => resolve(waits)));
      worker.postMessage('stop');
    }),
  };
}

async function webSocketAttack(s: Station) {
  const frame = Buffer.alloc(70 * 1024 * 1024, 0x78);
  Buffer.from('{"type":"hello","token":"').copy(frame);
  Buffer.from('"}').copy(frame, frame.length - 2);
  const p = probe(s.origin);
  await new Promise((r) => setTimeout(r, 300));
  const t0 = performance.now();
  await Promise.all(Array.from({ length: 4 }, () => new Promise<void>((done) => {
    const ws = new WebSocket(s.origin.replace(/^http/, 'ws') + '/ws');
    ws.on('error', () => undefined);
    ws.on('close', () => done());
    ws.on('open', () => ws.send(frame, { binary: false }));
  })));
  const allClosedMs = performance.now() - t0;
  await new Promise((r) => setTimeout(r, 300));
  const waits = await p.stop();
  return { stallMs: Math.max(...waits), probeMedianMs: median(waits), allClosedMs, peakRss: peakRssMiB(s.child.pid!) };
}

function ippPost(printer: string, body: Uint8Array, agent?: Agent): Promise<number | 'reset'> {
  const u = new URL(printer.replace('ipp://', 'http://'));
  return new Promise((resolve) => {
    const req = request({ host: u.hostname, port: u.port, path: u.pathname, method: 'POST', agent, headers: { 'content-type': 'application/ipp', 'content-length': body.length } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve(parseIppMessage(new Uint8Array(Buffer.concat(chunks))).code));
      res.on('error', () => resolve('reset'));
    });
    req.on('error', () => resolve('reset'));
    req.end(Buffer.from(body));
  });
}

const operation = (printer: string, code: number, extra: ReturnType<typeof ipp.attr>[] = []) => encodeIppMessage({
  version: [2, 0], code, requestId: 1,
  groups: [{ tag: GroupTag.operation, attributes: [ipp.attr('attributes-charset', ipp.charset('utf-8')), ipp.attr('attributes-natural-language', ipp.language('en')), ipp.attr('printer-uri', ipp.uri(printer)), ...extra] }],
});

async function ippAttack(s: Station) {
  const head = operation(s.printer, 0x000b, [ipp.attr('requested-attributes', ipp.keyword('printer-name'))]);
  const count = 9_000_000;
  const body = Buffer.alloc(head.length - 1 + count * 5 + 1);
  Buffer.from(head.subarray(0, head.length - 1)).copy(body);
  for (let i = 0; i < count; i++) body[head.length - 1 + i * 5] = 0x44;
  body[body.length - 1] = GroupTag.end;
  const rssBefore = rssMiB(s.child.pid!);
  const p = probe(s.origin);
  await new Promise((r) => setTimeout(r, 300));
  const t0 = performance.now();
  const answer = await ippPost(s.printer, body);
  const answeredMs = performance.now() - t0;
  await new Promise((r) => setTimeout(r, 300));
  const waits = await p.stop();
  return { stallMs: Math.max(...waits), probeMedianMs: median(waits), answeredMs, answer: typeof answer === 'number' ? `0x${answer.toString(16).padStart(4, '0')}` : answer, rssGrowth: rssMiB(s.child.pid!) - rssBefore };
}

async function createJobFlood(s: Station) {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const body = operation(s.printer, 0x0005, [ipp.attr('requesting-user-name', ipp.name('flood'))]);
  let accepted = 0;
  const refused = new Map<string, number>();
  for (let i = 0; i < jobsToSend; i++) {
    const code = await ippPost(s.printer, body, agent);
    if (code === 0) accepted++;
    else refused.set(String(code), (refused.get(String(code)) ?? 0) + 1);
  }
  agent.destroy();
  return { accepted, refused: [...refused].map(([c, n]) => `${n} × ${c === 'reset' ? c : `0x${Number(c).toString(16).padStart(4, '0')}`}`).join(', ') || 'none' };
}

const rows: string[] = [];
for (const tree of trees) {
  for (const [name, attack] of [['ws', webSocketAttack], ['ipp', ippAttack], ['jobs', createJobFlood]] as const) {
    // A fresh station per attack, so one attack's memory does not count against the next.
    const s = await startStation(tree.dir);
    try {
      const r = await (attack as (s: Station) => Promise<Record<string, unknown>>)(s);
      console.log(tree.label, name, JSON.stringify(r));
      rows.push(JSON.stringify({ tree: tree.label, name, ...r }));
    } finally {
      await stopStation(s);
    }
  }
}
const results = rows.map((r) => JSON.parse(r));
const get = (tree: string, name: string) => results.find((r) => r.tree === tree && r.name === name);
const ms = (x?: number) => (x === undefined ? '—' : `${x.toFixed(0)} ms`);
const mib = (x?: number) => (x === undefined ? '—' : `${x.toFixed(0)} MiB`);
const section = `## Holding up under abuse (issue 13)

Machine: ${cpus().length} cores, ${cpus()[0]?.model ?? 'unknown CPU'}; Node ${process.version}; 1-minute load average ${load} at the start (shared machine: the stall times are noisy, the before/after gap is not). Real \`station serve\` child processes (browser mode and the IPP printer), a fresh one per attack; a probe (its own thread) GETs the teller page every 20 ms during each attack, the stall is its longest wait. Command: \`node bin/run-ts.mjs bench/abuseBench.ts --before <tree of the code before> --jobs ${jobsToSend}\` (${new Date().toISOString().slice(0, 10)}).

| attack | code | longest probe wait (stall) | median probe wait | memory | answer |
|---|---|---|---|---|---|
${trees.map((t) => `| 4 × 70 MB tokenless WebSocket frames | ${t.label} | ${ms(get(t.label, 'ws')?.stallMs)} | ${ms(get(t.label, 'ws')?.probeMedianMs)} | peak RSS ${mib(get(t.label, 'ws')?.peakRss)} | all 4 closed after ${ms(get(t.label, 'ws')?.allClosedMs)} |`).join('\n')}
${trees.map((t) => `| 45 MB Get-Printer-Attributes, 9 M empty values | ${t.label} | ${ms(get(t.label, 'ipp')?.stallMs)} | ${ms(get(t.label, 'ipp')?.probeMedianMs)} | RSS +${mib(get(t.label, 'ipp')?.rssGrowth)} | ${get(t.label, 'ipp')?.answer} after ${ms(get(t.label, 'ipp')?.answeredMs)} |`).join('\n')}
${trees.map((t) => `| ${jobsToSend} Create-Jobs, no document | ${t.label} | | | | ${get(t.label, 'jobs')?.accepted} accepted; refused: ${get(t.label, 'jobs')?.refused} |`).join('\n')}

"after" limits: web.maxHelloBytes 4 KiB before the hello (1009 close), print.maxAttributeBytes 64 KiB for a request without a document, print.maxAttributeValues 1000 (client-error-request-entity-too-large 0x0408), Create-Job held to print.maxWaiting 50 (server-error-too-many-jobs 0x050b).
`;
mkdirSync(join(here, 'bench', 'results'), { recursive: true });
writeFileSync(join(here, 'bench', 'results', 'abuse.md'), section);
console.log(section);
