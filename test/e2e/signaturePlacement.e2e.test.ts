import { describe, expect, it } from 'vitest';
import { closePdfParser, inspectPdf } from '../../main/documents/inspectPdf';
import type { RunningStation } from '../support/stationProcess';
import { expectAccessible, expectBothClean, hasCorpus, poll, prepare, scribble, sessionState, sharedPdf, shot, tellerCall, toSigning, useSignedInDesk, type Windows } from './deskDriver';

if (!hasCorpus) console.warn('skipped: the real PDF corpus (../shared/data/pdf-corpus) is absent; the signature placement e2e test needs it');

/**
 * The teller decides where the signature goes (issues 4 and 7): here by drawing a box on page 1 of
 * a real 4-page document without signature fields, whose default place would be on page 4. The
 * sealed PDF must carry its filled signature field on page 1, inside the drawn box.
 */
describe.skipIf(!hasCorpus)('browser mode: the teller chooses the signature place', () => {
  let station: RunningStation;
  let w: Windows;
  useSignedInDesk((desk) => ({ station, w } = desk), closePdfParser);

  it('a box drawn on page 1 of a document without fields: the customer is told page 1, the sealed field lies on page 1 inside the box', async () => {
    const { teller, customer } = w;
    await teller.getByTestId('pdf-file-input').setInputFiles(sharedPdf('ordinary', 'sample_pdflatex-outline.pdf'));
    await poll(() => teller.locator('.queue-table tr[data-status="waiting"]').textContent()).toMatch(/Sample pdflatex-outline/); // a readable name: the file has no /Title
    const [request] = (await tellerCall(station, 'inbox.list', {})).filter((i) => i.status === 'waiting');
    expect(request.pageCount).toBe(4);

    // A box off the page is refused when preparing, in one sentence, and nothing starts.
    await expect(tellerCall(station, 'session.start', { requestId: request.id, signerName: 'Test', placement: { page: 1, rect: [500, 600, 900, 700] } }))
      .rejects.toThrow('The signature box lies outside page 1; draw it on the page.');
    expect(await sessionState(teller)).toBe('idle');

    // Without fields, the form offers the station's usual place (the last page) or a box.
    const places = await tellerCall(station, 'document.signaturePlaces', { documentId: request.id });
    expect(places.fields).toEqual([]);
    expect(places.default).toMatchObject({ kind: 'box', page: 4 });
    await poll(() => teller.getByLabel(/The station's usual place \(page 4/).isChecked()).toBe(true);
    await teller.getByLabel('Draw a box on a page').check();
    const sheet = teller.getByTestId('placement-page');
    await poll(() => sheet.getAttribute('data-ready'), { timeout: 30_000 }).toBe('true');
    expect(await sheet.getAttribute('data-page')).toBe('1');
    await sheet.scrollIntoViewIfNeeded();
    const at = (await sheet.boundingBox())!;
    // Drag from 15 %/12 % to 60 %/22 % of the page with the mouse, the way a teller draws.
    const from = { x: at.x + at.width * 0.15, y: at.y + at.height * 0.12 };
    const to = { x: at.x + at.width * 0.6, y: at.y + at.height * 0.22 };
    await teller.mouse.move(from.x, from.y);
    await teller.mouse.down();
    for (let i = 1; i <= 10; i++) await teller.mouse.move(from.x + ((to.x - from.x) * i) / 10, from.y + ((to.y - from.y) * i) / 10);
    await teller.mouse.up();
    await poll(() => teller.getByTestId('placement-summary').textContent()).toBe('The signature goes on page 1, in the box drawn.');
    await expectAccessible(teller, 'teller start form drawing a signature box');
    await shot(teller, 'teller-signature-box');

    // The drawn box in PDF points: the page's box, top-left origin on screen, bottom-left in the PDF.
    const [bx1, by1, bx2, by2] = places.pages[0].box;
    const k = (bx2 - bx1) / at.width;
    const drawn = {
      x1: bx1 + (from.x - at.x) * k, x2: bx1 + (to.x - at.x) * k,
      y1: by2 - (to.y - at.y) * k, y2: by2 - (from.y - at.y) * k,
    };

    await prepare(teller, 'Birutė Jonaitienė');
    await poll(() => teller.getByTestId('signature-place').textContent()).toBe('the box drawn on page 1');
    await teller.getByRole('button', { name: 'Send to customer' }).click();
    await poll(() => teller.locator('.mirror figcaption').textContent()).toContain('your signature goes on page 1');
    // The customer is told too, on every step that shows the document.
    await poll(() => customer.getByTestId('signature-page').textContent()).toBe('Your signature goes onpage 1 of 4');
    await toSigning(customer, 4);
    await scribble(customer, 2);
    await poll(() => teller.locator('.mirror .ink-canvas').getAttribute('data-strokes')).toBe('2');
    await customer.getByRole('button', { name: 'Done' }).click();
    await poll(() => sessionState(teller), { timeout: 30_000 }).toBe('done');

    const signed = await tellerCall(station, 'session.signedPdf', {});
    const info = await inspectPdf(signed.bytes);
    const filled = info.signatureFields.filter((f) => f.filled);
    expect(filled).toHaveLength(1);
    expect(filled[0].page).toBe(0); // inspectPdf counts pages from 0: page 1
    const [fx1, fy1, fx2, fy2] = filled[0].rect;
    // Inside the drawn box (to a point, for the pixel rounding of the mouse), and filling it.
    expect(fx1).toBeGreaterThanOrEqual(drawn.x1 - 1);
    expect(fy1).toBeGreaterThanOrEqual(drawn.y1 - 1);
    expect(fx2).toBeLessThanOrEqual(drawn.x2 + 1);
    expect(fy2).toBeLessThanOrEqual(drawn.y2 + 1);
    expect(fx2 - fx1).toBeGreaterThan((drawn.x2 - drawn.x1) * 0.95);
    expect(fy2 - fy1).toBeGreaterThan((drawn.y2 - drawn.y1) * 0.95);

    await teller.getByRole('button', { name: 'Finish' }).click();
    await expectBothClean(w);
    expect(w.errors).toEqual([]);
  });
  async function signAndInspect(pages: number) {
    const { teller, customer } = w;
    await teller.getByRole('button', { name: 'Send to customer' }).click();
    await toSigning(customer, pages);
    await scribble(customer, 2);
    await poll(() => teller.locator('.mirror .ink-canvas').getAttribute('data-strokes')).toBe('2');
    await customer.getByRole('button', { name: 'Done' }).click();
    await poll(() => sessionState(teller), { timeout: 30_000 }).toBe('done');
    const signed = await tellerCall(station, 'session.signedPdf', {});
    const info = await inspectPdf(signed.bytes);
    await teller.getByRole('button', { name: 'Finish' }).click();
    await expectBothClean(w);
    return info;
  }

  it('a form with two empty fields: the first is offered by default, the teller picks the second, and the second is the one signed', async () => {
    const { teller } = w;
    await teller.getByTestId('pdf-file-input').setInputFiles(sharedPdf('signature-fields', 'dss_pdf-two-fields.pdf'));
    await poll(() => teller.getByLabel('Signature field “signature-test” on page 1').isChecked()).toBe(true);
    expect(await teller.getByLabel('Draw a box on a page').isChecked()).toBe(false);
    // The chosen field is outlined on its page, so the teller sees which one the customer's is.
    await poll(() => teller.getByTestId('field-preview').getAttribute('data-field')).toBe('signature-test');
    await teller.getByLabel('Signature field “signature-test2” on page 1').check();
    await poll(() => teller.getByTestId('field-preview').getAttribute('data-field')).toBe('signature-test2');
    await poll(() => teller.getByTestId('field-preview').getByTestId('placement-box').count(), { timeout: 30_000 }).toBe(1);
    await expectAccessible(teller, 'teller start form with signature fields');
    await shot(teller, 'teller-signature-fields');
    await prepare(teller, 'Jonas Petraitis');
    await poll(() => teller.getByTestId('signature-place').textContent()).toBe('field “signature-test2” on page 1');
    const info = await signAndInspect(1);
    expect(info.signatureFields.map((f) => [f.name, f.filled])).toEqual([['signature-test', false], ['signature-test2', true]]);
    expect(w.errors).toEqual([]);
  });

  it('without a pointer: page 2, a preset position and arrow keys put the signature where the keyboard said, on page 2', async () => {
    const { teller } = w;
    await teller.getByTestId('pdf-file-input').setInputFiles(sharedPdf('ordinary', 'sample_pdflatex-outline.pdf'));
    await poll(() => teller.getByLabel(/The station's usual place/).isChecked()).toBe(true);
    await teller.getByLabel('Draw a box on a page').focus();
    await teller.keyboard.press('Space');
    await poll(() => teller.getByTestId('placement-page').getAttribute('data-ready'), { timeout: 30_000 }).toBe('true');
    await teller.getByLabel('Page', { exact: true }).focus();
    await teller.keyboard.press('ArrowDown');
    await poll(() => teller.getByTestId('placement-page').getAttribute('data-page')).toBe('2');
    await teller.getByLabel('Position').selectOption({ label: 'Top left' });
    await poll(() => teller.getByTestId('placement-summary').textContent()).toBe('The signature goes on page 2, top left.');
    // Fine-tuning from the keyboard: on the page, arrows move the box (10 × 5 pt right), Shift+arrows resize it.
    await teller.getByLabel('Position').focus();
    await teller.keyboard.press('Tab');
    expect(await teller.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('placement-page');
    for (let i = 0; i < 10; i++) await teller.keyboard.press('ArrowRight');
    for (let i = 0; i < 4; i++) await teller.keyboard.press('Shift+ArrowDown');
    await poll(() => teller.getByTestId('placement-summary').textContent()).toBe('The signature goes on page 2, in the box drawn.');
    await prepare(teller, 'Kerstin Åberg');
    await poll(() => teller.getByTestId('signature-place').textContent()).toBe('the box drawn on page 2');
    const info = await signAndInspect(4);
    const [field] = info.signatureFields.filter((f) => f.filled);
    expect(field.page).toBe(1);
    const { width, height } = info.pages[1];
    // Top left as the reader sees the page, then moved right and made taller.
    expect(field.rect[0]).toBeGreaterThan(70); // the preset's 36 pt margin, moved 50 pt right
    expect(field.rect[3] - field.rect[1]).toBeGreaterThan(105); // 90 pt, 20 pt taller
    expect(field.rect[2]).toBeLessThan(width / 2 + 60);
    expect(field.rect[1]).toBeGreaterThan(height * 0.8);
    expect(w.errors).toEqual([]);
  });
});
