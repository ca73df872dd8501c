import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium';
import { startStationProcess, type RunningStation } from '../support/stationProcess';
import {
  addDemoAndPrepare, customerState, expectAccessible, hasCorpus, openWindows, poll, prepare, sessionState, sharedPdf, shot, signIn, type Windows,
} from './deskDriver';
import { installFakeWebHid, penPartnerCapture } from './fakeWebHid';

const capture = penPartnerCapture();

/** The teller discards the open document with a reason. */
async function discard(w: Windows, reason: string) {
  await w.teller.getByRole('button', { name: 'Discard document…' }).click();
  await w.teller.getByLabel('Reason', { exact: true }).selectOption(reason);
  await w.teller.getByRole('button', { name: 'Discard document', exact: true }).click();
  await poll(() => sessionState(w.teller)).toBe('idle');
}

/**
 * The desk after the station stopped with a document on the customer's screen (it comes back
 * marked interrupted, and the teller is told), the customer's "No pen was chosen" not outliving
 * its customer, the favicon, and a queue of long titles that stays inside its card.
 */
describe.skipIf(!capture)('browser mode: the desk after a restart, the pen notice, the favicon, the queue card', () => {
  const storageDir = mkdtempSync(join(tmpdir(), 'station-e2e-restart-'));
  const env = { STATION_STORAGE_DIR: storageDir, STATION_CONFIG: join(storageDir, 'none.json'), STATION_DESK_THANK_YOU_SECONDS: '2' };
  let station: RunningStation;
  let browser: Browser;
  let w: Windows;

  beforeAll(async () => {
    browser = await launchChromium();
  });

  afterAll(async () => {
    await w?.close();
    await browser?.close();
    expect(await station?.stop()).toBe(0);
    rmSync(storageDir, { recursive: true, force: true });
  });

  it('the document on screen when the station stopped is back in the queue, marked interrupted in its row and when opened', async () => {
    // The first run: a document is on the customer's screen when the station stops.
    const first = await startStationProcess(env);
    const before = await openWindows(browser, first);
    try {
      await signIn(before.teller);
      await addDemoAndPrepare(before.teller);
      await before.teller.getByRole('button', { name: 'Send to customer' }).click();
      await poll(() => customerState(before.customer)).toBe('reading');
    } finally {
      await before.close();
      expect(await first.stop()).toBe(0);
    }

    station = await startStationProcess(env);
    w = await openWindows(browser, station, ({ customer }) => installFakeWebHid(customer, capture!.device));
    await signIn(w.teller);
    const { teller } = w;
    const row = teller.locator('.queue-table tr[data-interrupted="true"]');
    await poll(() => row.count(), { timeout: 30_000 }).toBe(1);
    expect(await row.getByTestId('row-interrupted').textContent()).toBe('It was on the customer screen when the station stopped');
    expect(await row.locator('.badge.interrupted').textContent()).toBe('Interrupted');
    await teller.getByRole('button', { name: 'Start signing: Account opening agreement (demo)' }).click();
    await poll(() => teller.getByTestId('interrupted-open').textContent()).toContain('was on the customer screen when the station stopped');
    await expectAccessible(teller, 'teller interrupted request');
    await shot(teller, 'teller-interrupted');
    await prepare(teller);
    // Prepared again, it is no longer marked.
    await poll(() => row.count()).toBe(0);
    await discard(w, 'Technical problem');
    expect(w.errors).toEqual([]);
  }, 180_000);

  it('"No pen was chosen" answers one customer: the next one does not see it', async () => {
    const { teller, customer } = w;
    // Nothing to choose: the chooser comes back empty.
    await customer.evaluate(() => (window as unknown as { fakeHid: { unplug(): void } }).fakeHid.unplug());
    await customer.getByRole('button', { name: 'Connect pen' }).click();
    const notice = customer.getByText('No pen was chosen.', { exact: false });
    await poll(() => notice.count()).toBe(1);
    // The next customer's document arrives: the old notice is gone.
    await addDemoAndPrepare(teller, 'Jonas Petraitis');
    await teller.getByRole('button', { name: 'Send to customer' }).click();
    await poll(() => customerState(customer)).toBe('reading');
    await poll(() => notice.count()).toBe(0);
    await discard(w, 'Technical problem');
    await poll(() => customerState(customer)).toBe('idle');
    expect(await notice.count()).toBe(0);
    expect(w.errors).toEqual([]);
  }, 180_000);

  it('the favicon is served (the page\'s own link and the browser\'s /favicon.ico)', async () => {
    const href = await w.teller.evaluate(() => document.querySelector<HTMLLinkElement>('link[rel="icon"]')?.href);
    expect(href).toMatch(/\/favicon\.svg$/);
    for (const url of [href!, new URL('/favicon.ico', station.tellerUrl).href]) {
      const res = await fetch(url);
      expect(res.status, url).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/svg+xml');
      expect(await res.text()).toContain('<svg');
    }
  });

  it.skipIf(!hasCorpus)('a queue of long titles stays inside its card, in English and German', async () => {
    const { teller } = w;
    const pdf = readFileSync(sharedPdf('ordinary', 'sample_pdflatex-outline.pdf'));
    for (const name of ['Kontoeröffnungsvereinbarungsunterlagen_Gemeinschaftskonto_Zusatzvereinbarung_2026.pdf', 'Darlehensvertrag mit Sicherungsabtretung und Bürgschaftserklärung.pdf']) {
      await teller.getByTestId('pdf-file-input').setInputFiles({ name, mimeType: 'application/pdf', buffer: pdf });
      await teller.getByRole('button', { name: 'Close', exact: true }).click();
    }
    await teller.getByRole('button', { name: 'Add demo package' }).click();
    await teller.getByRole('button', { name: 'Close', exact: true }).click();
    await poll(() => teller.locator('.queue-table tbody tr').count()).toBe(4);
    const inside = () => teller.evaluate(() => {
      const card = document.querySelector('.queue')!.getBoundingClientRect();
      const table = document.querySelector('.queue-table')!.getBoundingClientRect();
      const cells = [...document.querySelectorAll('.queue-table th, .queue-table td')].map((c) => c.getBoundingClientRect());
      return { card: card.right, table: table.right, widestCell: Math.max(...cells.map((c) => c.right)), page: document.documentElement.scrollWidth, window: window.innerWidth };
    });
    const expectInside = async () => {
      const r = await inside();
      expect(r.table, JSON.stringify(r)).toBeLessThanOrEqual(r.card + 0.5);
      expect(r.widestCell, JSON.stringify(r)).toBeLessThanOrEqual(r.card + 0.5);
      expect(r.page, JSON.stringify(r)).toBeLessThanOrEqual(r.window);
    };
    await shot(teller, 'teller-queue-long-titles');
    await expectInside();
    await teller.getByLabel('Desk language').selectOption('de');
    await poll(() => teller.getByRole('heading', { name: 'Warteschlange' }).count()).toBe(1);
    await shot(teller, 'teller-de-queue-long-titles');
    await expectInside();
    await teller.getByLabel('Sprache des Arbeitsplatzes').selectOption('en');
    await poll(() => teller.getByRole('heading', { name: 'Queue' }).count()).toBe(1);
    expect(w.errors).toEqual([]);
  }, 120_000);
});
