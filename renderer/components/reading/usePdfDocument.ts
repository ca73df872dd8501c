import type * as pdfjs from 'pdfjs-dist';
import { useEffect, useState } from 'react';
import type { StationApi } from '../../../preload/common/stationApi';
import { base64ToBytes, openPdf } from '../pdfLoading';
import type { Size } from './pageLayout';

export interface LoadedPdf {
  pages: pdfjs.PDFPageProxy[];
  /** Each page's size in PDF points, as displayed (rotation applied). */
  sizes: Size[];
}

/** The session's document, fetched through the contract and opened by pdf.js; every page's size known up front. */
export function usePdfDocument(api: StationApi, documentId: string | undefined): { pdf?: LoadedPdf; error?: string } {
  const [state, setState] = useState<{ id?: string; pdf?: LoadedPdf; error?: string }>({ id: documentId });
  useEffect(() => {
    if (!documentId) return;
    let cancelled = false;
    let doc: pdfjs.PDFDocumentProxy | undefined;
    setState({ id: documentId });
    (async () => {
      try {
        performance.mark('document:requested');
        const reply = await api.call('document.bytes', { documentId });
        performance.mark('document:received');
        const data = base64ToBytes(reply.base64);
        performance.mark('document:decoded');
        doc = await openPdf(data);
        performance.mark('document:opened');
        const pages: pdfjs.PDFPageProxy[] = [];
        for (let n = 1; n <= doc.numPages && !cancelled; n++) pages.push(await doc.getPage(n));
        performance.mark('document:pages');
        const sizes = pages.map((p) => {
          const v = p.getViewport({ scale: 1 });
          return { width: v.width, height: v.height };
        });
        if (!cancelled) setState({ id: documentId, pdf: { pages, sizes } });
      } catch (err) {
        if (!cancelled) setState({ id: documentId, error: (err as Error).message });
      }
    })();
    return () => {
      cancelled = true;
      void doc?.destroy();
    };
  }, [api, documentId]);
  // Never a page of the previous document while the next one loads.
  return documentId && state.id === documentId ? state : {};
}
