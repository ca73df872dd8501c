import type * as pdfjs from 'pdfjs-dist';
import { useEffect, useState } from 'react';
import type { StationApi } from '../../../preload/common/stationApi';
import { holdPdf } from '../windowPdfs';
import type { Size } from './pageLayout';

export interface LoadedPdf {
  pages: pdfjs.PDFPageProxy[];
  /** Each page's size in PDF points, as displayed (rotation applied). */
  sizes: Size[];
}

/** The session's document, the window's one pdf.js copy of it (windowPdfs.ts); every page's size known up front. */
export function usePdfDocument(api: StationApi, documentId: string | undefined): { pdf?: LoadedPdf; error?: string } {
  const [state, setState] = useState<{ id?: string; pdf?: LoadedPdf; error?: string }>({ id: documentId });
  useEffect(() => {
    if (!documentId) return;
    let cancelled = false;
    const held = holdPdf(api, documentId);
    setState({ id: documentId });
    (async () => {
      try {
        const doc = await held.doc;
        // All at once: pdf.js answers them from the worker in one go, not one round trip per page.
        const pages = await Promise.all(Array.from({ length: doc.numPages }, (_, i) => doc.getPage(i + 1)));
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
      held.release();
    };
  }, [api, documentId]);
  // Never a page of the previous document while the next one loads.
  return documentId && state.id === documentId ? state : {};
}
