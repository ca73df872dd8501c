import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closePdfParser } from '../../main/documents/inspectPdf';
import { fieldName, fieldOnScreen, pageOf, rotatedPagesPdf, rotations, type Rotation } from '../support/rotatedPagesPdf';
import type { RunningStation } from '../support/stationProcess';
import { customerState, expectBothClean, openSignedInDesk, poll, prepare, screenshotsDir, sessionState, shot, tellerCall, toSigning, type SignedInDesk, type Windows } from './deskDriver';

const run = promisify(execFile);

/** Where the ink lies, in fractions of its place (0..1 across and down), and which way up an "L" stands. */
interface InkLayout {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  /** Share of the ink in the top-right and bottom-left quarters of its own box: an upright L has none top right. */
  topRight: number;
  bottomLeft: number;
}

/** The ink's layout from a mask (true: ink) of a place `width` × `height` pixels. */
function layoutOf(ink: (x: number, y: number) => boolean, width: number, height: number): InkLayout {
  let x0 = width, y0 = height, x1 = -1, y1 = -1;
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) if (ink(x, y)) {
    x0 = Math.min(x0, x); x1 = Math.max(x1, x); y0 = Math.min(y0, y); y1 = Math.max(y1, y);
  }
  if (x1 < 0) throw new Error('no ink in the place');
  const mx = (x0 + x1) / 2, my = (y0 + y1) / 2;
  let all = 0, topRight = 0, bottomLeft = 0;
  for (let y = y0; y <= y1; y++) for (let x = x0; x <= x1; x++) if (ink(x, y)) {
    all++;
    if (x > mx && y < my) topRight++;
    if (x < mx && y > my) bottomLeft++;
  }
  return { x0: x0 / width, y0: y0 / height, x1: (x1 + 1) / width, y1: (y1 + 1) / height, topRight: topRight / all, bottomLeft: bottomLeft / all };
}

/**
 * How many of 12 points along the edges of the place on the screen have the page's own light-red
 * outline of the field under them on the page's canvas (within 4 px): 12 when the pad or the review
 * lies exactly on the field as the page is drawn, turned or not.
 */
const outlineUnderPlace = (page: Page) => page.evaluate(() => {
  const canvas = document.querySelector<HTMLCanvasElement>('.signature-page-canvas');
  const place = document.querySelector('[data-testid="signature-place"]');
  if (!canvas || !place) return 0;
  const c = canvas.getBoundingClientRect(), p = place.getBoundingClientRect();
  const k = canvas.width / c.width;
  const px = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
  const reddish = (x: number, y: number) => {
    for (let dy = -4; dy <= 4; dy++) for (let dx = -4; dx <= 4; dx++) {
      const i = (Math.round((y - c.top + dy) * k) * canvas.width + Math.round((x - c.left + dx) * k)) * 4;
      if (px[i] > 200 && px[i] - px[i + 1] > 50 && px[i] - px[i + 2] > 50) return true;
    }
    return false;
  };
  let found = 0;
  for (const f of [0.2, 0.5, 0.8]) {
    for (const [x, y] of [[p.left + p.width * f, p.top], [p.left + p.width * f, p.bottom], [p.left, p.top + p.height * f], [p.right, p.top + p.height * f]]) if (reddish(x, y)) found++;
  }
  return found;
});

/** The review's ink, read from its canvas (what the customer sees), in fractions of the place. */
async function reviewedInk(page: Page): Promise<InkLayout> {
  const { width, height, alpha } = await page.locator('[data-testid="review-ink"] canvas').evaluate((el) => {
    const canvas = el as HTMLCanvasElement;
    const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    return { width: canvas.width, height: canvas.height, alpha: Array.from({ length: canvas.width * canvas.height }, (_, i) => data[i * 4 + 3]) };
  });
  return layoutOf((x, y) => alpha[y * width + x] > 128, width, height);
}

