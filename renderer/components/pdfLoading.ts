import * as pdfjs from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';

pdfjs.GlobalWorkerOptions.workerSrc = workerUrl;
// One pdf.js worker for the window's life, started as the window loads: a worker per document
// made every "Send to customer" wait for the worker script to load and compile before page 1.
const windowWorker = typeof Worker === 'undefined' ? undefined : new pdfjs.PDFWorker();

/** Opens a PDF with pdf.js on the window's one worker, without eval and without XFA (documents come from outside). */
export function openPdf(data: Uint8Array): Promise<pdfjs.PDFDocumentProxy> {
  return pdfjs.getDocument({ data, worker: windowWorker, isEvalSupported: false, enableXfa: false }).promise;
}

export function base64ToBytes(b64: string): Uint8Array {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}
