import { openPdfModel } from './pdfDocumentModel';
import type { PdfRect } from './pdfInfo';
import { DEFAULT_PAGE_TEXT_LIMITS, pageTextItemsWithin } from './pageText/pageTextItems';
import type { TextItem } from './pageText/textItemCollector';

/**
 * Finds where a phrase is printed, with our content-stream text reader (pageText/), whose items are
 * joined as pdf.js joins them (the engine the renderer shows the document with, so "after these
 * words" means what the customer sees). Matching ignores case and runs of whitespace; the first
 * occurrence in page order wins.
 */
export interface AnchorHit {
  page: number;
  /** Box of the matched text line segment in PDF user space. */
  rect: PdfRect;
}

const norm = (s: string) => s.replace(/\s+/g, ' ').trim().toLowerCase();

/** The whole search may do ten pages' worth of the per-page caps, however its pages share them. */
const SEARCH_PAGES_WORTH = 10;

export async function findAnchorText(bytes: Uint8Array, anchor: string, maxPages = 500): Promise<AnchorHit | undefined> {
  const wanted = norm(anchor);
  if (!wanted) return undefined;
  const model = await openPdfModel(bytes);
  const { maxOperators, maxDecodedBytes } = DEFAULT_PAGE_TEXT_LIMITS;
  const left = { operators: SEARCH_PAGES_WORTH * maxOperators, decodedBytes: SEARCH_PAGES_WORTH * maxDecodedBytes };
  for (let p = 0; p < Math.min(model.pages.length, maxPages) && left.operators > 0 && left.decodedBytes > 0; p++) {
    const page = { operators: Math.min(left.operators, maxOperators), decodedBytes: Math.min(left.decodedBytes, maxDecodedBytes) };
    const start = { ...page };
    const hit = findOnPage(pageTextItemsWithin(model, p, page), wanted);
    left.operators -= start.operators - Math.max(page.operators, 0);
    left.decodedBytes -= start.decodedBytes - Math.max(page.decodedBytes, 0);
    if (hit) return { page: p, rect: hit };
  }
  return undefined;
}

function findOnPage(items: TextItem[], wanted: string): PdfRect | undefined {
  // Join items on one baseline so that a phrase split across items still matches.
  const lines = new Map<number, TextItem[]>();
  for (const it of items) {
    const y = Math.round(it.y);
    const line = lines.get(y) ?? [];
    line.push(it);
    lines.set(y, line);
  }
  for (const [, line] of lines) {
    line.sort((a, b) => a.x - b.x);
    const joined = norm(line.map((i) => i.str).join(' '));
    if (!joined.includes(wanted)) continue;
    // Locate the item where the phrase ends, to place the box after it.
    let acc = '';
    for (const it of line) {
      acc = norm(`${acc} ${it.str}`);
      if (acc.includes(wanted)) {
        const h = Math.max(it.height || 10, 6);
        return [line[0].x, it.y, it.x + it.width, it.y + h];
      }
    }
  }
  return undefined;
}
