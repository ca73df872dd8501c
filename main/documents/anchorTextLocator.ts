import type { PdfRect } from './pdfInfo';

/**
 * Finds where a phrase is printed, with pdf.js's text extraction (the same engine the renderer
 * shows the document with, so "after these words" means what the customer sees). Matching ignores
 * case and runs of whitespace; the first occurrence in page order wins.
 */
export interface AnchorHit {
  page: number;
  /** Box of the matched text line segment in PDF user space. */
  rect: PdfRect;
}

const norm = (s: string) => s.replace(/\s+/g, ' ').trim().toLowerCase();

export async function findAnchorText(bytes: Uint8Array, anchor: string, maxPages = 500): Promise<AnchorHit | undefined> {
  const wanted = norm(anchor);
  if (!wanted) return undefined;
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const task = pdfjs.getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, disableFontFace: true, useSystemFonts: false, verbosity: 0 });
  const doc = await task.promise;
  try {
    for (let p = 1; p <= Math.min(doc.numPages, maxPages); p++) {
      const page = await doc.getPage(p);
      const text = await page.getTextContent();
      // Join items on one baseline so that a phrase split across items still matches.
      type Item = { str: string; transform: number[]; width: number; height: number };
      const items = (text.items as Item[]).filter((i) => typeof i.str === 'string');
      const lines = new Map<number, Item[]>();
      for (const it of items) {
        const y = Math.round(it.transform[5]);
        const line = lines.get(y) ?? [];
        line.push(it);
        lines.set(y, line);
      }
      for (const [, line] of lines) {
        line.sort((a, b) => a.transform[4] - b.transform[4]);
        const joined = norm(line.map((i) => i.str).join(' '));
        if (!joined.includes(wanted)) continue;
        // Locate the item where the phrase ends, to place the box after it.
        let acc = '';
        for (const it of line) {
          acc = norm(`${acc} ${it.str}`);
          if (acc.includes(wanted)) {
            const x0 = line[0].transform[4];
            const y0 = it.transform[5];
            const h = Math.max(it.height || Math.abs(it.transform[3]) || 10, 6);
            return { page: p - 1, rect: [x0, y0, it.transform[4] + it.width, y0 + h] };
          }
        }
      }
      page.cleanup();
    }
    return undefined;
  } finally {
    await doc.destroy();
  }
}
