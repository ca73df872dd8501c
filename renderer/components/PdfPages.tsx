import * as pdfjs from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';
import { useEffect, useRef, useState } from 'react';
import type { CustomerView } from '../../preload/common/contract';
import type { StationApi } from '../../preload/common/stationApi';

pdfjs.GlobalWorkerOptions.workerSrc = workerUrl;

export function base64ToBytes(b64: string): Uint8Array {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/**
 * Every page of a document, rendered by pdf.js into canvases, one under the other. The customer
 * scrolls it; the teller's mirror follows the customer's scroll position (view prop).
 */
export function PdfPages(props: {
  api: StationApi;
  /** The inbox document to show (fetched through the contract)… */
  documentId?: string;
  /** …or bytes the window already holds (the sealed copy after signing). */
  bytes?: Uint8Array;
  zoom: number;
  onView?: (view: Omit<CustomerView, 'signatureBox'>) => void;
  follow?: CustomerView;
  label: string;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const [pages, setPages] = useState<HTMLCanvasElement[]>([]);
  const [error, setError] = useState<string>();

  useEffect(() => {
    let cancelled = false;
    let doc: pdfjs.PDFDocumentProxy | undefined;
    (async () => {
      try {
        // pdf.js takes ownership of (detaches) the buffer it is given: hand it a copy.
        const data = props.bytes ? props.bytes.slice() : base64ToBytes((await props.api.call('document.bytes', { documentId: props.documentId! })).base64);
        doc = await pdfjs.getDocument({ data, isEvalSupported: false, enableXfa: false }).promise;
        const width = (scroller.current?.clientWidth ?? 800) - 32;
        const rendered: HTMLCanvasElement[] = [];
        for (let n = 1; n <= doc.numPages && !cancelled; n++) {
          const page = await doc.getPage(n);
          const base = page.getViewport({ scale: 1 });
          const scale = (width / base.width) * props.zoom * (window.devicePixelRatio || 1);
          const viewport = page.getViewport({ scale });
          const canvas = document.createElement('canvas');
          canvas.width = Math.floor(viewport.width);
          canvas.height = Math.floor(viewport.height);
          canvas.style.width = `${Math.floor(viewport.width / (window.devicePixelRatio || 1))}px`;
          canvas.setAttribute('role', 'img');
          canvas.setAttribute('aria-label', `page ${n}`);
          await page.render({ canvas, viewport }).promise;
          rendered.push(canvas);
        }
        if (!cancelled) setPages(rendered);
      } catch (err) {
        if (!cancelled) setError((err as Error).message);
      }
    })();
    return () => {
      cancelled = true;
      doc?.destroy();
    };
  }, [props.api, props.documentId, props.bytes, props.zoom]);

  // The mirror follows the customer's scroll position.
  useEffect(() => {
    const el = scroller.current;
    if (!el || !props.follow) return;
    el.scrollTop = props.follow.scrollFraction * Math.max(0, el.scrollHeight - el.clientHeight);
  }, [props.follow, pages]);

  const report = () => {
    const el = scroller.current;
    if (!el || !props.onView || pages.length === 0) return;
    const max = Math.max(1, el.scrollHeight - el.clientHeight);
    const fraction = Math.min(1, el.scrollTop / max);
    const reachedEnd = el.scrollTop + el.clientHeight >= el.scrollHeight - 8;
    const pageHeight = el.scrollHeight / pages.length;
    const page = Math.min(pages.length, Math.floor((el.scrollTop + el.clientHeight / 2) / pageHeight) + 1);
    props.onView({ page, scrollFraction: fraction, zoom: props.zoom, reachedEnd });
  };
  useEffect(report, [pages]);

  return (
    <div className="pdf-pages" ref={scroller} onScroll={report} tabIndex={0} role="region" aria-label={props.label} data-pages={pages.length}>
      {error && <p role="alert">{error}</p>}
      {pages.map((canvas, i) => (
        <div key={i} className="pdf-page" ref={(el) => { if (el && !el.firstChild) el.appendChild(canvas); }} />
      ))}
    </div>
  );
}
