import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium';
import { startStationProcess, type RunningStation } from '../support/stationProcess';
import {
  addDemoAndPrepare, customerState, expectAccessible, expectBothClean, mirrorState, openWindows, readToEnd, scribble,
  sessionState, shot, signIn, type Windows,
  poll,
} from './deskDriver';

/** The teller discards the document with a reason from the discard form. */
async function tellerCancels(teller: Page, reason: string) {
  await teller.getByRole('button', { name: 'Discard document…' }).click();
  await teller.getByLabel('Reason', { exact: true }).selectOption(reason);
  await teller.getByRole('button', { name: 'Discard document', exact: true }).click();
}

/** The customer's "Yes, stop" stops the attempt: their screen is clean, the document stays prepared with the teller. */
async function expectAttemptStopped(w: Windows) {
  await poll(() => customerState(w.customer)).toBe('idle');
  await poll(() => sessionState(w.teller)).toBe('prepared');
  await poll(() => mirrorState(w.teller)).toBe('idle');
  expect(await w.customer.locator('.pdf-pages, .ink-canvas, [data-testid="signature-box"]').count()).toBe(0);
}

async function sendAndReach(w: Windows, step: 'reading' | 'consent' | 'signing', kept?: 'prepared') {
  // After a stopped attempt the document is still prepared: it is sent again, not added again.
  if (kept !== 'prepared') await addDemoAndPrepare(w.teller);
  await w.teller.getByRole('button', { name: 'Send to customer' }).click();
  await readToEnd(w.customer, 2);
  if (step === 'reading') return;
  await w.customer.getByRole('button', { name: 'Continue' }).click();
  await poll(() => customerState(w.customer)).toBe('consent');
  if (step === 'consent') return;
  await w.customer.getByRole('button', { name: /I agree/ }).click();
  await poll(() => customerState(w.customer)).toBe('signing');
}

