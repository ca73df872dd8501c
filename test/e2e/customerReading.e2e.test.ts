import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { RunningStation } from '../support/stationProcess';
import {
  customerState, expectAccessible, expectBothClean, hasCorpus, useSignedInDesk, pagesOnScreenDrawn, poll, prepare, scrollThroughDocument,
  sessionState, sharedPdf, shot, tellerCall, type Windows,
} from './deskDriver';

if (!hasCorpus) console.warn('skipped: the real PDF corpus (../shared/data/pdf-corpus) is absent; the customer reading e2e test needs it');

const view = (customer: Page) => customer.locator('.pdf-pages');
const readState = (customer: Page) => customer.getByTestId('read-state').getAttribute('data-done');
const page = (customer: Page) => customer.getByTestId('page-indicator').getAttribute('data-page');
/** How far across the pages are panned, 0..1 (0 when they fit). */
const panFraction = (p: Page) => view(p).evaluate((el) => (el.scrollWidth > el.clientWidth ? el.scrollLeft / (el.scrollWidth - el.clientWidth) : 0));
/** Where a page (1-based) sits in the reading view's visible box: its top and bottom relative to the box. */
const pageInView = (customer: Page, n: number) => view(customer).evaluate((el, n) => {
  const box = el.getBoundingClientRect();
  const r = el.querySelector(`.pdf-page[data-page="${n}"]`)!.getBoundingClientRect();
  return { top: r.top - box.top, bottom: r.bottom - box.top, height: box.height, left: r.left - box.left, right: r.right - box.left, width: box.width };
}, n);

/**
 * The customer reads a real 4-page document on the 1280×800 pen display: the document gets the
 * screen, "read to the end" means every page was on screen whole (tapping "Next page" past the
 * tops is not reading), zoom pans instead of spilling sideways, the signature's page is one tap
 * away, and the teller's mirror shows the same page, zoom and position.
 */
