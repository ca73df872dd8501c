// WebHID pen on the customer page: the page's per-report work — the
// WebHidTransport's report-ID handling, the profile's decoder and the mapping into the signature
// box (uncalibrated and through a four-point calibration) — on the real Wacom PenPartner capture,
// in Node (the same pure code the page runs). Writes bench/results/webhid.md.
// Run: node bin/run-ts.mjs bench/webHidBench.ts
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { calibrate, calibrationTargets } from '../native/calibration/fourPointCalibration';
import type { PenSample } from '../native/pen/penSample';
import { WebHidTransport, type HidDeviceLike, type HidInputReportEventLike } from '../native/transport/webHidTransport';
import { profileFor } from '../native/profiles/penProfileRegistry';
import { sampleInBox } from '../renderer/components/webHidSampleMapping';
import { penPartnerCapture } from '../test/e2e/fakeWebHid';

const capture = penPartnerCapture();
if (!capture) {
  console.log('skipped: ../shared/data/hid-descriptors/Wacom_PenPartner is absent');
  process.exit(0);
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const load = loadavg()[0];

let input: ((e: HidInputReportEventLike) => void) | undefined;
const device: HidDeviceLike = {
  ...capture.device, opened: true,
  async open() {}, async close() {},
  addEventListener: (_t, l) => void (input = l), removeEventListener: () => undefined,
  async sendFeatureReport() {}, async receiveFeatureReport(id) { return new DataView(new Uint8Array([id]).buffer); },
};
const transport = new WebHidTransport({ getDevices: async () => [device], addEventListener: () => undefined, removeEventListener: () => undefined }, () => 0);
const [info] = await transport.list();
const connection = await transport.open(info);
const decoder = profileFor(info)!.createDecoder(info, { source: 'webhid' });
const window = { width: 1280, height: 800 };
const box = { left: 340, top: 500, width: 600, height: 200 };
const targets = calibrationTargets(window.width, window.height);
const cal = calibrate('056a:0061', window, targets, targets.map((p) => ({ x: p.x * 3.7 + 120, y: p.y * 4.2 + 200 })));
let mode: 'decode' | 'plain' | 'calibrated' = 'decode';
let out = 0;
connection.onReport((r, t) => {
  const s = decoder.decode(r, t);
  if (!s) return;
  const m: PenSample = mode === 'decode' ? s : sampleInBox(s, window, box, mode === 'calibrated' ? cal : undefined);
  out += m.nx;
});
const events = capture.reports.map(([t, b]) => ({ reportId: b[0], data: new DataView(new Uint8Array(b.slice(1)).buffer), timeStamp: t }));
const repeat = 200;
function run(): number {
  const start = process.hrtime.bigint();
  for (let k = 0; k < repeat; k++) for (const e of events) input!(e);
  return Number(process.hrtime.bigint() - start) / (repeat * events.length);
}
const results: Record<string, number> = {};
for (const m of ['decode', 'plain', 'calibrated'] as const) {
  mode = m;
  run(); // warm-up
  results[m] = median(Array.from({ length: 7 }, run));
}
const calStart = process.hrtime.bigint();
for (let i = 0; i < 10_000; i++) calibrate('056a:0061', window, targets, targets.map((p) => ({ x: p.x * 3.7 + 120 + (i % 7), y: p.y * 4.2 + 200 })));
const calibrateUs = Number(process.hrtime.bigint() - calStart) / 10_000 / 1000;

const perSecond = (ns: number) => Math.round(1e9 / ns).toLocaleString('en');
const text = `## WebHID pen on the customer page (bench/webHidBench.ts)

Machine: ${cpus().length} cores (\`nproc\`), ${cpus()[0]?.model ?? 'unknown CPU'}, load ${load.toFixed(2)} at start (shared machine).
Command: \`node bin/run-ts.mjs bench/webHidBench.ts\`. Input: the real Wacom PenPartner hid-recorder capture
(${events.length} reports) replayed ${repeat}× per run; median of 7 runs, one core, Node ${process.version}.

| per input report | median ns | reports/s on one core | headroom at 1 kHz |
|---|---|---|---|
| WebHidTransport + PenPartner decoder | ${results.decode.toFixed(0)} | ${perSecond(results.decode)} | ${Math.round(1e6 / results.decode)}× |
| … + map into the box (uncalibrated) | ${results.plain.toFixed(0)} | ${perSecond(results.plain)} | ${Math.round(1e6 / results.plain)}× |
| … + map through a four-point calibration | ${results.calibrated.toFixed(0)} | ${perSecond(results.calibrated)} | ${Math.round(1e6 / results.calibrated)}× |

Mapping costs ${(results.plain / results.decode).toFixed(2)}× (uncalibrated) and ${(results.calibrated / results.decode).toFixed(2)}× (calibrated) the decode alone.
Solving a calibration (homography + checks): ${calibrateUs.toFixed(1)} µs mean over 10 000 solves.
What this does not measure: Chromium's own WebHID delivery and the WebSocket hop (see hid.md for the station side).
`;
writeFileSync(resolve(import.meta.dirname, 'results', 'webhid.md'), text);
console.log(text, out > -1 ? '' : '');