/** The sealed ink on the page as poppler renders it (100 dpi, the page as the reader sees it), in fractions of the field. */
async function sealedInk(pdf: Uint8Array, rotation: Rotation, name: string): Promise<InkLayout> {
  const dir = mkdtempSync(join(tmpdir(), 'rotated-seal-'));
  try {
    writeFileSync(join(dir, 'signed.pdf'), pdf);
    const page = String(pageOf(rotation));
    await run('pdftoppm', ['-png', '-r', '100', '-f', page, '-l', page, '-singlefile', join(dir, 'signed.pdf'), join(screenshotsDir, name)]);
    await run('pdftoppm', ['-gray', '-r', '100', '-f', page, '-l', page, '-singlefile', join(dir, 'signed.pdf'), join(dir, 'page')]);
    const bytes = readFileSync(join(dir, 'page.pgm'));
    const m = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(bytes.subarray(0, 64).toString('latin1'))!;
    const W = Number(m[1]);
    const gray = bytes.subarray(m[0].length);
    const k = 100 / 72;
    const f = fieldOnScreen(rotation);
    const [left, top, width, height] = [Math.round(f.left * k), Math.round(f.top * k), Math.round(f.width * k), Math.round(f.height * k)];
    // Near-black only: the ink (the caption's letters sit below it, the field's outline is light).
    const ink = (x: number, y: number) => gray[(top + y) * W + left + x] < 100;
    // The caption's letters are dark too: the L is what lies above the caption's separator line.
    return layoutOf((x, y) => y < height * 0.72 && ink(x, y), width, height);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** An "L" in the pad, one stroke: down the left, then along the bottom (wide, and only one way up). */
async function drawL(customer: Page) {
  const b = (await customer.getByTestId('signature-box').boundingBox())!;
  const at = (fx: number, fy: number) => [b.x + b.width * fx, b.y + b.height * fy] as const;
  await customer.mouse.move(...at(0.3, 0.12));
  await customer.mouse.down();
  for (let i = 1; i <= 20; i++) await customer.mouse.move(...at(0.3, 0.12 + (0.4 * i) / 20), { steps: 2 });
  for (let i = 1; i <= 30; i++) await customer.mouse.move(...at(0.3 + (0.4 * i) / 30, 0.52), { steps: 2 });
  await customer.mouse.up();
}

const expectUpright = (ink: InkLayout, where: string) => {
  expect(ink.topRight, `${where}: the L's top right is empty`).toBeLessThan(0.03);
  expect(ink.bottomLeft, `${where}: the L's foot is at the bottom left`).toBeGreaterThan(0.15);
};

/**
 * Signature places on turned pages (/Rotate 90, 180, 270), end to end in Chromium against browser
 * mode: the pad lies on the field as the page is drawn and has the field's shape as the reader sees
 * it; the review shows the ink where the sealed PDF puts it; the sealed PDF, rendered by poppler,
 * has the L that was drawn, in the field, upright for the reader.
 */
describe('browser mode: signature places on turned pages', () => {
  let station: RunningStation;
  let w: Windows;
  let desk: SignedInDesk | undefined;
  beforeAll(async () => {
    // The review after "Done" is what this test looks at (the e2e station turns it off unless asked).
    desk = await openSignedInDesk({ STATION_DESK_REVIEW_SIGNATURE: 'true', STATION_DESK_THANK_YOU_SECONDS: '2' });
    ({ station, w } = desk);
  });
  afterAll(async () => {
    if (desk) expect(await desk.close()).toBe(0);
    await closePdfParser();
  });

  for (const rotation of rotations) {
    it(`/Rotate ${rotation}: the pad, the review and the sealed ink are where the field is, upright`, async () => {
      const { teller, customer } = w;
      const field = fieldOnScreen(rotation);
      await teller.getByTestId('pdf-file-input').setInputFiles({ name: `rotated-${rotation}.pdf`, mimeType: 'application/pdf', buffer: Buffer.from(await rotatedPagesPdf(`Rotated form ${rotation}`)) });
      const choice = teller.getByLabel(`Signature field “${fieldName(rotation)}” on page ${pageOf(rotation)}`);
      await choice.check();
      await poll(() => teller.getByTestId('field-preview').getAttribute('data-field')).toBe(fieldName(rotation));
      await prepare(teller, 'Rūta Žemaitė');
      await teller.getByRole('button', { name: 'Send to customer' }).click();
      await toSigning(customer, 4);

      // The pad: the field's shape as the reader sees it (300 × 100), lying on its outline on the page.
      await poll(() => customer.getByTestId('signature-place').count()).toBe(1);
      const pad = (await customer.getByTestId('signature-box').boundingBox())!;
      expect(pad.width / pad.height).toBeCloseTo(field.width / field.height, 1);
      await poll(() => outlineUnderPlace(customer), { timeout: 30_000 }).toBe(12);
      await drawL(customer);
      await poll(() => teller.locator('.mirror .ink-canvas').getAttribute('data-strokes')).toBe('1');
      await shot(customer, `customer-rotated-${rotation}-pad`);

      // The review: the same place on the same page, the ink fitted as it will be sealed.
      await customer.getByRole('button', { name: 'Done' }).click();
      await poll(() => customerState(customer)).toBe('review');
      await poll(() => outlineUnderPlace(customer), { timeout: 30_000 }).toBe(12);
      const review = (await customer.getByTestId('signature-place').boundingBox())!;
      expect(review.width / review.height).toBeCloseTo(field.width / field.height, 1);
      // The ink is drawn on the next animation frame after the place takes its shape: wait for an upright L.
      await poll(async () => { const l = await reviewedInk(customer); return l.topRight < 0.03 && l.bottomLeft > 0.15; }).toBe(true);
      const reviewed = await reviewedInk(customer);
      expectUpright(reviewed, 'review');
      await shot(customer, `customer-rotated-${rotation}-review`);
      await shot(teller, `teller-rotated-${rotation}-review`);

      await customer.getByRole('button', { name: 'Confirm' }).click();
      await poll(() => sessionState(teller), { timeout: 30_000 }).toBe('done');
      const { bytes } = await tellerCall(station, 'session.signedPdf', {});
      const sealed = await sealedInk(Buffer.from(bytes), rotation, `sealed-rotated-${rotation}`);
      expectUpright(sealed, 'sealed PDF');
      // Where the review showed it, to a few per cent of the place.
      for (const k of ['x0', 'y0', 'x1', 'y1'] as const) expect(Math.abs(sealed[k] - reviewed[k]), `${k}: sealed ${sealed[k].toFixed(3)}, review ${reviewed[k].toFixed(3)}`).toBeLessThan(0.05);
      await teller.getByRole('button', { name: 'Finish' }).click();
      await expectBothClean(w);
      expect(w.errors).toEqual([]);
    }, 240_000);
  }
});
