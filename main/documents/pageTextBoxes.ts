import type { PdfRect } from './pdfInfo';

/**
 * Where text is printed on one page (pdf.js text extraction, in PDF user space), so that a default
 * signature box goes into blank space rather than over the words. Runs in the bounded parser thread.
 */
export async function pageTextBoxes(bytes: Uint8Array, pageIndex: number): Promise<PdfRect[]> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, disableFontFace: true, useSystemFonts: false, verbosity: 0 }).promise;
  try {
    const page = await doc.getPage(pageIndex + 1);
    const text = await page.getTextContent();
    type Item = { str: string; transform: number[]; width: number; height: number };
    return (text.items as Item[])
      .filter((i) => typeof i.str === 'string' && i.str.trim() !== '')
      .map((i) => {
        const x = i.transform[4];
        const y = i.transform[5];
        const h = Math.max(i.height || Math.abs(i.transform[3]) || 10, 4);
        // Descenders sit below the baseline: extend a quarter of the height downwards.
        return [x, y - h * 0.25, x + Math.max(i.width, 1), y + h] as PdfRect;
      });
  } finally {
    await doc.destroy();
  }
}
