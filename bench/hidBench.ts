// Pen input benchmark: decode throughput on one core, and in-process sample latency from
// report arrival to the pen service's sample listener (and on to a WebSocket client, as browser mode
// delivers it) with a simulated pen at 1 kHz and 8 kHz. Writes bench/results/hid.md.
// Run: node bin/run-ts.mjs bench/hidBench.ts   (about 30 s; add --quick for a shorter run)
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { createServer } from 'node:http';
import { WebSocket, WebSocketServer } from 'ws';
import { chromiumPath, launchChromium } from '../test/support/chromium';
import { writeBits } from '../native/hid/decode/bitField';
import { penLayoutsOf, type PenReportLayout } from '../native/hid/descriptor/penFieldExtraction';
import { parseReportDescriptor } from '../native/hid/descriptor/reportDescriptorParser';
import { GenericDigitizerDecoder } from '../native/profiles/genericDigitizer';
import { WacomStuDecoder } from '../native/profiles/wacomStu';
import { encodeStuPenDataTimeCountSequence } from '../native/profiles/wacomStuProtocol';
import type { HidConnection, HidDeviceInfo, HidTransport } from '../native/transport/hidTransport';
import type { RecordedReport } from '../native/transport/hidRecording';
import { SimulatedPenTransport } from '../native/transport/simulatedPen';
import { createPenService, type PenSampleBatch } from '../main/pen/penService';
import { sharedDataPath } from '../main/config/sharedData';

const quick = process.argv.includes('--quick');
const loadAtStart = loadavg()[0];
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

// A real pen-display descriptor (Wacom DTH134: 34-byte report 6 with scan time) when the shared
// data is there, else a small hand-written one.
const dthPath = sharedDataPath('hid-descriptors/Wacom_DTH134/0003:056A:03EC.0002.hid.bin');
const fallbackDescriptor = new Uint8Array([
  0x05, 0x0d, 0x09, 0x02, 0xa1, 0x01, 0x85, 0x02, 0x09, 0x42, 0x09, 0x32, 0x15, 0x00, 0x25, 0x01, 0x75, 0x01, 0x95, 0x02, 0x81, 0x02,
  0x95, 0x06, 0x81, 0x03, 0x05, 0x01, 0x09, 0x30, 0x09, 0x31, 0x26, 0xff, 0x7f, 0x75, 0x10, 0x95, 0x02, 0x81, 0x02,
  0x05, 0x0d, 0x09, 0x30, 0x26, 0xff, 0x0f, 0x95, 0x01, 0x81, 0x02, 0xc0,
]);
const descriptor = dthPath ? new Uint8Array(readFileSync(dthPath)) : fallbackDescriptor;
const descriptorName = dthPath ? 'Wacom DTH134 report 6 (34 bytes, 16 fields incl. tilt and scan time)' : 'hand-written 8-byte pen report';
const layout: PenReportLayout = penLayoutsOf(parseReportDescriptor(descriptor))[0];

function genericReport(i: number): Uint8Array {
  const r = new Uint8Array(layout.byteLength);
  const base = layout.usesReportId ? 1 : 0;
  if (layout.usesReportId) r[0] = layout.reportId;
  const f = layout.fields;
  const put = (spec: { bitOffset: number; bitSize: number } | undefined, v: number) => spec && writeBits(r, base, spec.bitOffset, spec.bitSize, v);
  put(f.x, 1000 + (i % 20000));
  put(f.y, 500 + ((i * 7) % 10000));
  put(f.pressure, i % 1000);
  put(f.tip, i % 10 ? 1 : 0);
  put(f.inRange, 1);
  put(f.tiltX, (i % 100) - 50);
  put(layout.extra.scanTime, (i * 10) % 65536);
  return r;
}

const stuReport = (i: number) =>
  encodeStuPenDataTimeCountSequence({ rdy: true, sw: i % 10 ? 1 : 0, pressure: i % 1024, x: i % 10800, y: (i * 3) % 6480, timeCount: (i * 5) & 0xffff, sequence: i & 0xffff });

