import { afterAll, describe, expect, it } from 'vitest';
import { PDFDocument } from 'pdf-lib';
import { closePdfParser, inspectPdf, pdfParserRunning, setPdfParserIdleStop } from './inspectPdf';

afterAll(() => closePdfParser());

async function onePagePdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.addPage([595, 842]);
  return doc.save();
}

async function until(check: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return check();
}

describe('the parsing thread stops when idle', () => {
  it('keeps running while requests come within the idle time, ends after it, and restarts for the next document', async () => {
    setPdfParserIdleStop(400);
    const pdf = await onePagePdf();
    for (let i = 0; i < 4; i++) {
      expect((await inspectPdf(pdf)).pageCount).toBe(1);
      expect(pdfParserRunning()).toBe(true);
      await new Promise((r) => setTimeout(r, 150));
      expect(pdfParserRunning()).toBe(true);
    }
    expect(await until(() => !pdfParserRunning(), 5_000)).toBe(true);
    expect((await inspectPdf(pdf)).pageCount).toBe(1);
    expect(pdfParserRunning()).toBe(true);
  });
});
