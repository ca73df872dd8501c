/**
 * Ink on the customer's screen: pointer-down → the stroke's first dot on the canvas, in Debian's
 * headless Chromium against a real `station serve`, with real input (Playwright's mouse: the
 * DevTools protocol's Input domain, through Chromium's own input pipeline, so the page gets trusted
 * pointer events with their platform time stamps).
 * Each stroke: pointer down at a fresh spot of the signature box, a probe (a pointerdown listener
 * on window, after the page's own) reads the canvas pixel under the pointer in every animation frame
 * until it is inked; latency = that frame's performance.now() − the event's timeStamp. Then a short
 * move and up; every 20 strokes "Clear". Peer: the display's refresh (1000 / 60 ms).
 * Usage: node bin/run-ts.mjs bench/inkLatencyBench.ts [--strokes 200]   (after npm run build:renderer)
 * Writes bench/results/inkLatency.md.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { addAndPrepare, median, openBenchDesk, percentile, readAndConsent, waitFor } from './browserDesk';

const { values } = parseArgs({ options: { strokes: { type: 'string', default: '200' } } });
const strokes = Number(values.strokes);
const uptimeAtStart = execFileSync('uptime', { encoding: 'utf8' }).trim();
const loadAtStart = loadavg()[0];
const refreshMs = 1000 / 60;

const desk = await openBenchDesk();
try {
  const { teller, customer } = desk;
  await addAndPrepare(teller);
  await teller.getByRole('button', { name: 'Send to customer' }).click();
  await readAndConsent(customer, 2);
  const canvas = customer.locator('.ink-canvas');
  await waitFor('empty ink', () => canvas.getAttribute('data-strokes'), (s) => s === '0');
  // Fired after React's own listener (on the root, bubbling): the page's drawing is asked for first.
  // A string, not a function: the TypeScript loader would wrap named inner functions in a helper the page lacks.
  await customer.evaluate(`(() => {
    const probe = { latencies: [] };
    window.inkProbe = probe;
    window.addEventListener('pointerdown', (e) => {
      const c = document.querySelector('.ink-canvas');
      const ctx = c && c.getContext('2d');
      if (!ctx || !e.target.closest('[data-testid="signature-box"]')) return;
      const r = c.getBoundingClientRect();
      const x = Math.round(((e.clientX - r.left) * c.width) / r.width);
      const y = Math.round(((e.clientY - r.top) * c.height) / r.height);
      const t0 = e.timeStamp;
      function check() {
        const now = performance.now();
        if (ctx.getImageData(x, y, 1, 1).data[3] > 0) probe.latencies.push(now - t0);
        else if (now - t0 > 3000) probe.latencies.push(Infinity);
        else requestAnimationFrame(check);
      }
      requestAnimationFrame(check);
    });
  })()`);
  const box = (await customer.getByTestId('signature-box').boundingBox())!;
  const perClear = 20;
  for (let i = 0; i < strokes; i++) {
    const slot = i % perClear;
    if (i > 0 && slot === 0) {
      await customer.getByRole('button', { name: 'Clear' }).click();
      await waitFor('cleared', () => canvas.getAttribute('data-strokes'), (s) => s === '0');
    }
    // A 5 × 4 grid of fresh spots: the pixel under the pointer is blank before it goes down.
    const x = box.x + box.width * (0.1 + 0.18 * (slot % 5));
    const y = box.y + box.height * (0.15 + 0.22 * Math.floor(slot / 5));
    await customer.mouse.move(x, y);
    await customer.mouse.down();
    await waitFor('the dot', () => customer.evaluate(() => (window as unknown as { inkProbe: { latencies: number[] } }).inkProbe.latencies.length), (n) => n === i + 1);
    for (let k = 1; k <= 4; k++) await customer.mouse.move(x + k * 4, y + k * 2);
    await customer.mouse.up();
    // The station's ink holds the stroke before the next one starts (its own count, not the local one).
    await waitFor('station ink', () => canvas.getAttribute('data-strokes'), (s) => s === String(slot + 1));
  }
  const latencies = await customer.evaluate(() => (window as unknown as { inkProbe: { latencies: number[] } }).inkProbe.latencies);
  const uptimeAtEnd = execFileSync('uptime', { encoding: 'utf8' }).trim();
  const p95 = percentile(latencies, 95);
  const chromium = desk.browser.version();
  const section = `## Ink on the customer's screen (bench/inkLatencyBench.ts)

Machine: ${cpus().length} cores, ${cpus()[0].model}; Node ${process.version}; Chromium ${chromium} headless (software rendering, 60 Hz frames); 1-minute load average ${loadAtStart.toFixed(2)} at the start (\`uptime\`: ${uptimeAtStart}), at the end: ${uptimeAtEnd}.
Command: \`node bin/run-ts.mjs bench/inkLatencyBench.ts --strokes ${strokes}\` (${new Date().toISOString().slice(0, 10)}; after \`npm run build:renderer\`), a real \`station serve\` and both windows, the demo document in the signing step.

Pointer-down (Playwright's mouse through the DevTools Input domain: trusted events with the platform's time stamp) → the first animation frame whose canvas holds ink under the pointer (a probe reads the pixel back in every frame), ${latencies.length} strokes at fresh spots, "Clear" every ${perClear}.

| what | median | p95 | max | p95 / display refresh (${refreshMs.toFixed(1)} ms) |
|---|---:|---:|---:|---:|
| pointer-down → dot on the canvas | ${median(latencies).toFixed(1)} ms | ${p95.toFixed(1)} ms | ${Math.max(...latencies).toFixed(1)} ms | ${(p95 / refreshMs).toFixed(2)}× |

The customer's own points are painted by the ink canvas at the next animation frame, straight from
the pointer handler (native/ink/localInk.ts keeps them until the station's ink holds them), with
no React render and no round trip through the station; the station's ink replaces them as it comes back.
`;
  writeFileSync(resolve(import.meta.dirname, 'results', 'inkLatency.md'), section);
  console.log(section);
} catch (err) {
  await desk.customer.screenshot({ path: '/tmp/inkLatencyBench-failure.png' }).catch(() => undefined);
  throw err;
} finally {
  await desk.close();
}
