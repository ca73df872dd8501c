/**
 * "Send to customer" → the first page on the customer's screen, in Debian's headless Chromium
 * against a real `station serve`: the teller's click (a capture listener in the teller's page
 * notes the time) to the first animation frame in which the customer's page shows a rendered page
 * canvas (a probe in the customer's page, every frame). Between rounds the teller takes the document back.
 *
 * The time is broken down from two sources: the customer page's WebSocket frames as its network
 * stack saw them (DevTools protocol: the document request going out, the document coming in), and
 * the performance marks the window's document loading and page drawing leave (document:*, page:*).
 * A checkout without the marks (an older build) still gets the frame-based parts.
 *
 * `--baseline <checkout>` runs another checkout's station and renderer build (say /work/main) beside
 * this one, in the same browser, the rounds interleaved, so the before/after is one run.
 * `--timeline` prints each round's marks, in ms after the click, to stderr.
 * Usage: node bin/run-ts.mjs bench/firstPageBench.ts [--rounds 9] [--pdf <file>] [--baseline <dir>] [--timeline]   (after npm run build:renderer)
 * Writes bench/results/firstPage.md.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { basename, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { CDPSession, Page } from 'playwright-core';
import { sharedDataPath } from '../main/config/sharedData';
import { launchChromium } from '../test/support/chromium';
import { addAndPrepare, customerState, median, openBenchDesk, percentile, sessionState, waitFor, type BenchDesk } from './browserDesk';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '9' }, pdf: { type: 'string' }, baseline: { type: 'string' }, timeline: { type: 'boolean', default: false } } });
const rounds = Number(values.rounds);
const pdf = values.pdf ?? sharedDataPath('pdf-corpus/ordinary/pdflib_us_constitution.pdf');
if (!pdf) {
  console.log('firstPageBench: skipped: the PDF corpus (../shared/data/pdf-corpus) is absent');
  process.exit(0);
}
const goal = 250;
const uptimeAtStart = execFileSync('uptime', { encoding: 'utf8' }).trim();
const commitOf = (dir: string) => execFileSync('git', ['-C', dir, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();

/** The parts of one round, in ms; a part a build cannot show (no marks) is absent. */
type Parts = Record<string, number>;
const partNames: [key: string, what: string][] = [
  ['total', '**click → first page shown**'],
  ['clickToRequest', 'click → the window asks for the document (sendToCustomer, the event, React)'],
  ['stationAndWire', 'request frame out → document frame in (station: read, encode, send; loopback)'],
  ['frameToBytes', 'document frame in → bytes in the window (message event, parse, contract check)'],
  ['decode', 'base64 → bytes'],
  ['open', 'pdf.js getDocument'],
  ['pages', "pdf.js getPage × every page (each page's size)"],
  ['toRender', 'pages known → page 1 render starts (React commit, layout)'],
  ['render', 'page 1 render (pdf.js, worker + canvas)'],
  ['toFrame', 'render done → the frame that shows it'],
  ['afterFrame', 'document frame in → first page shown (all of the window side)'],
];

interface Build {
  label: string;
  desk: BenchDesk;
  cdp: CDPSession;
  /** CDP monotonic seconds → epoch ms, from the WebSocket handshake's wallTime. */
  clockOffsetMs?: number;
  frames: { dir: 'out' | 'in'; at: number; opcode: number; payload: string }[];
  documentBytes: number[];
  rounds: Parts[];
}

