import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium';
import { mountSmallDisk } from '../support/smallDisk';
import { startStationProcess, type RunningStation } from '../support/stationProcess';
import { addDemoAndPrepare, customerState, openWindows, poll, scribble, sessionState, shot, signIn, toSigning, type Windows } from './deskDriver';
import { tellerMessages } from '../../renderer/i18n/tellerMessages';

/**
 * A full disk in both real windows: `station serve` with its storage folder on a 12 MB tmpfs, filled
 * while the customer signs. The teller reads which folder, how much and what to do; the customer
 * is told gently to wait (in their language); the ink stays; Done after freeing space seals and
 * queues the same signing. The health bar shows the storage state.
 */
const { disk, skipReason } = mountSmallDisk(12);
if (skipReason) console.warn(`diskFull.e2e: ${skipReason}`);

describe.skipIf(!disk)('browser mode: a full disk mid-signature (real tmpfs)', () => {
  let browser: Browser;
  let station: RunningStation;
  let w: Windows;

  beforeAll(async () => {
    browser = await launchChromium();
    station = await startStationProcess({ STATION_STORAGE_DIR: join(disk!.dir, 'station'), STATION_STORAGE_FREE_SPACE_MARGIN_MB: '6' });
    w = await openWindows(browser, station);
  });
  afterAll(async () => {
    await w?.close();
    await browser?.close();
    disk?.release();
    expect(await station?.stop()).toBe(0);
    disk?.unmount();
  });

  it('tells the teller and the customer, keeps the ink, and Done after freeing space completes the signing', async () => {
    await signIn(w.teller);
    await poll(() => w.teller.getByTestId('health-storage').textContent(), { timeout: 30_000 }).toMatch(/^Storage: .* free$/);
    await addDemoAndPrepare(w.teller);
    await w.teller.getByRole('button', { name: 'Send to customer' }).click();
    await toSigning(w.customer, 2);
    await scribble(w.customer, 2);
    disk!.fill();
    await w.customer.getByRole('button', { name: 'Done' }).click();
    await poll(() => w.customer.getByRole('status').first().textContent()).toBe('Your signature is safe on this screen. Saving has to wait a moment — please wait for your adviser.');
    // In the desk's words; the technical cause (how much is free, how much is needed) is on hover and in the log.
    const problem = w.teller.getByText(tellerMessages.en.sealingDiskFull, { exact: true });
    await poll(() => problem.count(), { timeout: 30_000 }).toBe(1);
    expect(await problem.getAttribute('title')).toMatch(/^No space left in the storage folder .*: .* free, about .* needed\./);
    await poll(() => w.teller.getByTestId('health-storage').textContent(), { timeout: 30_000 }).toMatch(/^Storage full: /);
    expect(await customerState(w.customer)).toBe('signing');
    expect(await w.customer.locator('.ink-canvas').count()).toBe(1);
    await shot(w.teller, 'teller-disk-full');
    await shot(w.customer, 'customer-disk-full');

    disk!.release();
    await w.customer.getByRole('button', { name: 'Done' }).click();
    await poll(() => sessionState(w.teller), { timeout: 30_000 }).toBe('done');
    await poll(() => w.teller.getByTestId('health-storage').textContent(), { timeout: 30_000 }).toMatch(/^Storage: .* free$/);
    expect(w.errors).toEqual([]);
  });
});
