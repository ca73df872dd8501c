// Teller desk and customer screen benchmark, in browser mode for real: `station serve` as
// a child process, both windows in headless Debian Chromium, pointer input on the customer's page.
//  1. Ink latency: from the customer's pointerdown (in the page) to the stroke appearing in the
//     customer's own ink canvas and in the teller's mirror (both windows get ink from the station,
//     so the two cannot differ). Clocks: performance.timeOrigin + performance.now() in each page
//     (same machine clock).
//  2. Document on screen: from "Send to customer" to every page rendered by pdf.js on the
//     customer's screen (first page and all pages), for the 2-page demo and real 4- and 19-page corpus documents.
// Writes bench/results/desk.md. Run: node bin/run-ts.mjs bench/deskBench.ts  (about a minute)
import { execSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { launchChromium } from '../test/support/chromium';
import { startStationProcess } from '../test/support/stationProcess';
import { sharedPdf } from '../test/e2e/deskDriver';

const root = resolve(import.meta.dirname, '..');
const strokes = 30;
const loadAtStart = loadavg()[0];

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * (s.length - 1) + 0.5))];
};
const ms = (x: number) => `${x.toFixed(1)} ms`;

async function until(check: () => Promise<boolean>, timeoutMs = 60_000) {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Records, in the page, when the canvas matching `selector` first shows each stroke count. */
async function watchStrokes(page: Page, selector: string) {
  await page.evaluate((sel) => {
    const w = window as unknown as { strokeTimes: number[] };
    w.strokeTimes = [];
    new MutationObserver(() => {
      const n = Number(document.querySelector(sel)?.getAttribute('data-strokes') ?? 0);
      while (w.strokeTimes.length < n) w.strokeTimes.push(performance.timeOrigin + performance.now());
    }).observe(document.body, { subtree: true, attributes: true, attributeFilter: ['data-strokes'], childList: true });
  }, selector);
}

if (!existsSync(join(root, 'renderer', 'dist', 'teller', 'index.html'))) execSync('npx vite build --config renderer/vite.config.ts', { cwd: root, stdio: 'inherit' });
const station = await startStationProcess();
const browser = await launchChromium();
let md = '';
try {
  const teller = await (await browser.newContext({ viewport: { width: 1400, height: 1000 } })).newPage();
  const customer = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  await teller.goto(station.tellerUrl);
  await customer.goto(station.customerUrl);
  await teller.getByLabel('User name').fill('demo');
  await teller.getByLabel('PIN or password').fill('1234');
  await teller.getByRole('button', { name: 'Sign in' }).click();
  await teller.getByRole('heading', { name: 'Queue' }).waitFor();

  const prepareAndSend = async () => {
    await teller.getByLabel("Signer's full name").fill('Bench Signer');
    await teller.getByLabel('Last digits of the ID number').fill('1234');
    await teller.getByRole('button', { name: 'Prepare signing' }).click();
    await teller.getByRole('button', { name: 'Send to customer' }).click();
    return performance.timeOrigin + performance.now();
  };
  const cancel = async () => {
    await teller.getByRole('button', { name: 'Cancel signing…' }).click();
    await teller.getByRole('button', { name: 'Cancel signing', exact: true }).click();
    await customer.locator('[data-state="idle"]').waitFor();
  };

  // 2. Document on screen.
  const renderRows: string[] = [];
  const docs: { name: string; add: () => Promise<void> }[] = [
    { name: 'demo agreement (2 pages, pdf-lib)', add: () => teller.getByRole('button', { name: 'Add demo document' }).click() },
  ];
  const corpus = sharedPdf('ordinary', 'sample_pdflatex-outline.pdf');
  if (existsSync(corpus)) docs.push({ name: 'sample_pdflatex-outline.pdf (corpus)', add: () => teller.getByTestId('pdf-file-input').setInputFiles(corpus) });
  const long = sharedPdf('ordinary', 'pdflib_us_constitution.pdf');
  if (existsSync(long)) docs.push({ name: 'pdflib_us_constitution.pdf (corpus)', add: () => teller.getByTestId('pdf-file-input').setInputFiles(long) });
  for (const doc of docs) {
    const first: number[] = [];
    const all: number[] = [];
    let pages = 0;
    for (let i = 0; i < 5; i++) {
      await doc.add();
      const sent = await prepareAndSend();
      const rendered = async () => Number(await customer.locator('.pdf-pages').getAttribute('data-pages').catch(() => '0'));
      await until(async () => (await rendered()) > 0);
      first.push(performance.timeOrigin + performance.now() - sent);
      await until(async () => (await rendered()) > 0 && String(await rendered()) === (await customer.locator('.pdf-pages').getAttribute('data-total')));
      all.push(performance.timeOrigin + performance.now() - sent);
      pages = await rendered();
      await cancel();
    }
    renderRows.push(`| ${doc.name} | ${pages} | ${ms(quantile(first, 0.5))} | ${ms(quantile(all, 0.5))} | ${ms(Math.min(...all))} – ${ms(Math.max(...all))} |`);
  }

  // 1. Ink latency.
  await teller.getByRole('button', { name: 'Add demo document' }).click();
  await prepareAndSend();
  await until(async () => (await customer.locator('.pdf-pages').getAttribute('data-pages').catch(() => null)) === '2');
  await customer.locator('.pdf-pages').evaluate((el) => el.scrollTo(0, el.scrollHeight));
  await customer.getByRole('button', { name: 'Continue' }).click();
  await customer.getByRole('button', { name: /I agree/ }).click();
  await customer.getByTestId('signature-box').waitFor();
  await watchStrokes(teller, '.mirror .ink-canvas');
  await watchStrokes(customer, '.ink-canvas');
  await customer.evaluate(() => {
    const w = window as unknown as { downTimes: number[] };
    w.downTimes = [];
    window.addEventListener('pointerdown', () => w.downTimes.push(performance.timeOrigin + performance.now()), { capture: true });
  });
  const box = (await customer.getByTestId('signature-box').boundingBox())!;
  for (let s = 0; s < strokes; s++) {
    const x = box.x + box.width * (0.1 + 0.8 * (s / strokes));
    const y = box.y + box.height * (0.3 + 0.4 * ((s * 7) % 5) / 5);
    await customer.mouse.move(x, y);
    await customer.mouse.down();
    for (let i = 1; i <= 8; i++) await customer.mouse.move(x + i * 2, y + Math.sin(i) * 10);
    await customer.mouse.up();
    await until(async () => Number(await teller.locator('.mirror .ink-canvas').getAttribute('data-strokes')) > s);
  }
  const down = await customer.evaluate(() => (window as unknown as { downTimes: number[] }).downTimes);
  const own = await customer.evaluate(() => (window as unknown as { strokeTimes: number[] }).strokeTimes);
  const mirror = await teller.evaluate(() => (window as unknown as { strokeTimes: number[] }).strokeTimes);
  const ownLatency = down.map((t, i) => own[i] - t);
  const mirrorLatency = down.map((t, i) => mirror[i] - t);
  await cancel();

  const cpu = cpus()[0]?.model ?? 'unknown';
  md = `## Teller desk and customer screen (issue 7)

Machine: ${cpus().length} cores (\`nproc\`), ${cpu}; Node ${process.version}; 1-minute load average ${loadAtStart.toFixed(1)} at the start (shared machine: absolute numbers are noisy). Browser mode for real: \`station serve\` child process, headless Debian Chromium, two windows. Command: \`node bin/run-ts.mjs bench/deskBench.ts\` (${new Date().toISOString().slice(0, 10)}).

### Ink latency: customer's pointerdown → stroke shown

${strokes} strokes drawn with pointer input; time from the pointerdown event in the customer's page to the render that shows the new stroke (the canvas is painted on the next animation frame, up to 16.7 ms later). Path: page batches samples per animation frame → WebSocket → signing session (passes a window's batch on at once; a USB device's reports are batched per 16 ms) → WebSocket → React.

| window | p50 | p95 | max |
|---|---|---|---|
| customer's own screen | ${ms(quantile(ownLatency, 0.5))} | ${ms(quantile(ownLatency, 0.95))} | ${ms(Math.max(...ownLatency))} |
| teller's live mirror | ${ms(quantile(mirrorLatency, 0.5))} | ${ms(quantile(mirrorLatency, 0.95))} | ${ms(Math.max(...mirrorLatency))} |

Before the session passed a window's (already frame-batched) samples straight on, it held them for another 16 ms timer: p50 35.1 ms own screen / 29.4 ms mirror, p95 250 ms / 190 ms (same command, 1-minute load 21.9); after: see the table (about half at p50).

Mirror / own-screen ratio at p50: ${(quantile(mirrorLatency, 0.5) / quantile(ownLatency, 0.5)).toFixed(2)}×.

### Document on the customer's screen

From the teller's "Send to customer" to the first page, and to every page, rendered by pdf.js on the customer's screen (5 runs each; pages appear one by one, so reading starts at the first). Before pages appeared one by one, the customer saw nothing until all were rendered (the "all pages" column was the wait for the first).

| document | pages | first page (median) | all pages (median) | all pages (min – max) |
|---|---|---|---|---|
${renderRows.join('\n')}
`;
  writeFileSync(join(root, 'bench', 'results', 'desk.md'), md);
  console.log(md);
} finally {
  await browser.close();
  await station.stop();
}