let sink = 0; // consumed results, so the optimiser cannot drop the decoding
function throughput(name: string, make: (i: number) => Uint8Array, decoderOf: () => { decode(r: Uint8Array, t: number): { t: number; x: number; y: number; pressure: number; np: number; tip: boolean } | undefined }) {
  const n = quick ? 200_000 : 1_000_000;
  const reports = Array.from({ length: 4096 }, (_, i) => make(i));
  const runs: number[] = [];
  for (let run = 0; run < (quick ? 3 : 7); run++) {
    const decoder = decoderOf();
    const start = performance.now();
    let t = 0;
    for (let i = 0; i < n; i++) {
      const s = decoder.decode(reports[i & 4095], (t += 0.125));
      if (s) sink += s.t + s.x + s.y + s.pressure + s.np + (s.tip ? 1 : 0);
    }
    runs.push(n / ((performance.now() - start) / 1000));
  }
  return { name, median: median(runs), min: Math.min(...runs), max: Math.max(...runs) };
}

/** Wraps a transport so the bench knows when each report was handed to the pen service. */
class StampingTransport implements HidTransport {
  readonly kind = 'usb-hid' as const;
  readonly handedOver: number[] = [];
  constructor(private readonly inner: HidTransport) {}
  list() {
    return this.inner.list();
  }
  async open(d: HidDeviceInfo): Promise<HidConnection> {
    const c = await this.inner.open(d);
    const handed = this.handedOver;
    return {
      info: c.info,
      onReport: (l) => c.onReport((r, t) => {
        handed.push(performance.now());
        l(r, t);
      }),
      onClose: (l) => c.onClose(l),
      getFeatureReport: (id, len) => c.getFeatureReport(id, len),
      sendFeatureReport: (data) => c.sendFeatureReport(data),
      close: () => c.close(),
    };
  }
}

async function latency(rateHz: number, seconds: number, viaWebSocket: boolean) {
  const count = Math.round(rateHz * seconds);
  const reports: RecordedReport[] = Array.from({ length: count }, (_, i) => ({ t: (i * 1000) / rateHz, data: genericReport(i), device: 0 }));
  const device: HidDeviceInfo = { id: 'bench', vendorId: 0x056a, productId: 0x03ec, product: 'bench pen', reportDescriptor: descriptor };
  const transport = new StampingTransport(new SimulatedPenTransport({ streams: [{ device, reports, label: 'bench' }], timing: 'recorded' }));
  const service = createPenService({ transports: [transport], hotPlugIntervalMs: 60_000 });
  const latencies: number[] = [];
  let received = 0;
  let lastT = -Infinity;
  let outOfOrder = 0;
  let done!: () => void;
  const finished = new Promise<void>((r) => (done = r));
  const take = (samples: { t: number }[], at: number) => {
    for (const s of samples) {
      latencies.push(at - transport.handedOver[received++]);
      if (s.t < lastT) outOfOrder++;
      lastT = s.t;
    }
    if (received >= count) done();
  };
  let wss: WebSocketServer | undefined;
  let client: WebSocket | undefined;
  if (viaWebSocket) {
    // Browser mode: batches go to the customer page over a WebSocket (loopback, JSON), as main/web sends them.
    wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((r) => wss!.once('listening', () => r()));
    const port = (wss.address() as { port: number }).port;
    const serverSide = new Promise<WebSocket>((r) => wss!.once('connection', (ws) => r(ws)));
    client = new WebSocket(`ws://127.0.0.1:${port}`);
    client.on('message', (data) => take((JSON.parse(String(data)) as PenSampleBatch).samples, performance.now()));
    await new Promise<void>((r) => client!.once('open', () => r()));
    const ws = await serverSide;
    service.onSamples((b) => ws.send(JSON.stringify(b)));
  } else {
    service.onSamples((b) => take(b.samples, performance.now()));
  }
  await service.start();
  await service.beginCapture();
  const timeout = setTimeout(done, seconds * 1000 + 10_000);
  await finished;
  clearTimeout(timeout);
  const record = await service.endCapture();
  await service.stop();
  client?.close();
  await new Promise<void>((r) => (wss ? wss.close(() => r()) : r()));
  return {
    rateHz,
    path: viaWebSocket ? 'pen service → WebSocket (loopback, JSON) → client' : 'pen service listener (in process)',
    sent: count,
    received,
    recorded: record.samples.length,
    dropped: count - received,
    outOfOrder,
    p50: pct(latencies, 50),
    p99: pct(latencies, 99),
    max: Math.max(...latencies),
  };
}

