import type { PDFDocumentProxy } from 'pdfjs-dist';
import { useEffect, useState } from 'react';
import type { StationApi } from '../../preload/common/stationApi';
import { createPdfDocumentCache, type HeldDocument, type PdfDocumentCache } from './pdfDocumentCache';
import { openPdf } from './pdfLoading';

/**
 * The performance marks the window's document loading and page drawing leave, read by
 * bench/firstPageBench.ts and the e2e tests (one fetch per document; nothing left after a
 * signing). A new document's fetch clears the previous document's, so they never pile up.
 */
const documentMarks = ['document:requested', 'document:received', 'document:opened', 'document:pages', 'document:destroyed', 'page:render-start', 'page:render-end', 'thumbnail:render-start', 'thumbnail:render-end'];

// One cache per window (a window has one StationApi): its documents, fetched through the contract.
const caches = new WeakMap<StationApi, PdfDocumentCache>();

function cacheOf(api: StationApi): PdfDocumentCache {
  let cache = caches.get(api);
  if (!cache) {
    cache = createPdfDocumentCache<PDFDocumentProxy>(async (documentId) => {
      for (const name of documentMarks) performance.clearMarks(name);
      performance.mark('document:requested');
      const { bytes } = await api.call('document.bytes', { documentId });
      performance.mark('document:received');
      const doc = await openPdf(bytes);
      performance.mark('document:opened');
      return doc;
    }, () => performance.mark('document:destroyed'));
    caches.set(api, cache);
  }
  return cache;
}

/** Holds the window's one pdf.js copy of a document (see pdfDocumentCache.ts); release it when done. */
export function holdPdf(api: StationApi, documentId: string): HeldDocument<PDFDocumentProxy> {
  return cacheOf(api).hold(documentId);
}

/** Holds the document while `documentId` is given and the component is mounted; its pdf.js copy once held. */
export function useHeldPdf(api: StationApi, documentId: string | undefined): Promise<PDFDocumentProxy> | undefined {
  const [held, setHeld] = useState<HeldDocument<PDFDocumentProxy>>();
  useEffect(() => {
    if (!documentId) return;
    const h = holdPdf(api, documentId);
    setHeld(h);
    return () => h.release();
  }, [api, documentId]);
  return documentId && held?.documentId === documentId ? held.doc : undefined;
}
