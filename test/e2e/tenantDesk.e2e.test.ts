import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium';
import { addAccountsWithCli, startStationProcess, type RunningStation } from '../support/stationProcess';
import { addDemoAndPrepare, customerState, expectAccessible, expectBothClean, openWindows, poll, readToEnd, shot, type Windows } from './deskDriver';

async function signInAs(teller: Page, username: string, secret: string) {
  await teller.getByLabel('User name').fill(username);
  await teller.getByLabel('PIN or password').fill(secret);
  await teller.getByRole('button', { name: /^(Sign in|Unlock)$/ }).click();
  // The attempt is over when the form has gone (signed in) or has emptied the secret field (refused).
  await poll(async () => (await teller.getByLabel('PIN or password').count()) === 0 || (await teller.getByLabel('PIN or password').inputValue()) === '').toBe(true);
}

/**
 * The sign-in screen on the station's real teller accounts (main/accounts in the vault), made the
 * way an administrator makes them (`station user add`): roles decide what the desk offers, the
 * demo teller is gone once real accounts exist, and failed attempts are throttled.
 */
describe('browser mode: a tenant station with real teller accounts, its own branding and privacy notice', () => {
  let station: RunningStation;
  let browser: Browser;
  let w: Windows;
  let storageDir: string;

  beforeAll(async () => {
    storageDir = mkdtempSync(join(tmpdir(), 'station-e2e-accounts-'));
    await addAccountsWithCli(storageDir, { username: 'ada', password: 'correct horse battery staple' }, [{ username: 'tove', pin: '482913' }]);
    // The tenant's own branding and GDPR Art. 13 notice (English and Swedish; other languages fall back to English).
    writeFileSync(join(storageDir, 'logo.svg'), '<svg xmlns="http://www.w3.org/2000/svg" width="240" height="60"><rect width="240" height="60" fill="#0b4f9c"/><text x="20" y="40" fill="#fff" font-size="28">Example</text></svg>');
    writeFileSync(join(storageDir, 'notice.json'), JSON.stringify({
      en: { title: 'How Example Bank uses your signature', body: 'Example Bank AB (controller, privacy@example.test) records your signature and the pen data.\n\nWe keep them 10 years. You may ask for access or erasure.' },
      sv: { title: 'Så använder Example Bank din namnteckning', body: 'Example Bank AB (personuppgiftsansvarig) registrerar din namnteckning och pennans data.\n\nVi sparar dem i 10 år.' },
    }));
    [station_, browser] = await Promise.all([
      startStationProcess({
        STATION_STORAGE_DIR: storageDir,
        STATION_DESK_BRAND_NAME: 'Example Bank',
        STATION_DESK_BRAND_LOGO: join(storageDir, 'logo.svg'),
        STATION_DESK_CONSENT_NOTICE: join(storageDir, 'notice.json'),
      }),
      launchChromium(),
    ]);
    w = await openWindows(browser, station_);
  });
  let station_: RunningStation;

  afterAll(async () => {
    await w?.close();
    await browser?.close();
    expect(await station_?.stop()).toBe(0);
    rmSync(storageDir, { recursive: true, force: true });
  });

  it('the demo teller is gone once real accounts exist; a teller gets the desk, an administrator only the queue', async () => {
    const { teller } = w;
    await teller.getByRole('heading', { name: /sign in/ }).waitFor();
    expect(await teller.getByText(/Demo station/).count()).toBe(0);
    await signInAs(teller, 'demo', '1234');
    await poll(() => teller.getByRole('alert').textContent()).toContain('do not match');

    await signInAs(teller, 'tove', '482913');
    await teller.getByRole('heading', { name: 'Queue' }).waitFor();
    expect(await teller.getByText('tove (teller)').count()).toBe(1);
    expect(await teller.getByRole('button', { name: 'Add demo document' }).count()).toBe(1);
    await teller.getByRole('button', { name: 'Sign out' }).click();

    await signInAs(teller, 'ada', 'correct horse battery staple');
    await teller.getByRole('heading', { name: 'Queue' }).waitFor();
    expect(await teller.getByText('ada (administrator)').count()).toBe(1);
    expect(await teller.getByRole('button', { name: /Add demo document|Open PDF/ }).count()).toBe(0);
    expect(await teller.locator('.mirror').count()).toBe(0);
    await expectAccessible(teller, 'administrator desk');
    await teller.getByRole('button', { name: 'Sign out' }).click();
  });

  it("shows the tenant's branding and its own privacy notice per language, and a gentle message when the pen leaves the box", async () => {
    const { teller, customer } = w;
    expect(await customer.locator('img.brand-logo').getAttribute('src')).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(await customer.locator('.brand-name').textContent()).toBe('Example Bank');
    await shot(customer, 'customer-idle-branded');
    await signInAs(teller, 'tove', '482913');
    await teller.getByRole('heading', { name: 'Queue' }).waitFor();
    await addDemoAndPrepare(teller, 'Maja Lind');
    await teller.getByRole('button', { name: 'Send to customer' }).click();
    await readToEnd(customer, 2);
    await customer.getByRole('button', { name: 'Continue' }).click();
    await poll(() => customer.getByRole('heading', { name: 'How Example Bank uses your signature' }).count()).toBe(1);
    expect(await customer.getByText('Example Bank AB (controller, privacy@example.test)').count()).toBe(1);
    await customer.getByRole('button', { name: 'Svenska' }).click();
    await poll(() => customer.getByRole('heading', { name: 'Så använder Example Bank din namnteckning' }).count()).toBe(1);
    // German has no tenant text: the tenant's English notice, never a generic one.
    await customer.getByRole('button', { name: 'Deutsch' }).click();
    await poll(() => customer.getByRole('heading', { name: 'How Example Bank uses your signature' }).count()).toBe(1);
    await customer.getByRole('button', { name: 'English' }).click();
    await customer.getByRole('button', { name: /I agree/ }).click();
    await poll(() => customerState(customer)).toBe('signing');
    const box = (await customer.getByTestId('signature-box').boundingBox())!;
    await customer.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.5);
    await customer.mouse.down();
    for (let i = 1; i <= 20; i++) await customer.mouse.move(box.x + box.width * (0.5 + i * 0.05), box.y + box.height * 0.5);
    await poll(() => customer.getByText('Please keep the pen inside the box.').count()).toBe(1);
    await customer.mouse.up();
    await expectAccessible(customer, 'customer signing with a notice');
    await shot(customer, 'customer-signing-notice');
    await teller.getByRole('button', { name: 'Discard document…' }).click();
    await teller.getByLabel('Reason', { exact: true }).selectOption('Technical problem');
    await teller.getByRole('button', { name: 'Discard document', exact: true }).click();
    await expectBothClean(w);
    await teller.getByRole('button', { name: 'Sign out' }).click();
  });

  it('throttles repeated wrong PINs with a plain message', async () => {
    const { teller } = w;
    for (let i = 0; i < 6; i++) await signInAs(teller, 'tove', '000000');
    await poll(() => teller.getByRole('alert').textContent()).toMatch(/Too many attempts\. Try again in \d+ seconds\./);
  });
});