describe.skipIf(!hasCorpus)('browser mode: the customer reads the document', () => {
  let station: RunningStation;
  let w: Windows;
  useSignedInDesk((desk) => ({ station, w } = desk));

  it('reads a 4-page document: screen height, coverage not page numbers, panning zoom, signature place, the mirror alike', async () => {
    const { teller, customer } = w;
    await teller.getByTestId('pdf-file-input').setInputFiles(sharedPdf('ordinary', 'sample_pdflatex-outline.pdf'));
    await poll(() => teller.locator('.queue-table tr[data-status="waiting"]').count()).toBe(1);
    await poll(() => teller.getByLabel(/must see every page whole/).isChecked()).toBe(true);
    await prepare(teller, 'Astrid Lindqvist-Johansson von Hohenberg');
    await teller.getByRole('button', { name: 'Send to customer' }).click();
    await poll(() => customerState(customer)).toBe('reading');
    await poll(() => view(customer).getAttribute('data-pages'), { timeout: 30_000 }).toBe('4');
    await poll(() => pagesOnScreenDrawn(customer), { timeout: 30_000 }).toBe(true);

    // The document gets at least three quarters of the 800 px screen.
    const area = (await view(customer).boundingBox())!;
    expect(area.height).toBeGreaterThanOrEqual(0.75 * 800);
    expect(area.y + area.height).toBeLessThanOrEqual(800);

    // "Next page" to the last page, seeing only the top of each: nothing counts as read.
    for (const n of [2, 3, 4]) {
      await customer.getByRole('button', { name: /Next page/ }).click();
      await poll(() => page(customer)).toBe(String(n));
      await poll(() => pagesOnScreenDrawn(customer), { timeout: 30_000 }).toBe(true);
    }
    expect(await readState(customer)).toBe('false');
    expect(await customer.getByTestId('read-state').textContent()).toBe('0 of 4 pages read');
    await customer.getByRole('button', { name: 'Continue' }).click();
    await poll(() => customer.getByText('Please read every page to its end first.').count()).toBe(1);
    expect(await sessionState(teller)).toBe('reading');
    const boxWithNotice = (await view(customer).boundingBox())!;
    // The notice has its own space: the document keeps its size.
    expect(boxWithNotice.height).toBe(area.height);
    expect(boxWithNotice.width).toBe(area.width);
    await expectAccessible(customer, 'customer reading with the read-to-end notice');
    await shot(customer, 'customer-reading-notice');

    // Scrolling through every page reads it; the notice goes as the end is reached.
    await scrollThroughDocument(customer);
    await poll(() => readState(customer)).toBe('true');
    await poll(() => customer.getByText('Please read every page to its end first.').count()).toBe(0);
    expect(await customer.getByText('You have reached the end of the document.').count()).toBe(1);
    await poll(() => customer.locator('.page-chip[data-read="true"]').count()).toBe(4);
    await poll(() => teller.getByText(/The customer is reading.*seen every page whole/).count()).toBe(1);

    // 200 %: the pages are wider than the view, the view is not; dragging pans them.
    await customer.getByRole('button', { name: /Page 1/ }).click();
    await poll(() => page(customer)).toBe('1');
    for (let i = 0; i < 3; i++) await customer.getByRole('button', { name: /Larger text/ }).click();
    await poll(() => customer.getByRole('group', { name: /Text size 200%/ }).count()).toBe(1);
    await poll(() => pagesOnScreenDrawn(customer), { timeout: 30_000 }).toBe(true);
    const zoomed = (await view(customer).boundingBox())!;
    expect(zoomed).toEqual(area);
    expect(await customer.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);
    expect(await view(customer).evaluate((el) => getComputedStyle(el).overflowX)).toBe('hidden');
    const sheet = await pageInView(customer, 1);
    expect(sheet.right - sheet.left).toBeGreaterThan(1.8 * (area.width - 32));
    await shot(customer, 'customer-reading-zoom-200');
    const before = await view(customer).evaluate((el) => ({ left: el.scrollLeft, top: el.scrollTop }));
    const start = { x: area.x + area.width * 0.7, y: area.y + area.height * 0.6 };
    await customer.mouse.move(start.x, start.y);
    await customer.mouse.down();
    for (let i = 1; i <= 10; i++) await customer.mouse.move(start.x - 30 * i, start.y - 20 * i);
    await customer.mouse.up();
    const after = await view(customer).evaluate((el) => ({ left: el.scrollLeft, top: el.scrollTop }));
    expect(after.left - before.left).toBeGreaterThan(280);
    expect(after.top - before.top).toBeGreaterThan(180);
    // The mirror shows the same zoom and the same place across and down.
    await poll(() => teller.locator('.mirror .zoom-level').textContent()).toBe('200%');
    const customerPan = await panFraction(customer);
    expect(customerPan).toBeGreaterThan(0.2);
    await poll(async () => Math.abs((await mirrorPan(teller)) - customerPan)).toBeLessThan(0.02);

    // The wheel scrolls the pages (the view itself never scrolls sideways on its own).
    const beforeWheel = await view(customer).evaluate((el) => el.scrollTop);
    await customer.mouse.wheel(0, 240);
    await poll(() => view(customer).evaluate((el) => el.scrollTop)).toBe(beforeWheel + 240);

    // Two fingers pinch apart to three times their distance: the zoom follows, from fit width to 300 %.
    await customer.getByRole('button', { name: 'Page width' }).click();
    await poll(() => customer.getByRole('group', { name: /Text size 100%/ }).count()).toBe(1);
    const cdp = await customer.context().newCDPSession(customer);
    await cdp.send('Emulation.setTouchEmulationEnabled', { enabled: true, maxTouchPoints: 2 });
    const mid = { x: area.x + area.width / 2, y: area.y + area.height / 2 };
    const fingers = (apart: number) => [{ x: mid.x - apart, y: mid.y, id: 1 }, { x: mid.x + apart, y: mid.y, id: 2 }];
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: fingers(50) });
    for (let apart = 60; apart <= 150; apart += 10) await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: fingers(apart) });
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    await poll(() => customer.getByRole('group', { name: /Text size 300%/ }).count()).toBe(1);
    await cdp.send('Emulation.setTouchEmulationEnabled', { enabled: false });
    expect(await customer.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);

    // Whole page: all of the current page on screen at once.
    await customer.getByRole('button', { name: 'Whole page' }).click();
    await poll(async () => {
      const r = await pageInView(customer, Number(await page(customer)));
      return r.top >= 0 && r.bottom <= r.height && r.left >= 0 && r.right <= r.width;
    }).toBe(true);

    // "Go to the signature place": the signature's page (the last, the station's usual place) comes into view.
    await customer.getByRole('button', { name: 'Page width' }).click();
    await customer.getByRole('button', { name: /Page 1/ }).click();
    await poll(() => page(customer)).toBe('1');
    await customer.getByRole('button', { name: /Go to the signature place/ }).click();
    await poll(() => page(customer)).toBe('4');
    // The box itself is on screen, marked "Sign here", not just the top of its page.
    await poll(() => markInView(customer)).toBe(true);
    expect(await customer.getByTestId('signature-mark').textContent()).toContain('Sign here');
    const mark = (await customer.getByTestId('signature-mark').boundingBox())!;
    const onPage = await pageInView(customer, 4);
    expect(mark.y - area.y).toBeGreaterThanOrEqual(onPage.top);
    expect(mark.y + mark.height - area.y).toBeLessThanOrEqual(onPage.bottom);
    await poll(() => pagesOnScreenDrawn(customer), { timeout: 30_000 }).toBe(true);
    await poll(() => teller.locator('.mirror [data-testid="signature-mark"]').count()).toBe(1);
    await poll(() => teller.locator('.mirror [data-testid="page-indicator"]').getAttribute('data-page')).toBe('4');
    await expectAccessible(customer, 'customer reading');
    await shot(customer, 'customer-reading-1280x800');
    await expectAccessible(teller, 'teller mirror reading');
    await shot(teller, 'customer-reading-teller-mirror');

    // A long name stays on the banner's one line: nothing below it moves.
    expect((await customer.getByTestId('who-banner').boundingBox())!.height).toBeLessThan(50);
    expect(await customer.getByTestId('who-banner').textContent()).toContain('Astrid Lindqvist-Johansson von Hohenberg');

    await customer.getByRole('button', { name: 'Continue' }).click();
    await poll(() => customerState(customer)).toBe('consent');
    await customer.getByRole('button', { name: /I agree/ }).click();
    await poll(() => customerState(customer)).toBe('signing');
    // The signature box keeps its size when a notice appears under it.
    const signatureBox = (await customer.getByTestId('signature-box').boundingBox())!;
    await customer.getByRole('button', { name: 'Done' }).click();
    await poll(() => customer.getByText('Please sign in the box first.').count()).toBe(1);
    expect((await customer.getByTestId('signature-box').boundingBox())!).toEqual(signatureBox);
    await tellerCall(station, 'session.cancel', { reason: 'test over' });
    await expectBothClean(w);
  });

  it('a 19-page document: 18 taps on "Next page" read nothing; "Whole page" and the same taps read every page; the strip follows', async () => {
    const { teller, customer } = w;
    await teller.getByTestId('pdf-file-input').setInputFiles(sharedPdf('ordinary', 'pdflib_us_constitution.pdf'));
    await poll(() => teller.locator('.queue-table tr[data-status="waiting"]').count()).toBe(1);
    await poll(() => teller.getByLabel(/must see every page whole/).isChecked()).toBe(true);
    await prepare(teller);
    await teller.getByRole('button', { name: 'Send to customer' }).click();
    await poll(() => view(customer).getAttribute('data-pages'), { timeout: 30_000 }).toBe('19');
    // The strip shows pictures of the pages in sight, drawn; pages far down the strip are not drawn yet.
    await poll(async () => (await thumbnails(customer)).filter((x) => x.inSight).every((x) => x.ink > 50), { timeout: 30_000 }).toBe(true);
    const strip0 = await thumbnails(customer);
    expect(strip0.filter((x) => x.inSight).length).toBeGreaterThanOrEqual(4);
    expect(strip0.filter((x) => x.canvas).length).toBeLessThan(12);
    expect(strip0.find((x) => x.page === 19)!.canvas).toBe(false);
    expect(strip0.find((x) => x.page === 12)!.canvas).toBe(false);
    const tapThrough = async () => {
      for (let n = 2; n <= 19; n++) {
        await customer.getByRole('button', { name: /Next page/ }).click();
        await poll(() => page(customer)).toBe(String(n));
        await poll(() => pagesOnScreenDrawn(customer), { timeout: 30_000 }).toBe(true);
      }
    };
    await tapThrough();
    expect(await customer.getByTestId('read-state').textContent()).toBe('0 of 19 pages read');
    // The strip scrolled with the pages: the last page's button is in sight.
    const strip = (await customer.getByTestId('page-strip').boundingBox())!;
    const last = (await customer.getByRole('button', { name: /^Page 19/ }).boundingBox())!;
    expect(last.y).toBeGreaterThanOrEqual(strip.y - 1);
    expect(last.y + last.height).toBeLessThanOrEqual(strip.y + strip.height + 1);
    // Scrolled into sight, the last page's picture is drawn too.
    await poll(async () => (await thumbnails(customer)).find((x) => x.page === 19)!.ink > 50, { timeout: 30_000 }).toBe(true);
    await shot(customer, 'customer-reading-long-document');

    // With the whole page on screen, each tap shows a page whole: read with the pen alone.
    await customer.getByRole('button', { name: /^Page 1/ }).first().click();
    await poll(() => page(customer)).toBe('1');
    await customer.getByRole('button', { name: 'Whole page' }).click();
    await poll(() => pagesOnScreenDrawn(customer), { timeout: 30_000 }).toBe(true);
    await tapThrough();
    await poll(() => readState(customer)).toBe('true');
    await poll(() => teller.getByText(/The customer is reading.*seen every page whole/).count()).toBe(1);
    await shot(customer, 'customer-reading-whole-page');
    // Every language fits the column of controls: nothing cut off, nothing to scroll.
    for (const language of ['Deutsch', 'Lietuvių', 'Svenska']) {
      await customer.getByRole('button', { name: language }).click();
      await poll(() => customer.locator('.customer-screen').getAttribute('data-language')).toBe({ Deutsch: 'de', Lietuvių: 'lt', Svenska: 'sv' }[language]);
      const fits = await customer.locator('.reading-panel').evaluate((el) => el.scrollHeight <= el.clientHeight + 1 && el.getBoundingClientRect().bottom <= window.innerHeight);
      expect(fits, language).toBe(true);
      expect((await view(customer).boundingBox())!.height).toBeGreaterThanOrEqual(600);
    }
    await shot(customer, 'customer-reading-sv');
    await customer.getByRole('button', { name: 'Deutsch' }).click();
    await poll(() => customer.locator('.customer-screen').getAttribute('data-language')).toBe('de');
    await shot(customer, 'customer-reading-de');
    expect(await customer.getByTestId('signature-mark').textContent()).toContain('Hier unterschreiben');
    await tellerCall(station, 'session.cancel', { reason: 'test over' });
    await expectBothClean(w);
  });

  it('the calibration screen keeps its crosses and buttons apart', async () => {
    const { teller, customer } = w;
    await teller.getByRole('button', { name: 'Calibrate pen' }).click();
    const screen = customer.getByTestId('calibration-screen');
    await poll(() => screen.count()).toBe(1);
    const boxes = await customer.evaluate(() => {
      const screen = document.querySelector('[data-testid="calibration-screen"]')!;
      const kind = (el: Element) => (el.matches('[data-testid^="calibration-target-"]') ? 'cross' : el.tagName === 'BUTTON' ? 'button' : 'text');
      return [...screen.querySelectorAll('[data-testid^="calibration-target-"], button, h1, p')].map((el) => {
        const r = el.getBoundingClientRect();
        return { name: `${kind(el)} ${el.getAttribute('data-testid') ?? el.textContent}`, kind: kind(el), left: r.left, top: r.top, right: r.right, bottom: r.bottom };
      });
    });
    expect(boxes.filter((b) => b.kind === 'cross')).toHaveLength(4);
    expect(boxes.filter((b) => b.kind === 'button').length).toBeGreaterThanOrEqual(2);
    // Things to touch stay 16 px apart; a cross stays 24 px from anything else.
    const gap = (a: typeof boxes[number], b: typeof boxes[number]) => Math.max(a.left - b.right, b.left - a.right, a.top - b.bottom, b.top - a.bottom);
    for (const [i, a] of boxes.entries()) for (const b of boxes.slice(i + 1)) {
      if (a.kind === 'text' && b.kind === 'text') continue;
      if (a.kind !== 'cross' && b.kind !== 'cross' && (a.kind === 'text' || b.kind === 'text')) continue;
      expect(gap(a, b), `${a.name} / ${b.name}`).toBeGreaterThanOrEqual(a.kind === 'cross' || b.kind === 'cross' ? 24 : 16);
    }
    await expectAccessible(customer, 'customer pen calibration');
    await shot(customer, 'customer-reading-calibration');
    await customer.getByRole('button', { name: 'Cancel' }).click();
    await poll(() => screen.count()).toBe(0);
  });
});

