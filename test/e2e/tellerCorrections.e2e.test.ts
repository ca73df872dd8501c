import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdfsig } from '../support/documentTestKit';
import {
  addDemoAndPrepare, customerState, expectAccessible, expectBothClean, mirrorState, openSignedInDesk, poll, prepare, scribble,
  sessionState, shot, toSigning, type SignedInDesk,
} from './deskDriver';

/** Where an element sits in the window, without scrolling anything into view. */
const rectOf = (page: Page, selector: string) => page.locator(selector).first().evaluate((el) => {
  const r = el.getBoundingClientRect();
  return { top: r.top, bottom: r.bottom, left: r.left, right: r.right, viewport: window.innerHeight, scrollY: window.scrollY };
});

/**
 * The teller corrects a signing without losing the document: stops the attempt (ink and samples
 * gone, the document still prepared), corrects the signer, puts it back in the queue, discards it
 * only with a reason chosen in a form that opens empty; after signing saves the sealed PDF and
 * sees it at the signature's page.
 */
describe('browser mode: the teller corrects a signing, saves the sealed copy', () => {
  let desk: SignedInDesk;

  beforeAll(async () => {
    desk = await openSignedInDesk();
  });

  afterAll(async () => {
    expect(await desk?.close()).toBe(0);
  });

  it('"Prepare signing" is in the first screen at 1400×1000; stop keeps the document and says so; the signer is corrected', async () => {
    const { teller, customer } = desk.w;
    await teller.getByRole('button', { name: 'Add demo document' }).click();
    await teller.getByRole('button', { name: 'Prepare signing' }).waitFor();
    const button = await rectOf(teller, '.start-form button[type="submit"]');
    expect(button.scrollY).toBe(0);
    expect(button.top).toBeGreaterThanOrEqual(0);
    expect(button.bottom).toBeLessThanOrEqual(button.viewport);
    await expectAccessible(teller, 'teller start form');
    await shot(teller, 'teller-start-form');
    await prepare(teller);

    await teller.getByRole('button', { name: 'Send to customer' }).click();
    await toSigning(customer, 2);
    await scribble(customer, 2);
    await poll(() => teller.locator('.mirror .ink-canvas').getAttribute('data-strokes')).toBe('2');
    await teller.getByRole('button', { name: 'Stop this attempt…' }).click();
    // The short confirmation has no reason chosen for the teller.
    expect(await teller.getByLabel('Reason', { exact: true }).inputValue()).toBe('');
    await teller.getByLabel('Reason', { exact: true }).selectOption('Wrong signer');
    await shot(teller, 'teller-stop-confirm');
    await teller.getByRole('button', { name: 'Stop attempt', exact: true }).click();

    await poll(() => sessionState(teller)).toBe('prepared');
    await poll(() => customerState(customer)).toBe('idle');
    await poll(() => mirrorState(teller)).toBe('idle');
    await poll(() => teller.getByTestId('attempt-stopped').textContent()).toContain('Attempt stopped — the document is ready for another try.');
    expect(await teller.getByTestId('attempt-stopped').textContent()).toContain('Wrong signer');
    expect(await customer.locator('.ink-canvas, .pdf-pages').count()).toBe(0);
    // The document is kept: still in this signing, not removed from the queue.
    expect(await teller.locator('.queue-table tr[data-status="in-session"]').count()).toBe(1);
    await expectAccessible(teller, 'teller attempt stopped');
    await shot(teller, 'teller-attempt-stopped');

    await teller.getByRole('button', { name: 'Correct signer…' }).click();
    await teller.getByLabel("Signer's full name").fill('Astrid Lindqvist-Berg');
    await teller.getByLabel('Last digits of the ID number').fill('7730');
    await expectAccessible(teller, 'teller correct signer');
    await shot(teller, 'teller-correct-signer');
    await teller.getByRole('button', { name: 'Save correction' }).click();
    await poll(() => teller.getByTestId('session-signer').textContent()).toBe('Astrid Lindqvist-Berg');
    await poll(() => teller.getByTestId('session-id').textContent()).toContain('…7730');
    await poll(() => teller.getByTestId('signer-corrected').textContent()).toMatch(/name, identification/);
    // Sent again, the customer sees the corrected name.
    await teller.getByRole('button', { name: 'Send to customer' }).click();
    await poll(() => customer.getByTestId('who-banner').textContent()).toContain('Astrid Lindqvist-Berg');
    await teller.getByRole('button', { name: 'Take back' }).click();
    await poll(() => sessionState(teller)).toBe('prepared');
    expect(desk.w.errors).toEqual([]);
  }, 180_000);

  it('discard needs a reason, its form opens empty every time, and "back in the queue" keeps the document', async () => {
    const { teller } = desk.w;
    // The open signing from the test before (the customer saw it): discard it.
    await teller.getByRole('button', { name: 'Discard document…' }).click();
    const reason = teller.getByLabel('Reason', { exact: true });
    expect(await reason.inputValue()).toBe('');
    await teller.getByRole('button', { name: 'Discard document', exact: true }).click();
    // Refused by the form itself: nothing happened, the question stays.
    expect(await reason.evaluate((el) => (el as HTMLSelectElement).validity.valueMissing)).toBe(true);
    expect(await sessionState(teller)).toBe('prepared');
    await reason.selectOption({ label: 'Other…' });
    await teller.getByLabel('Other reason').fill('Fire alarm');
    await teller.getByRole('button', { name: 'Keep the document' }).click();
    await teller.getByRole('button', { name: 'Discard document…' }).click();
    expect(await reason.inputValue()).toBe('');
    expect(await teller.getByLabel('Other reason').count()).toBe(0);
    await reason.selectOption('The customer left');
    await expectAccessible(teller, 'teller discard form');
    await shot(teller, 'teller-discard');
    await teller.getByRole('button', { name: 'Discard document', exact: true }).click();
    await expectBothClean(desk.w);
    await poll(() => teller.getByText(/Last document discarded at the desk: The customer left/).count()).toBe(1);

    // Before the customer has seen anything, "changed their mind" is no reason offered.
    await addDemoAndPrepare(teller, 'Jonas Petraitis');
    await teller.getByRole('button', { name: 'Discard document…' }).click();
    expect(await reason.inputValue()).toBe('');
    const offered = await reason.locator('option').allTextContents();
    expect(offered).not.toContain('The customer changed their mind');
    expect(offered).toContain('Prepared by mistake');
    await teller.getByRole('button', { name: 'Keep the document' }).click();

    await teller.getByRole('button', { name: 'Back to the queue' }).click();
    await poll(() => sessionState(teller)).toBe('idle');
    await poll(() => teller.locator('.queue-table tr[data-status="waiting"]').count()).toBe(1);
    expect(desk.w.errors).toEqual([]);
  }, 180_000);

  it('the sealed PDF opens at the signature page and is saved as a file pdfsig verifies', async () => {
    const { teller, customer } = desk.w;
    await teller.getByRole('button', { name: /^Start signing: / }).first().click();
    await prepare(teller);
    await teller.getByRole('button', { name: 'Send to customer' }).click();
    await toSigning(customer, 2);
    await scribble(customer);
    await customer.getByRole('button', { name: 'Done' }).click();
    await poll(() => sessionState(teller), { timeout: 30_000 }).toBe('done');

    await teller.getByRole('button', { name: 'Show signed PDF' }).click();
    const page = teller.getByTestId('signed-page');
    await page.waitFor({ timeout: 30_000 });
    const signedOn = Number(await page.getAttribute('data-page'));
    expect(signedOn).toBe(2);
    // The signature's page is the one in view, not the first.
    const view = await teller.locator('.signed-dialog .pdf-pages').evaluate((el, n) => {
      const target = el.querySelectorAll('.pdf-page')[n - 1] as HTMLElement;
      const box = el.getBoundingClientRect();
      const r = target.getBoundingClientRect();
      return { scrollTop: el.scrollTop, visible: r.top < box.bottom && r.bottom > box.top, topNear: Math.abs(r.top - box.top) < 40 };
    }, signedOn);
    expect(view.scrollTop).toBeGreaterThan(0);
    expect(view).toMatchObject({ visible: true, topNear: true });
    await expectAccessible(teller, 'teller signed document');
    await shot(teller, 'teller-signed-dialog');

    const [download] = await Promise.all([teller.waitForEvent('download'), teller.getByRole('button', { name: 'Save PDF' }).click()]);
    expect(download.suggestedFilename()).toBe('Account opening agreement (demo) (signed).pdf');
    const saved = join(mkdtempSync(join(tmpdir(), 'teller-save-')), 'saved.pdf');
    await download.saveAs(saved);
    const bytes = new Uint8Array(readFileSync(saved));
    expect(Buffer.from(bytes.subarray(0, 5)).toString()).toBe('%PDF-');
    expect(pdfsig(bytes).map((s) => s.validation)).toEqual(['Signature is Valid.']);
    await poll(() => teller.getByText('Saved as Account opening agreement (demo) (signed).pdf.').count()).toBe(1);
    await teller.getByRole('button', { name: 'Close', exact: true }).click();
    await teller.getByRole('button', { name: 'Finish' }).click();
    await expectBothClean(desk.w);
    expect(desk.w.errors).toEqual([]);
  }, 180_000);
});