async function prepareBuild(label: string, desk: BenchDesk): Promise<Build> {
  const cdp = await desk.customer.context().newCDPSession(desk.customer);
  const build: Build = { label, desk, cdp, frames: [], documentBytes: [], rounds: [] };
  cdp.on('Network.webSocketWillSendHandshakeRequest', (e) => (build.clockOffsetMs = e.wallTime * 1000 - e.timestamp * 1000));
  cdp.on('Network.webSocketFrameSent', (e) => build.frames.push({ dir: 'out', at: e.timestamp * 1000, opcode: e.response.opcode, payload: e.response.payloadData }));
  cdp.on('Network.webSocketFrameReceived', (e) => build.frames.push({ dir: 'in', at: e.timestamp * 1000, opcode: e.response.opcode, payload: e.response.payloadData }));
  await cdp.send('Network.enable');
  // Reconnect under the protocol's eye (the token is in sessionStorage), for the handshake's wall time.
  await desk.customer.reload();
  await desk.customer.waitForSelector('[data-state="idle"]', { timeout: 60_000 });
  if (build.clockOffsetMs === undefined) throw new Error('no WebSocket handshake seen');
  await addAndPrepare(desk.teller, pdf);
  // Strings, not functions: the TypeScript loader would wrap named inner functions in a helper the pages lack.
  await desk.teller.evaluate(`window.addEventListener('click', (e) => {
    if (e.target.closest('button') && /Send to customer/.test(e.target.closest('button').textContent)) window.sentAt = performance.timeOrigin + performance.now();
  }, true)`);
  return build;
}

const marksOf = (page: Page) => page.evaluate(`performance.getEntriesByType('mark').map((m) => ({ name: m.name, at: performance.timeOrigin + m.startTime }))`) as Promise<{ name: string; at: number }[]>;

async function oneRound(build: Build): Promise<void> {
  const { teller, customer } = build.desk;
  await customer.evaluate(`(() => {
    performance.clearMarks();
    window.firstPageAt = undefined;
    function look() {
      if (document.querySelector('.pdf-page canvas')) window.firstPageAt = performance.timeOrigin + performance.now();
      else requestAnimationFrame(look);
    }
    requestAnimationFrame(look);
  })()`);
  build.frames.length = 0;
  await teller.getByRole('button', { name: 'Send to customer' }).click();
  const shownAt = (await waitFor('the first page', () => customer.evaluate('window.firstPageAt') as Promise<number | undefined>, (v) => v !== undefined))!;
  const sentAt = (await teller.evaluate('window.sentAt')) as number;
  const parts: Parts = { total: shownAt - sentAt };
  const epoch = (cdpMs: number) => cdpMs + build.clockOffsetMs!;
  const request = build.frames.find((f) => f.dir === 'out' && f.payload.includes('"document.bytes"'));
  const id = request && (JSON.parse(request.payload) as { id: number }).id;
  // The document's answer: the JSON result of that id (base64 inside) or the binary frame after the request.
  const reply = request && build.frames.find((f) => f.dir === 'in' && f.at >= request.at && (f.opcode === 2 || f.payload.startsWith(`{"type":"result","id":${id},`)));
  if (request && reply) {
    parts.clickToRequest = epoch(request.at) - sentAt;
    parts.stationAndWire = reply.at - request.at;
    parts.afterFrame = shownAt - epoch(reply.at);
    build.documentBytes.push(reply.opcode === 2 ? Math.floor((reply.payload.length * 3) / 4) : reply.payload.length);
  }
  const marks = await marksOf(customer);
  const mark = (name: string) => marks.find((m) => m.name === name)?.at;
  const span = (key: string, from: number | undefined, to: number | undefined) => {
    if (from !== undefined && to !== undefined) parts[key] = to - from;
  };
  if (values.timeline) console.error(marks.map((m) => `  ${m.name} +${(m.at - sentAt).toFixed(0)} ms`).join('\n'));
  const received = mark('document:received');
  span('frameToBytes', reply && epoch(reply.at), received);
  span('decode', received, mark('document:decoded'));
  span('open', mark('document:decoded') ?? received, mark('document:opened'));
  span('pages', mark('document:opened'), mark('document:pages'));
  span('toRender', mark('document:pages'), mark('page:render-start'));
  span('render', mark('page:render-start'), mark('page:render-end'));
  span('toFrame', mark('page:render-end'), shownAt);
  build.rounds.push(parts);
  console.error(`${build.label} round ${build.rounds.length}: ${parts.total.toFixed(0)} ms`);
  await teller.getByRole('button', { name: 'Take back' }).click();
  await waitFor('prepared again', () => sessionState(teller), (s) => s === 'prepared');
  await waitFor('customer idle', () => customerState(customer), (s) => s === 'idle');
}

