import { PDFArray, PDFContext, PDFDict, type PDFObject } from 'pdf-lib';
import type { PdfDocumentModel } from '../pdfDocumentModel';
import { dictEntry, dictOf, lookup, streamData } from './pdfObjects';
import { IDENTITY, TextContentInterpreter, type TextReadBudget } from './textContentInterpreter';
import { TextItemCollector, type TextItem } from './textItemCollector';

/**
 * The text items of one page in PDF user space (what pdf.js's getTextContent gives, read by our
 * own content-stream reader over the lazy pdf-lib model): the page's content (a stream or an array
 * of streams, run as one), its /Resources inherited through the page tree.
 */
export interface PageTextLimits {
  /** Operators run for one page, its forms included. */
  maxOperators: number;
  /** Bytes decoded for one page: its content streams and its forms, each time one is run. */
  maxDecodedBytes: number;
}

export const DEFAULT_PAGE_TEXT_LIMITS: PageTextLimits = { maxOperators: 2_000_000, maxDecodedBytes: 64 << 20 };
const MAX_INHERITANCE_DEPTH = 64;
const MAX_CONTENT_PARTS = 10_000;

export function pageTextItems(model: PdfDocumentModel, pageIndex: number, limits: PageTextLimits = DEFAULT_PAGE_TEXT_LIMITS): TextItem[] {
  return pageTextItemsWithin(model, pageIndex, { operators: limits.maxOperators, decodedBytes: limits.maxDecodedBytes });
}

/** The same, spending `budget` (which it lowers by what the page used: a search shares one over its pages). */
export function pageTextItemsWithin(model: PdfDocumentModel, pageIndex: number, budget: TextReadBudget): TextItem[] {
  const page = model.pages[pageIndex];
  if (!page) return [];
  const ctx = model.doc.context;
  const dict = page.dict;
  const content = pageContent(ctx, dict, budget);
  const collector = new TextItemCollector(page.box);
  new TextContentInterpreter(ctx, collector, budget).run(content, inheritedResources(ctx, dict), IDENTITY);
  collector.flush();
  return collector.items;
}

/** /Resources of the page, else of the nearest ancestor in the page tree that has them. */
function inheritedResources(ctx: PDFContext, page: PDFDict): PDFDict | undefined {
  const seen = new Set<PDFObject>();
  let node: PDFDict | undefined = page;
  for (let depth = 0; node && depth < MAX_INHERITANCE_DEPTH && !seen.has(node); depth++) {
    seen.add(node);
    const own = dictOf(ctx, dictEntry(ctx, node, 'Resources'));
    if (own) return own;
    node = dictOf(ctx, dictEntry(ctx, node, 'Parent'));
  }
  return undefined;
}

/** The page's content streams decoded and joined (with a line break: a token may not span two). */
function pageContent(ctx: PDFContext, page: PDFDict, budget: TextReadBudget): Uint8Array {
  const contents = dictEntry(ctx, page, 'Contents');
  const parts = contents instanceof PDFArray ? contents.asArray().slice(0, MAX_CONTENT_PARTS) : contents ? [contents] : [];
  const decoded: Uint8Array[] = [];
  let total = 0;
  for (const part of parts) {
    const data = streamData(ctx, lookup(ctx, part), budget.decodedBytes - total, 'page content');
    if (!data) continue;
    decoded.push(data);
    total += data.length + 1;
  }
  budget.decodedBytes -= total;
  const out = new Uint8Array(total);
  let at = 0;
  for (const d of decoded) {
    out.set(d, at);
    out[at + d.length] = 0x0a;
    at += d.length + 1;
  }
  return out;
}