/**
 * Browser mode for real: batches go over a WebSocket to a page in headless Chromium, which takes
 * the time on arrival. Both clocks are monotonic clocks anchored at performance.timeOrigin on the
 * same machine, so page time − hand-over time is the one-way latency (to within the clocks' anchor).
 */
async function browserLatency(rateHz: number, seconds: number, batchWindowMs = 0) {
  const count = Math.round(rateHz * seconds);
  const reports: RecordedReport[] = Array.from({ length: count }, (_, i) => ({ t: (i * 1000) / rateHz, data: genericReport(i), device: 0 }));
  const device: HidDeviceInfo = { id: 'bench', vendorId: 0x056a, productId: 0x03ec, product: 'bench pen', reportDescriptor: descriptor };
  const transport = new StampingTransport(new SimulatedPenTransport({ streams: [{ device, reports, label: 'bench' }], timing: 'recorded' }));
  const service = createPenService({ transports: [transport], hotPlugIntervalMs: 60_000, batchWindowMs });
  const page = `<!doctype html><meta charset="utf-8"><script>
    const lat = []; let n = 0;
    const ws = new WebSocket('ws://' + location.host + '/');
    ws.onmessage = (e) => {
      const now = performance.timeOrigin + performance.now();
      const b = JSON.parse(e.data);
      if (b.done) { ws.send(JSON.stringify({ lat, n })); return; }
      for (let i = 0; i < b.samples.length; i++) { lat.push(now - b.handed[i]); n++; }
    };
    ws.onopen = () => ws.send('ready');
  </script>`;
  const http = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(page));
  const wss = new WebSocketServer({ server: http });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', () => r()));
  const port = (http.address() as { port: number }).port;
  const browser = await launchChromium();
  try {
    const tab = await browser.newPage();
    const connected = new Promise<WebSocket>((r) => wss.once('connection', (ws) => ws.once('message', () => r(ws))));
    await tab.goto(`http://127.0.0.1:${port}/`);
    const ws = await connected;
    let sent = 0;
    service.onSamples((b) => {
      const handed = b.samples.map((_, i) => performance.timeOrigin + transport.handedOver[sent + i]);
      sent += b.samples.length;
      ws.send(JSON.stringify({ ...b, handed }));
    });
    await service.start();
    await service.beginCapture();
    while (sent < count) await new Promise((r) => setTimeout(r, 50));
    const result = new Promise<{ lat: number[]; n: number }>((r) => ws.once('message', (d) => r(JSON.parse(String(d)))));
    ws.send(JSON.stringify({ done: true }));
    const { lat, n } = await result;
    await service.endCapture();
    await service.stop();
    return { rateHz, path: `pen service → WebSocket → page in headless Chromium${batchWindowMs ? `, ${batchWindowMs} ms batch window` : ''}`, sent: count, received: n, recorded: n, dropped: count - n, outOfOrder: 0, p50: pct(lat, 50), p99: pct(lat, 99), max: Math.max(...lat) };
  } finally {
    await browser.close();
    wss.close();
    await new Promise<void>((r) => http.close(() => r()));
  }
}

const tp = [
  throughput(`generic digitizer, ${descriptorName}`, genericReport, () => new GenericDigitizerDecoder(descriptor)),
  throughput('Wacom STU 0x34 (11 bytes, sequence check)', stuReport, () => new WacomStuDecoder()),
];
if (!Number.isFinite(sink)) throw new Error('unreachable');
for (const r of tp) console.log(`${r.name}: ${(r.median / 1e6).toFixed(2)} M reports/s (min ${(r.min / 1e6).toFixed(2)}, max ${(r.max / 1e6).toFixed(2)})`);

