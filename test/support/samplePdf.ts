import { existsSync, readFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { sharedDataLocation } from '../../main/config/sharedData';

/** A real, small PDF made with pdf-lib, padded with a text page to roughly `approxBytes` when given. */
export async function makeSamplePdf(title = 'Account opening', approxBytes = 0): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.addPage([595, 842]);
  page.drawText(title, { x: 50, y: 780, size: 18, font });
  page.drawText('Signature: ____________________', { x: 50, y: 120, size: 12, font });
  if (approxBytes > 0) {
    // Incompressible filler in an (unreferenced) raw stream object: the file grows by about that much.
    const filler = new Uint8Array(approxBytes);
    let seed = 1;
    for (let i = 0; i < filler.length; i++) {
      seed = (seed * 48271) % 2147483647;
      filler[i] = seed & 0xff;
    }
    doc.context.register(doc.context.stream(filler));
  }
  return doc.save({ useObjectStreams: false });
}

/** The shared real-world PDF corpus (../shared/data/pdf-corpus), or undefined when this machine lacks it. */
export const pdfCorpusDir = join(sharedDataLocation(), 'pdf-corpus') + sep;

export function corpusPdf(relativePath: string): Uint8Array<ArrayBuffer> | undefined {
  const file = pdfCorpusDir + relativePath;
  return existsSync(file) ? new Uint8Array(readFileSync(file)) : undefined;
}