describe('browser mode: cancel at every step, language, lock', () => {
  let station: RunningStation;
  let browser: Browser;
  let w: Windows;

  beforeAll(async () => {
    [station, browser] = await Promise.all([startStationProcess(), launchChromium()]);
    w = await openWindows(browser, station);
    await signIn(w.teller);
  });

  // Each test starts from a clean, signed-in desk even if the one before failed half-way.
  afterEach(async () => {
    if (!w) return;
    if (await w.teller.getByRole('heading', { name: 'Teller window locked' }).count()) await signIn(w.teller);
    const state = await sessionState(w.teller).catch(() => null);
    if (state && ['prepared', 'reading', 'consent', 'signing'].includes(state)) await tellerCancels(w.teller, 'Technical problem');
    if (state === 'done') await w.teller.getByRole('button', { name: 'Finish' }).click();
  });

  afterAll(async () => {
    if (process.env.E2E_DEBUG_DIR) console.log(readFileSync(join(station.storageDir, 'logs', 'station.log'), 'utf8'));
    await w?.close();
    await browser?.close();
    const code = await station?.stop();
    expect(code).toBe(0);
  });

  it('the teller cancels while prepared, reading, at the notice and mid-signature: both screens clean, the reason shown', async () => {
    const { teller, customer } = w;
    await addDemoAndPrepare(teller);
    await tellerCancels(teller, 'Wrong document');
    await expectBothClean(w);
    await poll(() => teller.getByText(/Last document discarded at the desk: Wrong document/).count()).toBe(1);

    await sendAndReach(w, 'reading');
    await tellerCancels(teller, 'Wrong document');
    await expectBothClean(w);

    await sendAndReach(w, 'consent');
    await tellerCancels(teller, 'The customer left');
    await expectBothClean(w);

    await sendAndReach(w, 'signing');
    await scribble(customer);
    await poll(() => teller.locator('.mirror .ink-canvas').getAttribute('data-strokes')).toBe('3');
    // Either window reloading mid-signature comes back with the same ink the station holds.
    await teller.reload();
    await poll(() => teller.locator('.mirror .ink-canvas').getAttribute('data-strokes')).toBe('3');
    await customer.reload();
    await poll(() => customer.locator('.ink-canvas').getAttribute('data-strokes')).toBe('3');
    await teller.getByRole('button', { name: 'Discard document…' }).click();
    await teller.getByLabel('Reason', { exact: true }).selectOption({ label: 'Other…' });
    await teller.getByLabel('Other reason').fill('Fire alarm');
    await expectAccessible(teller, 'teller cancel form');
    await shot(teller, 'teller-cancel');
    await teller.getByRole('button', { name: 'Discard document', exact: true }).click();
    await expectBothClean(w);
    await poll(() => teller.getByText(/discarded at the desk: Fire alarm/).count()).toBe(1);
    // The cancelled requests are gone from the queue, not merely hidden.
    expect(await teller.locator('.queue-table tbody tr').count()).toBe(0);
    expect(w.errors).toEqual([]);
  });

  it('the customer stops while reading or declines the notice; the teller takes back mid-signature', async () => {
    const { teller, customer } = w;
    await sendAndReach(w, 'reading');
    await customer.getByRole('button', { name: 'Stop' }).click();
    await poll(() => customer.getByText('Stop and leave without signing?').count()).toBe(1);
    await expectAccessible(customer, 'customer stop question');
    await shot(customer, 'customer-stop-question');
    await customer.getByRole('button', { name: 'No, go back' }).click();
    expect(await customerState(customer)).toBe('reading');
    await customer.getByRole('button', { name: 'Stop' }).click();
    await customer.getByRole('button', { name: 'Yes, stop' }).click();
    await expectAttemptStopped(w);

    await sendAndReach(w, 'consent', 'prepared');
    await customer.getByRole('button', { name: 'I do not agree' }).click();
    await customer.getByRole('button', { name: 'Yes, stop' }).click();
    await expectAttemptStopped(w);

    await tellerCancels(teller, 'The customer changed their mind');
    await expectBothClean(w);
    await sendAndReach(w, 'signing');
    await scribble(customer, 1);
    await teller.getByRole('button', { name: 'Take back' }).click();
    // Back on the teller's side: the customer sees idle, the ink is gone from both windows.
    await poll(() => customerState(customer)).toBe('idle');
    await poll(() => sessionState(teller)).toBe('prepared');
    await poll(() => mirrorState(teller)).toBe('idle');
    expect(await customer.locator('.ink-canvas').count()).toBe(0);
    await teller.getByRole('button', { name: 'Send to customer' }).click();
    await readToEnd(customer, 2);
    await customer.getByRole('button', { name: 'Continue' }).click();
    await customer.getByRole('button', { name: /I agree/ }).click();
    await poll(() => customer.locator('.ink-canvas').getAttribute('data-strokes')).toBe('0');
    await tellerCancels(teller, 'Technical problem');
    await expectBothClean(w);
    expect(w.errors).toEqual([]);
  });

  it('the customer switches language with one tap on every step; the mirror follows; the next customer starts in the default', async () => {
    const { teller, customer } = w;
    await customer.getByRole('button', { name: 'Svenska' }).click();
    await poll(() => customer.getByRole('heading', { name: 'Välkommen' }).count()).toBe(1);
    await shot(customer, 'customer-idle-sv');
    await addDemoAndPrepare(teller);
    await teller.getByRole('button', { name: 'Send to customer' }).click();
    await readToEnd(customer, 2);
    await poll(() => customer.getByTestId('page-indicator').textContent()).toContain('Sida 2 av 2');
    await customer.getByRole('button', { name: 'Fortsätt' }).click();
    await poll(() => customer.getByRole('heading', { name: 'Innan du skriver under' }).count()).toBe(1);
    await poll(() => teller.locator('.mirror .customer-screen').getAttribute('data-language')).toBe('sv');
    await expectAccessible(customer, 'customer consent (sv)');
    await shot(customer, 'customer-consent-sv');
    for (const [button, heading] of [['Lietuvių', 'Prieš pasirašydami'], ['Deutsch', 'Bevor Sie unterschreiben'], ['English', 'Before you sign']]) {
      await customer.getByRole('button', { name: button }).click();
      await poll(() => customer.getByRole('heading', { name: heading }).count()).toBe(1);
      expect(await customer.locator('.customer-screen').getAttribute('lang')).toBe({ Lietuvių: 'lt', Deutsch: 'de', English: 'en' }[button]);
    }
    // The teller can set it from the desk too (a customer who does not read the current language).
    await teller.getByLabel("Customer's language").selectOption('de');
    await poll(() => customer.getByRole('heading', { name: 'Bevor Sie unterschreiben' }).count()).toBe(1);
    await customer.getByRole('button', { name: /Ich stimme zu/ }).click();
    await poll(() => customer.getByRole('heading', { name: 'Bitte unterschreiben Sie im Feld' }).count()).toBe(1);
    await poll(() => customer.getByTestId('who-banner').textContent()).toContain('Unterzeichnende Person');
    await expectAccessible(customer, 'customer signing (de)');
    await tellerCancels(teller, 'The customer changed their mind');
    await expectBothClean(w);
    await poll(() => customer.getByRole('heading', { name: 'Welcome' }).count()).toBe(1);
    expect(w.errors).toEqual([]);
  });

  it('the lock screen hides the desk, keeps the customer going, refuses a wrong PIN and unlocks', async () => {
    const { teller, customer } = w;
    await sendAndReach(w, 'reading');
    await teller.getByRole('button', { name: 'Lock' }).click();
    await poll(() => teller.getByRole('heading', { name: 'Teller window locked' }).count()).toBe(1);
    expect(await teller.getByText('Account opening agreement').count()).toBe(0);
    expect(await teller.locator('.mirror, .queue').count()).toBe(0);
    await expectAccessible(teller, 'teller lock screen');
    await shot(teller, 'teller-locked');
    // The customer is not interrupted by the teller's lock.
    await customer.getByRole('button', { name: 'Continue' }).click();
    await poll(() => customerState(customer)).toBe('consent');

    await teller.getByLabel('PIN or password').fill('9999');
    await teller.getByRole('button', { name: 'Unlock' }).click();
    await poll(() => teller.getByRole('alert').textContent()).toContain('do not match');
    expect(await teller.locator('.queue').count()).toBe(0);
    await teller.getByLabel('PIN or password').fill('1234');
    await teller.getByRole('button', { name: 'Unlock' }).click();
    await poll(() => sessionState(teller)).toBe('consent');

    // Ctrl+L locks from the keyboard too; a reload cannot skip the lock (it is kept by the services).
    await teller.keyboard.press('Control+l');
    await poll(() => teller.getByRole('heading', { name: 'Teller window locked' }).count()).toBe(1);
    await teller.reload();
    await poll(() => teller.getByRole('heading', { name: 'Teller window locked' }).count()).toBe(1);
    await signIn(teller);
    await tellerCancels(teller, 'Wrong document');
    await expectBothClean(w);
    expect(w.errors).toEqual([]);
  });
});

