import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transformWithEsbuild } from 'vite';
import type { Browser } from 'playwright-core';
import { chromiumPath, launchChromium } from '../../test/support/chromium';
import type { PenSample } from '../pen/penSample';

/**
 * The Pointer Events source in a real Chromium: pen input is injected through the DevTools
 * protocol (Input.dispatchMouseEvent with pointerType 'pen', force and tilt), so the page receives
 * genuine PointerEvents, and the module under test runs in the page as the renderer will run it.
 */
const hasChromium = Boolean(chromiumPath());
if (!hasChromium) console.warn('Chromium not found: Pointer Events browser test skipped (apt-get install chromium)');

let server: Server;
let browser: Browser;
let base = '';

beforeAll(async () => {
  if (!hasChromium) return;
  const source = readFileSync(fileURLToPath(new URL('./pointerEventSamples.ts', import.meta.url)), 'utf8');
  const { code } = await transformWithEsbuild(source, 'pointerEventSamples.ts', { loader: 'ts', format: 'esm', target: 'es2022' });
  const page = `<!doctype html><meta charset="utf-8">
<div id="pad" style="position:absolute;left:50px;top:40px;width:400px;height:200px;background:#eee;touch-action:none"></div>
<script type="module">
  import { PointerSampleSource } from '/pointerEventSamples.js';
  const pad = document.getElementById('pad');
  const src = new PointerSampleSource(() => pad.getBoundingClientRect(), { accept: ['pen'] });
  window.samples = [];
  for (const type of ['pointerdown', 'pointermove', 'pointerup']) pad.addEventListener(type, (e) => window.samples.push(...src.handle(e)));
  pad.addEventListener('pointerleave', (e) => window.samples.push(...src.leave(e)));
  window.ready = true;
</script>`;
  server = createServer((req, res) => {
    if (req.url === '/pointerEventSamples.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(code);
    else res.writeHead(200, { 'content-type': 'text/html' }).end(page);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}/`;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
});

describe.skipIf(!hasChromium)('Pointer Events source in Chromium', () => {
  it('turns real pen pointer events into samples with pressure, tilt and position in the signing box', async () => {
    const page = await browser.newPage();
    await page.goto(base);
    await page.waitForFunction(() => (window as unknown as { ready?: boolean }).ready === true);
    const cdp = await page.context().newCDPSession(page);
    const pen = { pointerType: 'pen', button: 'left', tiltX: 20, tiltY: -10 } as const;
    await cdp.send('Input.dispatchMouseEvent', { type: 'mouseMoved', x: 100, y: 90, ...pen, button: 'none', buttons: 0, force: 0 });
    await cdp.send('Input.dispatchMouseEvent', { type: 'mousePressed', x: 100, y: 90, ...pen, buttons: 1, clickCount: 1, force: 0.5 });
    for (let i = 1; i <= 5; i++) {
      await cdp.send('Input.dispatchMouseEvent', { type: 'mouseMoved', x: 100 + i * 20, y: 90 + i * 5, ...pen, buttons: 1, force: 0.5 + i * 0.05 });
    }
    await cdp.send('Input.dispatchMouseEvent', { type: 'mouseReleased', x: 200, y: 115, ...pen, buttons: 0, clickCount: 1, force: 0 });
    await cdp.send('Input.dispatchMouseEvent', { type: 'mouseMoved', x: 210, y: 120, ...pen, button: 'none', buttons: 0, force: 0 });
    const samples = await page.evaluate(() => (window as unknown as { samples: PenSample[] }).samples);
    const down = samples.filter((s) => s.tip);
    expect(down.length).toBeGreaterThanOrEqual(5);
    // Position relative to the pad (client 100,90 → pad 50,50), normalised across it.
    expect(down[0]).toMatchObject({ x: 50, y: 50, nx: 0.125, ny: 0.25, inRange: true });
    expect(down[0].pressure).toBeCloseTo(0.5, 2);
    expect(down.at(-1)!.pressure).toBeCloseTo(0.75, 2);
    expect(down.every((s) => s.tiltX === 20 && s.tiltY === -10)).toBe(true);
    // The browser's own monotonic clock, rising.
    for (let i = 1; i < samples.length; i++) expect(samples[i].t).toBeGreaterThanOrEqual(samples[i - 1].t);
    // Hover before and after the stroke: in range, no tip, no pressure.
    expect(samples[0]).toMatchObject({ tip: false, pressure: 0 });
    expect(samples.at(-1)).toMatchObject({ tip: false, pressure: 0 });
    await page.close();
  });
});
