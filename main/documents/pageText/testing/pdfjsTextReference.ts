import type { PdfRect } from '../../pdfInfo';

/**
 * pdf.js's text extraction, the reference the content-stream reader is held to in the tests (it is
 * what the renderer shows the document with). Only tests import it: main/ no longer loads pdf.js.
 */
export interface ReferenceItem {
  str: string;
  x: number;
  y: number;
  width: number;
  height: number;
  /** Horizontal, left to right: the only items whose box pdf.js's transform and width give exactly. */
  upright: boolean;
  box: PdfRect;
}

export interface ReferenceDocument {
  numPages: number;
  items(page: number): Promise<ReferenceItem[]>;
  destroy(): Promise<void>;
}

export async function openReference(bytes: Uint8Array): Promise<ReferenceDocument> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, disableFontFace: true, useSystemFonts: false, verbosity: 0 }).promise;
  return {
    numPages: doc.numPages,
    async items(page) {
      const p = await doc.getPage(page + 1);
      const text = await p.getTextContent();
      type Item = { str: string; transform: number[]; width: number; height: number };
      return (text.items as Item[]).filter((i) => typeof i.str === 'string').map((i) => {
        const [a, b, c, , e, f] = i.transform;
        // The box the station drew from pdf.js: a quarter of the height below the baseline, the height above.
        const h = Math.max(i.height || Math.abs(i.transform[3]) || 10, 4);
        return { str: i.str, x: e, y: f, width: i.width, height: i.height, upright: a > 0 && Math.abs(b) < 1e-6 && Math.abs(c) < 1e-6, box: [e, f - h * 0.25, e + Math.max(i.width, 1), f + h] as PdfRect };
      });
    },
    destroy: () => doc.destroy(),
  };
}

const norm = (s: string) => s.replace(/\s+/g, ' ').trim().toLowerCase();

/** The anchor search as the station did it with pdf.js: first hit in page order, on items joined per baseline. */
export async function referenceAnchor(doc: ReferenceDocument, anchor: string): Promise<{ page: number; rect: PdfRect } | undefined> {
  const wanted = norm(anchor);
  for (let p = 0; p < doc.numPages; p++) {
    const lines = new Map<number, ReferenceItem[]>();
    for (const it of await doc.items(p)) {
      const y = Math.round(it.y);
      lines.set(y, [...(lines.get(y) ?? []), it]);
    }
    for (const [, line] of lines) {
      line.sort((a, b) => a.x - b.x);
      if (!norm(line.map((i) => i.str).join(' ')).includes(wanted)) continue;
      let acc = '';
      for (const it of line) {
        acc = norm(`${acc} ${it.str}`);
        if (acc.includes(wanted)) return { page: p, rect: [line[0].x, it.y, it.x + it.width, it.y + Math.max(it.height || 10, 6)] };
      }
    }
  }
  return undefined;
}
