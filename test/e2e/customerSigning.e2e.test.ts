import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addDemoAndPrepare, customerState, mirrorState, openSignedInDesk, poll, readToEnd, scribble, sessionState, shot, tellerCall, type SignedInDesk,
} from './deskDriver';

const run = promisify(execFile);

/** The text of the customer-screen area, as a person reads it (whitespace folded). */
/** The window's document marks (renderer/components/windowPdfs.ts): when it fetched the document, opened it, let it go. */
const documentMarks = (page: Page) => page.evaluate(() => performance.getEntriesByType('mark').filter((m) => m.name.startsWith('document:')).map((m) => `${m.name}@${m.startTime.toFixed(1)}`));
/** The window fetched its copy of the document once, and (when `gone`) has destroyed it since. */
const heldOnce = (marks: string[], gone: boolean) => marks.filter((m) => m.startsWith('document:requested@')).length === 1 && marks.some((m) => m.startsWith('document:destroyed@')) === gone;

const screenText = (page: Page, selector: string) => page.locator(selector).first().evaluate((el) => (el as HTMLElement).innerText.replace(/\s+/g, ' ').trim());

/**
 * The customer's signing on the pen display and the teller's mirror of it: the mirror is the
 * customer's screen — its questions, notices, refusals, the review and the farewell — because both
 * draw the one view state. At every step the two screens' text is compared.
 */