/** The mirror's pan across (0..1): the mirror is the customer's screen scaled down, so fractions compare. */
const mirrorPan = (teller: Page) => teller.locator('.mirror .pdf-pages').evaluate((el) => (el.scrollWidth > el.clientWidth ? el.scrollLeft / (el.scrollWidth - el.clientWidth) : 0));

/** Whether the signature's mark is wholly inside the reading view's visible box. */
const markInView = (customer: Page) => view(customer).evaluate((el) => {
  const box = el.getBoundingClientRect();
  const m = el.querySelector('[data-testid="signature-mark"]')?.getBoundingClientRect();
  return Boolean(m) && m!.top >= box.top && m!.bottom <= box.bottom && m!.left >= box.left && m!.right <= box.right;
});

/** Each thumbnail of the page strip: whether it is in the strip's visible part, has a canvas, and how many of its pixels are not white. */
const thumbnails = (customer: Page) => customer.getByTestId('page-strip').evaluate((strip) => {
  const box = strip.getBoundingClientRect();
  return [...strip.querySelectorAll<HTMLElement>('[data-testid="page-thumbnail"]')].map((el) => {
    const r = el.getBoundingClientRect();
    const canvas = el.querySelector('canvas');
    let ink = 0;
    if (canvas) {
      const d = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 0 && (d[i] < 240 || d[i + 1] < 240 || d[i + 2] < 240)) ink++;
    }
    return { page: Number(el.dataset.page), inSight: r.bottom > box.top && r.top < box.bottom, canvas: Boolean(canvas), ink };
  });
});
