import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium';
import { startStationProcess, type RunningStation } from '../support/stationProcess';

const screenshots = resolve(import.meta.dirname, '..', '..', 'docs', 'screenshots');

/** Draws a signature-like scribble with real pointer input (mouse down, many moves, up). */
async function scribble(page: Page, selector: string) {
  const box = (await page.locator(selector).boundingBox())!;
  const strokes = 3;
  for (let s = 0; s < strokes; s++) {
    const x0 = box.x + box.width * (0.1 + 0.28 * s);
    const y0 = box.y + box.height * 0.55;
    await page.mouse.move(x0, y0);
    await page.mouse.down();
    for (let i = 1; i <= 30; i++) {
      await page.mouse.move(x0 + (box.width * 0.22 * i) / 30, y0 - Math.sin((i / 30) * Math.PI * 3) * box.height * 0.25, { steps: 2 });
    }
    await page.mouse.up();
  }
}

describe('browser mode: a whole signing through the real renderer, contract and services', () => {
  let station: RunningStation;
  let browser: Browser;

  beforeAll(async () => {
    station = await startStationProcess();
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    const code = await station?.stop();
    expect(code).toBe(0);
  });

  it('signs the demo document with pointer input and the teller mirror follows', async () => {
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    const teller = await context.newPage();
    const customer = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    const errors: string[] = [];
    for (const p of [teller, customer]) p.on('pageerror', (e) => errors.push(e.message));

    await teller.goto(station.tellerUrl);
    await customer.goto(station.customerUrl);
    await expect.poll(() => customer.locator('[data-state="idle"]').count()).toBeGreaterThan(0);

    await teller.getByRole('button', { name: 'Add demo document' }).click();
    await teller.getByLabel("Signer's full name").fill('Astrid Lindqvist');
    await teller.getByRole('button', { name: 'Prepare signing' }).click();
    await teller.getByRole('button', { name: 'Send to customer' }).click();

    // The customer reads the document (pdf.js renders both pages) and goes on.
    await expect.poll(() => customer.locator('.pdf-pages').getAttribute('data-pages'), { timeout: 20_000 }).toBe('2');
    await customer.locator('.pdf-pages').evaluate((el) => el.scrollTo(0, el.scrollHeight));
    await customer.getByRole('button', { name: 'Continue' }).click();
    await customer.getByRole('button', { name: /I agree/ }).click();
    await expect.poll(() => customer.locator('[data-state="signing"]').count()).toBe(1);

    await scribble(customer, '[data-testid="signature-box"]');
    // The mirror draws the same ink as the customer's screen.
    await expect.poll(() => teller.locator('.mirror .ink-canvas').getAttribute('data-strokes')).toBe('3');
    await expect.poll(() => customer.locator('.ink-canvas').getAttribute('data-strokes')).toBe('3');

    mkdirSync(screenshots, { recursive: true });
    await teller.screenshot({ path: join(screenshots, 'teller-mirror-signing.png') });
    await customer.screenshot({ path: join(screenshots, 'customer-signing.png') });

    await customer.getByRole('button', { name: 'Done' }).click();
    await expect.poll(() => teller.locator('.session-state').getAttribute('data-state'), { timeout: 30_000 }).toBe('done');
    await expect.poll(() => customer.getByText('Thank you!').count()).toBe(1);
    expect(errors).toEqual([]);
  });
});
