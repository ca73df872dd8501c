import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sharedDataPath } from '../../config/sharedData';
import { findAnchorText } from '../anchorTextLocator';
import { pageTextBoxes } from '../pageTextBoxes';
import type { PdfRect } from '../pdfInfo';
import { openReference, referenceAnchor, type ReferenceItem } from './testing/pdfjsTextReference';

/**
 * The content-stream text reader against pdf.js (the reference, what the renderer shows) on every
 * page of the real PDFs of the shared corpus.
 *
 * Tolerance: a box edge may be off by max(1.5 pt, 15 % of the font size). pdf.js measures a glyph by
 * the embedded font program where that disagrees with /Widths, and it gives the height of an item as
 * the font size while a glyph's ink may reach a little further; 15 % of the em is under the gap
 * between two lines of normally set text (120 % leading), so the tolerance never bridges a blank line.
 */
const folders = ['ordinary', 'pdfa', 'signature-fields'];
const corpus = sharedDataPath('pdf-corpus');
const files = corpus ? folders.flatMap((f) => readdirSync(join(corpus, f)).filter((n) => n.endsWith('.pdf')).map((n) => join(corpus, f, n))) : [];
if (!corpus) console.log('pdfjsContract: skipped: the shared PDF corpus (../shared/data/pdf-corpus) is absent');

const tolerance = (height: number) => Math.max(1.5, 0.15 * Math.abs(height));
const inside = (x: number, y: number, r: PdfRect, t: number) => x >= r[0] - t && x <= r[2] + t && y >= r[1] - t && y <= r[3] + t;

/** Points on a grid over a box (its edges pulled in by `inset`), `n` × `m` of them. */
function grid(r: PdfRect, inset: number, n = 7, m = 3): [number, number][] {
  const out: [number, number][] = [];
  const [x0, y0, x1, y1] = [r[0] + inset, r[1] + inset, r[2] - inset, r[3] - inset];
  if (x1 < x0 || y1 < y0) return [[(r[0] + r[2]) / 2, (r[1] + r[3]) / 2]];
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) out.push([x0 + ((x1 - x0) * i) / (n - 1), y0 + ((y1 - y0) * j) / (m - 1)]);
  return out;
}

interface PageResult {
  file: string;
  page: number;
  /** pdf.js text not inside our boxes. */
  missed: { str: string; box: PdfRect }[];
  /** Area of our boxes where pdf.js sees no text, and the whole area of our boxes (pt²). */
  blankArea: number;
  ourArea: number;
}

async function comparePage(file: string, bytes: Uint8Array, page: number, ref: ReferenceItem[]): Promise<PageResult> {
  const ours = await pageTextBoxes(bytes, page);
  // An item ending in spaces is measured without them: its width includes their advance, which is blank.
  const printed = ref.filter((i) => i.str.trim() !== '' && i.upright && i.width > 0).map((i) => {
    const kept = i.str.trimEnd().length / i.str.length;
    return kept === 1 ? i : { ...i, box: [i.box[0], i.box[1], i.box[0] + (i.box[2] - i.box[0]) * kept, i.box[3]] as PdfRect };
  });
  const missed = printed.filter((i) => {
    const t = tolerance(i.height);
    return grid(i.box, t).some(([x, y]) => !ours.some((r) => inside(x, y, r, 0)));
  }).map((i) => ({ str: i.str, box: i.box }));
  // Our boxes against every pdf.js item (rotated ones by their own box too): the sampled area no reference box covers.
  const refBoxes = ref.filter((i) => i.str.trim() !== '').map((i) => ({ box: i.upright ? i.box : rotatedBox(i), t: tolerance(i.height) }));
  let blankArea = 0;
  let ourArea = 0;
  for (const r of ours) {
    const area = (r[2] - r[0]) * (r[3] - r[1]);
    const points = grid(r, 0, 9, 3);
    const blank = points.filter(([x, y]) => !refBoxes.some((b) => inside(x, y, b.box, b.t))).length;
    ourArea += area;
    blankArea += (area * blank) / points.length;
  }
  return { file, page, missed, blankArea, ourArea };
}

/** A rotated pdf.js item's box: its run along the rotated baseline, the font size across. */
function rotatedBox(i: ReferenceItem): PdfRect {
  return [i.x - i.height * 1.25 - i.width, i.y - i.height * 1.25 - i.width, i.x + i.height * 1.25 + i.width, i.y + i.height * 1.25 + i.width];
}

const results: PageResult[] = [];
afterAll(() => {
  if (!results.length) return;
  const pages = results.length;
  const missed = results.reduce((s, r) => s + r.missed.length, 0);
  const blank = results.reduce((s, r) => s + r.blankArea, 0);
  const area = results.reduce((s, r) => s + r.ourArea, 0);
  console.log(`pdfjsContract: ${pages} pages of ${files.length} PDFs: ${missed} pdf.js items not covered; ${(100 * blank / Math.max(area, 1)).toFixed(2)} % of our box area blank for pdf.js`);
});

describe.skipIf(!corpus)('the text reader against pdf.js on the real corpus', () => {
  for (const file of files) {
    const name = file.slice(corpus!.length + 1);
    it(`${name}: every printed pdf.js item inside our boxes, no large blank area boxed`, async () => {
      const bytes = readFileSync(file);
      const ref = await openReference(bytes).catch(() => undefined);
      if (!ref) return; // pdf.js cannot open it either (an encrypted sample): nothing to compare
      try {
        for (let p = 0; p < ref.numPages; p++) {
          const r = await comparePage(name, bytes, p, await ref.items(p));
          results.push(r);
          expect(r.missed, `${name} page ${p + 1}: pdf.js text outside our boxes`).toEqual([]);
          // Blank for pdf.js: at most 3 % of our boxed area on a page (rounding at item ends, a space or two).
          expect(r.blankArea, `${name} page ${p + 1}: ${r.blankArea.toFixed(0)} of ${r.ourArea.toFixed(0)} pt² boxed where pdf.js sees no text`).toBeLessThanOrEqual(Math.max(0.03 * r.ourArea, 50));
        }
      } finally {
        await ref.destroy();
      }
    }, 120_000);

    it(`${name}: findAnchorText gives pdf.js's page and nearly its rect for phrases of its text`, async () => {
      const bytes = readFileSync(file);
      const ref = await openReference(bytes).catch(() => undefined);
      if (!ref) return;
      try {
        const phrases: string[] = [];
        for (let p = 0; p < ref.numPages && phrases.length < 6; p++) {
          const words = (await ref.items(p)).filter((i) => i.upright && /[a-z]{3}/i.test(i.str) && i.str.trim().split(/\s+/).length >= 3);
          for (const it of [words[0], words[Math.floor(words.length / 2)]]) {
            if (!it) continue;
            const w = it.str.trim().split(/\s+/);
            phrases.push(w.slice(1, Math.min(w.length, 4)).join(' '));
          }
        }
        for (const phrase of phrases) {
          const want = await referenceAnchor(ref, phrase);
          const got = await findAnchorText(bytes, phrase);
          expect(got?.page, `${name}: '${phrase}'`).toBe(want?.page);
          if (!want || !got) continue;
          const t = tolerance(want.rect[3] - want.rect[1]) * 2;
          got.rect.forEach((v, k) => expect(Math.abs(v - want.rect[k]), `${name}: '${phrase}' rect ${got.rect.map((x) => x.toFixed(1))} vs ${want.rect.map((x) => x.toFixed(1))}`).toBeLessThanOrEqual(t));
        }
      } finally {
        await ref.destroy();
      }
    }, 120_000);
  }
});
