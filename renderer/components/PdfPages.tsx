import type * as pdfjs from 'pdfjs-dist';
import { useEffect, useRef, useState } from 'react';
import { openPdf } from './pdfLoading';

/**
 * Every page of a document, rendered by pdf.js into canvases, one under the other, in a scrolling
 * box: the sealed copy in the teller's dialog. (The customer reads in reading/ReadingView.)
 */
export function PdfPages(props: {
  /** The bytes the window holds (the sealed copy after signing). */
  bytes: Uint8Array;
  zoom: number;
  /** Called with the page in view whenever it scrolls (and once the pages are drawn). */
  onView?: (view: { page: number; scrollFraction: number }) => void;
  label: string;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const [pages, setPages] = useState<HTMLCanvasElement[]>([]);
  const [total, setTotal] = useState(0);
  const [error, setError] = useState<string>();
  const shownDocument = useRef<unknown>(undefined);

  useEffect(() => {
    let cancelled = false;
    let doc: pdfjs.PDFDocumentProxy | undefined;
    // A new document never shows a page of the previous one; a new zoom keeps the old pages until
    // the new ones are ready (no flash, no jump). A new document's pages appear one by one as pdf.js
    // renders them, so a long contract starts reading at once.
    const newDocument = shownDocument.current !== props.bytes;
    if (newDocument) {
      shownDocument.current = props.bytes;
      setPages([]);
      setTotal(0);
    }
    (async () => {
      try {
        // pdf.js takes ownership of (detaches) the buffer it is given: hand it a copy.
        const data = props.bytes.slice();
        doc = await openPdf(data);
        const width = (scroller.current?.clientWidth ?? 800) - 32;
        const rendered: HTMLCanvasElement[] = [];
        if (!cancelled) setTotal(doc.numPages);
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
          if (newDocument && !cancelled) setPages([...rendered]);
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
  }, [props.bytes, props.zoom]);

  const report = () => {
    const el = scroller.current;
    if (!el || !props.onView || pages.length === 0) return;
    const max = Math.max(1, el.scrollHeight - el.clientHeight);
    const fraction = Math.min(1, el.scrollTop / max);
    const pageHeight = el.scrollHeight / pages.length;
    const page = Math.min(pages.length, Math.floor((el.scrollTop + el.clientHeight / 2) / pageHeight) + 1);
    props.onView({ page, scrollFraction: fraction });
  };
  useEffect(report, [pages, total]);

  return (
    <div className="pdf-pages" ref={scroller} onScroll={report} tabIndex={0} role="region" aria-label={props.label} data-pages={pages.length} data-total={total} aria-busy={pages.length < total}>
      {error && <p role="alert">{error}</p>}
      {pages.map((canvas, i) => (
        <div key={i} className="pdf-page" ref={(el) => { if (el && el.firstChild !== canvas) el.replaceChildren(canvas); }} />
      ))}
    </div>
  );
}
