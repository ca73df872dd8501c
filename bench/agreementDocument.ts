import { PDFDocument, StandardFonts } from 'pdf-lib';

/**
 * The benches' ordinary document: n A4 pages of body text, every page different, as office output
 * would be (classic cross-reference table, no object streams). The seal, memory and text-reader
 * benches measure the same bytes, so their figures can be read side by side.
 */
export async function makeAgreementDocument(pages: number): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let p = 0; p < pages; p++) {
    const page = doc.addPage([595, 842]);
    page.drawText(`Account agreement — page ${p + 1} of ${pages}`, { x: 56, y: 780, size: 14, font });
    for (let l = 0; l < 40; l++) {
      page.drawText(`Clause ${p + 1}.${l + 1}: the customer and the bank agree on terms numbered ${p * 40 + l} in this document.`, { x: 56, y: 750 - l * 17, size: 9, font });
    }
  }
  return doc.save({ useObjectStreams: false });
}