/** What the station did before this change for the same bytes, in this process: base64 and the JSON around it. */
function base64EncodingMs(): number {
  const bytes = readFileSync(pdf!);
  const times: number[] = [];
  for (let i = 0; i < 21; i++) {
    const t0 = performance.now();
    JSON.stringify({ type: 'result', id: 1, ok: true, payload: { base64: Buffer.from(bytes).toString('base64') } });
    times.push(performance.now() - t0);
  }
  return median(times);
}

const browser = await launchChromium();
const builds: Build[] = [];
try {
  builds.push(await prepareBuild(`this checkout (${commitOf(resolve(import.meta.dirname, '..'))}+)`, await openBenchDesk({ browser })));
  if (values.baseline) {
    // A read-only run of the other checkout: V8's compile cache would write into it.
    const desk = await openBenchDesk({ browser, root: resolve(values.baseline), env: { NODE_DISABLE_COMPILE_CACHE: '1' } });
    builds.push(await prepareBuild(`${values.baseline} (${commitOf(values.baseline)})`, desk));
  }
  // Interleaved, the order turned every round: neither build always runs on the warmer machine.
  for (let round = 0; round < rounds; round++) for (const build of round % 2 ? [...builds].reverse() : builds) await oneRound(build);
  const uptimeAtEnd = execFileSync('uptime', { encoding: 'utf8' }).trim();
  const pageCount = Number(await builds[0].desk.customer.locator('.pdf-pages').getAttribute('data-total').catch(() => null)) || 19;
  const med = (b: Build, key: string) => {
    const xs = b.rounds.map((r) => r[key]).filter((x) => x !== undefined);
    return xs.length ? `${median(xs).toFixed(0)} ms` : '–';
  };
  const totals = builds.map((b) => b.rounds.map((r) => r.total));
  const ratio = builds.length > 1 ? median(totals[0]) / median(totals[1]) : undefined;
  const section = `## "Send to customer" → first page (bench/firstPageBench.ts)

Machine: ${cpus().length} cores, ${cpus()[0].model}; Node ${process.version}; Chromium ${browser.version()} headless; \`uptime\` at the start: ${uptimeAtStart}; at the end: ${uptimeAtEnd}.
Command: \`node bin/run-ts.mjs bench/firstPageBench.ts --rounds ${rounds}${values.baseline ? ` --baseline ${values.baseline}` : ''}\` (${new Date().toISOString().slice(0, 10)}; after \`npm run build:renderer\`): a real \`station serve\` per checkout, both windows, ${basename(pdf)} (${pageCount} pages) prepared; each round the teller's click on "Send to customer" → the first animation frame with a rendered page on the customer's screen, then "Take back"${builds.length > 1 ? '; the checkouts\' rounds interleaved in one browser' : ''}. The parts come from the customer page's WebSocket frames (DevTools protocol) and its performance marks; each part's median is shown, so the parts need not add up to the total's median.

| what | ${builds.map((b) => b.label).join(' | ')} |
|---|${builds.map(() => '---:').join('|')}|
${partNames.map(([key, what]) => `| ${what} | ${builds.map((b) => med(b, key)).join(' | ')} |`).join('\n')}
| p90 / min of the total | ${builds.map((b) => `${percentile(b.rounds.map((r) => r.total), 90).toFixed(0)} / ${Math.min(...b.rounds.map((r) => r.total)).toFixed(0)} ms`).join(' | ')} |
| median / goal (${goal} ms) | ${builds.map((b) => `${(median(b.rounds.map((r) => r.total)) / goal).toFixed(2)}×`).join(' | ')} |
| the document on the wire (one frame) | ${builds.map((b) => `${(median(b.documentBytes) / 1024).toFixed(0)} KiB`).join(' | ')} |

${ratio !== undefined ? `Median total, this checkout / the other: **${ratio.toFixed(2)}×**.\n\n` : ''}Per round, total (ms): ${builds.map((b) => `${b.label}: ${b.rounds.map((r) => r.total.toFixed(0)).join(', ')}`).join('; ')}.
The same bytes as base64 inside a JSON result, encoded in this bench's Node process (what the station did per send before the binary frame): ${base64EncodingMs().toFixed(1)} ms.
`;
  writeFileSync(resolve(import.meta.dirname, 'results', 'firstPage.md'), section);
  console.log(section);
} finally {
  for (const b of builds) await b.desk.close();
  await browser.close();
}