describe('browser mode: signing in context, review after Done, the mirror is the customer screen', () => {
  let desk: SignedInDesk;

  /** Waits until the mirror shows what the customer's screen shows, word for word. */
  async function screensAgree(step: string) {
    await poll(async () => {
      const [c, m] = await Promise.all([screenText(desk.w.customer, '.customer-screen'), screenText(desk.w.teller, '.mirror .customer-screen')]);
      return c === m ? 'same' : `${step}:\n customer: ${c}\n mirror:   ${m}`;
    }).toBe('same');
  }

  async function shots(name: string) {
    await shot(desk.w.customer, `customer-signing-${name}-customer`);
    await shot(desk.w.teller, `customer-signing-${name}-teller`);
  }

  /** A straight, slow line across the box: long enough, enough points, no signature. */
  async function straightLine(page: Page) {
    const box = (await page.getByTestId('signature-box').boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.15, box.y + box.height * 0.6);
    await page.mouse.down();
    for (let i = 1; i <= 40; i++) await page.mouse.move(box.x + box.width * (0.15 + (0.7 * i) / 40), box.y + box.height * 0.6, { steps: 3 });
    await page.mouse.up();
  }

  beforeAll(async () => {
    desk = await openSignedInDesk({ STATION_DESK_REVIEW_SIGNATURE: 'true', STATION_DESK_THANK_YOU_SECONDS: '2', STATION_DESK_FAREWELL_SECONDS: '4' });
  });

  afterAll(async () => {
    expect(await desk?.close()).toBe(0);
  });

  it('reads, refuses a line, reviews the signature on its page, signs again and seals — both screens alike at every step', async () => {
    const { teller, customer } = desk.w;
    await addDemoAndPrepare(teller);
    await teller.getByRole('button', { name: 'Send to customer' }).click();
    await poll(() => customer.locator('.pdf-pages').getAttribute('data-pages'), { timeout: 30_000 }).toBe('2');
    await screensAgree('reading');
    const fetchedForReading = await Promise.all([documentMarks(customer), documentMarks(teller)]);
    expect(fetchedForReading.map((marks) => heldOnce(marks, false))).toEqual([true, true]);

    // "Continue" before the last page: the notice reaches the mirror too.
    await customer.getByRole('button', { name: 'Continue' }).click();
    await poll(() => customer.getByText('Please read every page to its end first.').count()).toBe(1);
    await poll(() => teller.locator('.mirror').getByText('Please read every page to its end first.').count()).toBe(1);
    await screensAgree('read-to-end notice');

    // The stop question is the session's, so the mirror asks it too.
    await customer.getByRole('button', { name: 'Stop', exact: true }).click();
    await poll(() => teller.locator('.mirror [data-testid="stop-question"]').count()).toBe(1);
    await screensAgree('stop question');
    await shots('stop-dialog');
    await customer.getByRole('button', { name: 'No, go back' }).click();
    await poll(() => teller.locator('.mirror [data-testid="stop-question"]').count()).toBe(0);

    await readToEnd(customer, 2);
    await customer.getByRole('button', { name: 'Continue' }).click();
    await poll(() => customerState(customer)).toBe('consent');
    await screensAgree('consent');
    await customer.getByRole('button', { name: /I agree/ }).click();
    await poll(() => customerState(customer)).toBe('signing');
    // The pad has the place's shape, on its page.
    await poll(() => customer.getByTestId('signature-place').count()).toBe(1);
    const places = await tellerCall(desk.station, 'session.current', {});
    const rect = places.signaturePlace!.rect;
    const pad = (await customer.getByTestId('signature-box').boundingBox())!;
    expect(pad.width / pad.height).toBeCloseTo(Math.abs(rect[2] - rect[0]) / Math.abs(rect[3] - rect[1]), 1);
    await screensAgree('signing');

    // A straight line is not a signature: refused, ink cleared, both told.
    await straightLine(customer);
    await poll(() => teller.locator('.mirror .ink-canvas').getAttribute('data-strokes')).toBe('1');
    await customer.getByRole('button', { name: 'Done' }).click();
    await poll(() => customer.getByTestId('customer-notice').getAttribute('data-refusal')).toBe('too-simple');
    await poll(() => teller.locator('.mirror [data-testid="customer-notice"]').getAttribute('data-refusal')).toBe('too-simple');
    await poll(() => customer.locator('.ink-canvas').getAttribute('data-strokes')).toBe('0');
    await poll(() => teller.locator('.session-state').textContent()).toMatch(/refused \(too simple\)/);
    await screensAgree('refusal');
    await shots('quality-refusal');

    await scribble(customer);
    await poll(() => teller.locator('.mirror .ink-canvas').getAttribute('data-strokes')).toBe('3');
    await customer.getByRole('button', { name: 'Done' }).click();
    await poll(() => customerState(customer)).toBe('review');
    await poll(() => mirrorState(teller)).toBe('review');
    await poll(() => customer.getByTestId('review-ink').count()).toBe(1);
    await screensAgree('review');
    await shots('review');
    // The pad's page and the review's are the reading view's copy: not fetched or opened again, in either window.
    for (const [i, page] of [customer, teller].entries()) {
      const marks = await documentMarks(page);
      expect(marks.filter((m) => m.startsWith('document:requested@'))).toEqual(fetchedForReading[i].filter((m) => m.startsWith('document:requested@')));
      expect(heldOnce(marks, false)).toBe(true);
    }

    // Sign again: an empty pad; then a signature that is confirmed and sealed.
    await customer.getByRole('button', { name: 'Sign again' }).click();
    await poll(() => customerState(customer)).toBe('signing');
    await poll(() => customer.locator('.ink-canvas').getAttribute('data-strokes')).toBe('0');
    await scribble(customer, 2);
    await poll(() => teller.locator('.mirror .ink-canvas').getAttribute('data-strokes')).toBe('2');
    await customer.getByRole('button', { name: 'Done' }).click();
    await poll(() => customerState(customer)).toBe('review');
    await customer.getByRole('button', { name: 'Confirm' }).click();
    await poll(() => sessionState(teller), { timeout: 30_000 }).toBe('done');

    // The sealed page, to look at: the two strokes in the place.
    const { bytes } = await tellerCall(desk.station, 'session.signedPdf', {});
    const dir = mkdtempSync(join(tmpdir(), 'review-seal-'));
    writeFileSync(join(dir, 'signed.pdf'), bytes);
    await run('pdftoppm', ['-png', '-r', '100', '-f', String(places.signaturePlace!.page), '-l', String(places.signaturePlace!.page), join(dir, 'signed.pdf'), join(dir, 'page')]);
    console.info(`sealed page rendered: ${join(dir, readdirSync(dir).find((f) => f.endsWith('.png'))!)}`);
    await teller.getByRole('button', { name: 'Finish' }).click();
    await poll(() => customerState(customer)).toBe('idle');
    // The signing is over: neither window keeps its pdf.js copy of the document.
    await poll(async () => heldOnce(await documentMarks(customer), true) && heldOnce(await documentMarks(teller), true)).toBe(true);
    expect(desk.w.errors).toEqual([]);
  }, 240_000);

  it('tells the customer why the document left their screen, then welcomes again; the calibration is mirrored', async () => {
    const { teller, customer } = desk.w;
    await addDemoAndPrepare(teller, 'Jonas Petraitis');
    await teller.getByRole('button', { name: 'Send to customer' }).click();
    await poll(() => customerState(customer)).toBe('reading');
    await teller.getByRole('button', { name: 'Take back' }).click();
    await poll(() => customer.getByTestId('customer-farewell').getAttribute('data-farewell')).toBe('taken-back');
    await poll(() => customer.getByRole('heading', { name: 'The teller has taken this document back.' }).count()).toBe(1);
    await screensAgree('farewell');
    await shots('farewell');
    await poll(() => customer.getByRole('heading', { name: 'Welcome' }).count()).toBe(1);

    await customer.getByRole('button', { name: 'Svenska' }).click();
    await teller.getByRole('button', { name: 'Send to customer' }).click();
    await poll(() => customerState(customer)).toBe('reading');
    await tellerCall(desk.station, 'session.cancel', { reason: 'The customer left' });
    await poll(() => customer.getByRole('heading', { name: 'Underskriften avbröts.' }).count()).toBe(1);
    await screensAgree('farewell after cancel');
    // A cancelled signing leaves nothing of the document in the customer's window: its copy is destroyed.
    await poll(async () => heldOnce(await documentMarks(customer), true)).toBe(true);
    await poll(() => customer.getByTestId('customer-farewell').count()).toBe(0);

    await teller.getByRole('button', { name: 'Calibrate pen' }).click();
    await poll(() => teller.locator('.mirror [data-testid="calibration-screen"]').count()).toBe(1);
    await poll(() => customer.getByTestId('calibration-screen').count()).toBe(1);
    await screensAgree('calibration');
    await shots('calibration');
    await customer.getByTestId('calibration-screen').getByRole('button', { name: /Avbryt|Cancel/ }).click();
    await poll(() => teller.locator('.mirror [data-testid="calibration-screen"]').count()).toBe(0);
    expect(desk.w.errors).toEqual([]);
  }, 120_000);
});
