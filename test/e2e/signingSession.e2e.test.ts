import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium';
import { startStationProcess, type RunningStation } from '../support/stationProcess';
import {
  addDemoAndPrepare, customerState, expectAccessible, expectBothClean, hasCorpus, openWindows, prepare, readToEnd,
  scribble, sessionState, sharedPdf, shot, signIn, toSigning, mirrorState, pressDoneUntilTaken, type Windows,
  poll,
} from './deskDriver';

if (!hasCorpus) console.warn('skipped: the real PDF corpus (../shared/data/pdf-corpus) is absent; the tests that need it are skipped');

const run = promisify(execFile);

/**
 * Whole signings through the real renderer, the real contract binding (WebSocket) and the real
 * services (`station serve` as a child process), in Debian's Chromium. Every screen of both
 * windows is checked with axe-core and photographed for docs/screenshots/ on the way.
 */
describe('browser mode: complete signing sessions', () => {
  let station: RunningStation;
  let browser: Browser;
  let w: Windows;

  beforeAll(async () => {
    [station, browser] = await Promise.all([startStationProcess({ STATION_DESK_THANK_YOU_SECONDS: '2' }), launchChromium()]);
    w = await openWindows(browser, station);
  });

  afterAll(async () => {
    await w?.close();
    await browser?.close();
    const code = await station?.stop();
    expect(code).toBe(0);
  });

  it('demo document: sign-in, queue, prepare, read, consent, sign, seal, show, finish — every screen accessible', async () => {
    const { teller, customer } = w;
    await poll(() => teller.getByRole('heading', { name: /sign in/ }).count()).toBe(1);
    await expectAccessible(teller, 'teller sign-in');
    await shot(teller, 'teller-sign-in');
    await expectAccessible(customer, 'customer idle');
    await shot(customer, 'customer-idle');

    await signIn(teller);
    await teller.getByRole('button', { name: 'Add demo document' }).click();
    await poll(() => teller.getByLabel("Signer's full name").count()).toBe(1);
    // The checker defaults to the signed-in teller.
    expect(await teller.getByLabel('Checked by').inputValue()).toBe('demo');
    await expectAccessible(teller, 'teller queue and start form');
    await shot(teller, 'teller-queue-start');
    await prepare(teller);
    // Prepared is the teller's business only: the customer still sees the idle screen.
    expect(await customerState(customer)).toBe('idle');
    await expectAccessible(teller, 'teller prepared');
    await shot(teller, 'teller-prepared');
    await teller.getByRole('button', { name: 'Send to customer' }).click();

    await readToEnd(customer, 2);
    // The mirror follows the customer's page.
    await poll(() => teller.locator('.mirror [data-testid="page-indicator"]').getAttribute('data-page')).toBe('2');
    // No need to know how to scroll: big buttons turn the pages.
    await customer.locator('.pdf-pages').evaluate((el) => el.scrollTo(0, 0));
    await poll(() => customer.getByTestId('page-indicator').getAttribute('data-page')).toBe('1');
    await customer.getByRole('button', { name: /Next page/ }).click();
    await poll(() => customer.getByTestId('page-indicator').getAttribute('data-page')).toBe('2');
    // Nothing of the teller's side reaches the customer's screen (here: the identification record).
    expect(await customer.locator('body').textContent()).not.toMatch(/4821|national-id|checked by/i);
    // The customer always sees which document and whose signature.
    await poll(() => customer.getByTestId('who-banner').textContent()).toMatch(/Account opening agreement.*Astrid Lindqvist/);
    const pageWidth = () => customer.locator('.pdf-page canvas').first().evaluate((c) => c.getBoundingClientRect().width);
    const widthBefore = await pageWidth();
    await customer.getByRole('button', { name: 'Larger text' }).click();
    // The pages are drawn again, larger (not merely the label changed).
    await poll(pageWidth).toBeGreaterThan(widthBefore * 1.2);
    await poll(() => customer.getByRole('group', { name: /Text size 125%/ }).count()).toBe(1);
    await poll(() => teller.locator('.mirror .zoom-level').textContent()).toBe('125%');
    await poll(() => customer.locator('.pdf-pages').getAttribute('data-pages'), { timeout: 30_000 }).toBe('2');
    await expectAccessible(customer, 'customer reading');
    await customer.locator('.pdf-pages').evaluate((el) => el.scrollTo(0, 0));
    await shot(customer, 'customer-reading');
    await expectAccessible(teller, 'teller mirror reading');
    await shot(teller, 'teller-mirror-reading');
    await customer.locator('.pdf-pages').evaluate((el) => el.scrollTo(0, el.scrollHeight));

    await customer.getByRole('button', { name: 'Continue' }).click();
    await poll(() => customerState(customer)).toBe('consent');
    await expectAccessible(customer, 'customer consent');
    await shot(customer, 'customer-consent');
    await customer.getByRole('button', { name: /I agree/ }).click();
    await poll(() => customerState(customer)).toBe('signing');

    // "Done" with no ink: a gentle message in the customer's language, nothing sealed.
    await customer.getByRole('button', { name: 'Done' }).click();
    await poll(() => customer.getByText('Please sign in the box first.').count()).toBe(1);
    await scribble(customer);
    await poll(() => teller.locator('.mirror .ink-canvas').getAttribute('data-strokes')).toBe('3');
    await poll(() => customer.locator('.ink-canvas').getAttribute('data-strokes')).toBe('3');
    await customer.getByRole('button', { name: 'Clear' }).click();
    await poll(() => teller.locator('.mirror .ink-canvas').getAttribute('data-strokes')).toBe('0');
    await scribble(customer);
    await poll(() => teller.locator('.mirror .ink-canvas').getAttribute('data-strokes')).toBe('3');
    await expectAccessible(customer, 'customer signing');
    await shot(customer, 'customer-signing');
    await expectAccessible(teller, 'teller mirror signing');
    await shot(teller, 'teller-mirror-signing');

    await customer.getByRole('button', { name: 'Done' }).click();
    await poll(() => sessionState(teller), { timeout: 30_000 }).toBe('done');
    await poll(() => customer.getByRole('heading', { name: 'Thank you!' }).count()).toBe(1);
    await expectAccessible(customer, 'customer thank-you');
    await shot(customer, 'customer-thank-you');
    // The thank-you goes back to idle by itself (2 s here) while the teller still has the sealed copy.
    await poll(() => customerState(customer), { timeout: 15_000 }).toBe('idle');
    expect(await customer.getByText('Astrid Lindqvist').count()).toBe(0);
    await poll(() => mirrorState(teller)).toBe('idle');
    await poll(() => teller.locator('.queue-table tr[data-status="signed"]').textContent()).toMatch(/Signed.*waiting for sync/);

    await teller.getByRole('button', { name: 'Show signed PDF' }).click();
    const dialog = teller.getByRole('dialog');
    await poll(() => dialog.locator('.pdf-pages').getAttribute('data-pages'), { timeout: 30_000 }).toBe('2');
    expect(await dialog.getByRole('heading').textContent()).toBe('Account opening agreement (demo) (signed).pdf');
    await expectAccessible(teller, 'teller signed document');
    await shot(teller, 'teller-signed-document');
    // The customer's printed copy: only the signed pages, none of the teller's window (checked on
    // the PDF Chromium prints, with poppler's pdfinfo and pdftotext).
    const printed = join(mkdtempSync(join(tmpdir(), 'desk-print-')), 'copy.pdf');
    writeFileSync(printed, await teller.pdf({ format: 'A4' }));
    expect(Number(/Pages:\s+(\d+)/.exec((await run('pdfinfo', [printed])).stdout)?.[1])).toBeGreaterThanOrEqual(2);
    const printedText = (await run('pdftotext', [printed, '-'])).stdout;
    for (const tellerText of ['Queue', 'Signing Station', 'Customer screen', 'Lock']) expect(printedText).not.toContain(tellerText);
    await teller.keyboard.press('Escape');
    await poll(() => teller.getByRole('dialog').count()).toBe(0);
    await expectAccessible(teller, 'teller done');
    await shot(teller, 'teller-done');
    await teller.getByRole('button', { name: 'Finish' }).click();
    await expectBothClean(w);
    expect(w.errors).toEqual([]);
  }, 180_000); // nine screens, each checked with axe and photographed: past 60 s on the shared two-core machine under the full suite

  it.skipIf(!hasCorpus)('a PDF opened from a file (real Google Docs export from the corpus) is signed the same way; a non-PDF is refused in plain words', async () => {
    const { teller, customer } = w;
    await teller.getByTestId('pdf-file-input').setInputFiles(sharedPdf('malformed', 'qpdf_bad1_not-a-pdf.pdf'));
    await poll(() => teller.getByRole('alert').textContent()).toContain('not a readable PDF');
    await teller.getByTestId('pdf-file-input').setInputFiles(sharedPdf('ordinary', 'sample_google-doc-document.pdf'));
    await poll(() => teller.locator('.queue-table tr[data-status="waiting"]').textContent()).toMatch(/PDF Example Document.*File/); // the PDF's own /Title, not the file name
    await prepare(teller, 'Jonas Petraitis');
    await teller.getByRole('button', { name: 'Send to customer' }).click();
    const pages = Number(await teller.locator('.session-facts dd').last().textContent());
    await toSigning(customer, pages);
    await scribble(customer, 2);
    await poll(() => teller.locator('.mirror .ink-canvas').getAttribute('data-strokes')).toBe('2');
    await customer.getByRole('button', { name: 'Done' }).click();
    await poll(() => sessionState(teller), { timeout: 30_000 }).toBe('done');
    await teller.getByRole('button', { name: 'Finish' }).click();
    await expectBothClean(w);
    expect(w.errors).toEqual([]);
  });

  it('the teller window works with the keyboard alone, from the queue to a sealed document', async () => {
    const { teller, customer } = w;
    const focusOn = async (name: RegExp, max = 60) => {
      for (let i = 0; i < max; i++) {
        await teller.keyboard.press('Tab');
        const label = await teller.evaluate(() => {
          const el = document.activeElement as HTMLElement | null;
          return el ? `${el.getAttribute('aria-label') ?? ''} ${el.textContent ?? ''} ${(el as HTMLInputElement).labels?.[0]?.textContent ?? ''}` : '';
        });
        if (name.test(label)) return;
      }
      throw new Error(`keyboard focus never reached ${name}`);
    };
    await teller.locator('body').click({ position: { x: 5, y: 400 } });
    await focusOn(/Add demo document/);
    await teller.keyboard.press('Enter');
    // The new request is selected and its form takes the focus.
    await poll(() => teller.evaluate(() => (document.activeElement as HTMLInputElement | null)?.labels?.[0]?.textContent ?? '')).toContain("Signer's full name");
    await teller.keyboard.type('Kerstin Åberg');
    await focusOn(/Last digits/);
    await teller.keyboard.type('77k1');
    await focusOn(/Prepare signing/);
    await teller.keyboard.press('Enter');
    await poll(() => sessionState(teller)).toBe('prepared');
    await focusOn(/Send to customer/);
    await teller.keyboard.press('Enter');
    await toSigning(customer, 2);
    await focusOn(/Sign with simulated pen/);
    await teller.keyboard.press('Enter');
    await poll(() => customer.locator('.ink-canvas').getAttribute('data-strokes')).toBe('1');
    await pressDoneUntilTaken(w);
    await poll(() => sessionState(teller), { timeout: 30_000 }).toBe('done');
    await focusOn(/^\s*Finish/);
    await teller.keyboard.press('Enter');
    await expectBothClean(w);
    expect(w.errors).toEqual([]);
  });
});