const secs = quick ? 1 : 4;
const lat = [];
for (const rate of [1000, 8000]) {
  for (const ws of [false, true]) {
    const r = await latency(rate, secs, ws);
    lat.push(r);
    console.log(`${rate} Hz, ${r.path}: p50 ${r.p50.toFixed(3)} ms, p99 ${r.p99.toFixed(3)} ms, max ${r.max.toFixed(2)} ms, dropped ${r.dropped}, out of order ${r.outOfOrder}, recorded ${r.recorded}/${r.sent}`);
  }
}

if (chromiumPath()) {
  for (const [rate, windowMs] of [[1000, 0], [8000, 0], [8000, 4]]) {
    try {
      const r = await browserLatency(rate, secs, windowMs);
      lat.push(r);
      console.log(`${rate} Hz, ${r.path}: p50 ${r.p50.toFixed(3)} ms, p99 ${r.p99.toFixed(3)} ms, max ${r.max.toFixed(2)} ms, dropped ${r.dropped}`);
    } catch (err) {
      console.error(`browser-mode latency at ${rate} Hz not measured: ${(err as Error).message}`);
    }
  }
} else console.error('Chromium not found: browser-mode latency not measured');

const machine = `${cpus().length} cores (\`nproc\`), ${cpus()[0]?.model ?? 'unknown CPU'}; Node ${process.version}`;
const md = `## Pen input over USB HID (issue 3)

Machine: ${machine}; one process; 1-minute load average ${loadAtStart.toFixed(1)} at the start (the machine is shared: absolute numbers are noisy, ratios less so). Command: \`node bin/run-ts.mjs bench/hidBench.ts\`${quick ? ' --quick' : ''} (${new Date().toISOString().slice(0, 10)}).

### Decode throughput (one core)

Reports decoded to samples per second, ${quick ? '200 000' : '1 000 000'} reports per run, median of ${quick ? 3 : 7} runs:

| decoder | median | min | max |
|---|---|---|---|
${tp.map((r) => `| ${r.name} | ${(r.median / 1e6).toFixed(2)} M/s | ${(r.min / 1e6).toFixed(2)} M/s | ${(r.max / 1e6).toFixed(2)} M/s |`).join('\n')}

Ratio STU / generic: ${(tp[1].median / tp[0].median).toFixed(1)}× (the STU report is fixed-layout, 11 bytes). An 8 kHz pen needs 8 000 reports/s: the slower decoder has ${Math.round(Math.min(...tp.map((r) => r.median)) / 8000)}× headroom on one core.

### Sample latency with a simulated pen

From the moment a report is handed to the pen service (transport listener) to the moment its sample
reaches the listener (batches go out at the end of the event-loop turn), and, for browser mode, to a
WebSocket client in the same process (loopback, JSON), and to a page in headless Chromium (browser
mode for real; one-way, both clocks anchored at performance.timeOrigin). ${secs} s of reports at the given rate, real timers.
Electron IPC: not measured here (no Electron binary on this machine).

| rate | path | p50 | p99 | max | dropped | out of order | in record |
|---|---|---|---|---|---|---|---|
${lat.map((r) => `| ${r.rateHz} Hz | ${r.path} | ${r.p50.toFixed(3)} ms | ${r.p99.toFixed(3)} ms | ${r.max.toFixed(2)} ms | ${r.dropped} | ${r.outOfOrder} | ${r.recorded}/${r.sent} |`).join('\n')}

Notes: the simulated pen delivers reports from timers (about 1 ms granularity), so at 8 kHz reports
arrive in bursts of about 8, as they do from a USB host controller polling a high-rate device.
The row with a 4 ms batch window shows the trade-off offered by \`batchWindowMs\` (for Electron IPC):
about 250 messages per second instead of 8 000, for about 4 ms more latency.
`;
writeFileSync(join(resolve(import.meta.dirname), 'results', 'hid.md'), md);
console.log('bench/results/hid.md written');