describe('browser mode: the teller window locks itself after inactivity', () => {
  it('locks after the configured time without the teller (here 3 s) and says whose work is behind it', async () => {
    const [station, browser] = await Promise.all([startStationProcess({ STATION_DESK_LOCK_AFTER_MINUTES: '0.05' }), launchChromium()]);
    try {
      const w = await openWindows(browser, station);
      await signIn(w.teller);
      await poll(() => w.teller.getByRole('heading', { name: 'Teller window locked' }).count(), { timeout: 20_000 }).toBe(1);
      expect(await w.teller.getByText('Locked while demo was signed in').count()).toBe(1);
      await w.close();
    } finally {
      await browser.close();
      expect(await station.stop()).toBe(0);
    }
  });
});

describe('browser mode: a customer screen left alone', () => {
  it('cancels the signing by itself (here after 9 s): both screens clean, the teller told why', async () => {
    const [station, browser] = await Promise.all([startStationProcess({ STATION_DESK_CUSTOMER_TIMEOUT_MINUTES: '0.15' }), launchChromium()]);
    try {
      const w = await openWindows(browser, station);
      await signIn(w.teller);
      await sendAndReach(w, 'consent');
      // Nobody touches the customer's screen now.
      await poll(() => customerState(w.customer), { timeout: 30_000 }).toBe('idle');
      await expectBothClean(w);
      await poll(() => w.teller.getByText(/discarded after no activity on the customer screen/).count()).toBe(1);
      expect(w.errors).toEqual([]);
      await w.close();
    } finally {
      await browser.close();
      expect(await station.stop()).toBe(0);
    }
  });
});
