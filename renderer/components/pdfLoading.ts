import * as pdfjs from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';

pdfjs.GlobalWorkerOptions.workerSrc = workerUrl;
// One pdf.js worker for the window's life, started as the window loads: a worker per document
// made every "Send to customer" wait for the worker script to load and compile before page 1.
const windowWorker = typeof Worker === 'undefined' ? undefined : new pdfjs.PDFWorker();

/**
 * Opens a PDF with pdf.js on the window's one worker, without eval and without XFA (documents come
 * from outside). pdf.js takes (detaches) the bytes' buffer: after this the window's main thread
 * holds no copy of them, only the worker does, until the document is destroyed.
 */
export function openPdf(data: Uint8Array): Promise<pdfjs.PDFDocumentProxy> {
  return pdfjs.getDocument({ data, worker: windowWorker, isEvalSupported: false, enableXfa: false }).promise;
}
