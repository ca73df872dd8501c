import { openPdfModel } from './pdfDocumentModel';
import type { PdfRect } from './pdfInfo';
import { pageTextItems } from './pageText/pageTextItems';

/**
 * Where text is printed on one page (PDF user space), so that a default signature box goes into
 * blank space rather than over the words: one box per text item of our content-stream reader
 * (pageText/), from a quarter of the font size below the baseline to the font size above it.
 * Runs in the bounded parser thread.
 */
export async function pageTextBoxes(bytes: Uint8Array, pageIndex: number): Promise<PdfRect[]> {
  const model = await openPdfModel(bytes);
  return pageTextItems(model, pageIndex)
    .filter((i) => i.str.trim() !== '' || i.width > 0)
    .map((i) => {
      const [x0, y0, x1, y1] = i.box;
      return [x0, y0, Math.max(x1, x0 + 1), y1] as PdfRect;
    });
}
