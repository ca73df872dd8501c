import { useEffect, useLayoutEffect, useRef } from 'react';
import type { CustomerMessages } from '../../i18n/customerMessages';
import { format } from '../../i18n/customerMessages';
import { thumbnailScale, thumbnailsToDraw } from './thumbnailPlan';
import type { LoadedPdf } from './usePdfDocument';

/** The box a thumbnail's page is fitted into (CSS px); the CSS gives `.page-thumb-image` the same size. */
const thumbBox = { width: 60, height: 78 };
/** Thumbnails within this distance of the strip's visible part are drawn before they scroll in. */
const drawMargin = 240;
/** The current item's outline and its offset (CSS px), kept in sight with the item. */
const outlineRoom = 5;

/**
 * The strip of pages beside the document: a small picture of each page with its number under it,
 * marked once read whole (✓, with how much was seen as a bar) and where the signature goes (✎).
 * Pictures are drawn one at a time and only for the items in or near the strip's visible part, so a
 * long contract costs the dozen small canvases the customer can see.
 */
export function PageStrip(props: {
  pdf?: LoadedPdf;
  pages: number;
  current: number;
  seen: readonly number[];
  fractions: readonly number[];
  signaturePage?: number;
  interactive: boolean;
  t: CustomerMessages;
  onGo: (page: number) => void;
}) {
  const { pdf, t } = props;
  const strip = useRef<HTMLElement>(null);
  const holders = useRef<(HTMLSpanElement | null)[]>([]);
  const drawn = useRef(new Set<number>());
  const drawing = useRef(false);
  const docRef = useRef(pdf);

  const drawNear = async () => {
    const el = strip.current;
    const doc = docRef.current;
    if (!el || !doc || drawing.current) return;
    drawing.current = true;
    const ratio = window.devicePixelRatio || 1;
    try {
      for (;;) {
        if (docRef.current !== doc) return;
        const items = [...el.children].map((c) => ({ top: (c as HTMLElement).offsetTop, height: (c as HTMLElement).offsetHeight }));
        const [i] = thumbnailsToDraw(items, el.scrollTop, el.clientHeight, drawMargin, drawn.current);
        if (i === undefined || !doc.pages[i]) return;
        drawn.current.add(i);
        const viewport = doc.pages[i].getViewport({ scale: thumbnailScale(doc.sizes[i], thumbBox, ratio) });
        const canvas = document.createElement('canvas');
        canvas.width = Math.max(1, Math.floor(viewport.width));
        canvas.height = Math.max(1, Math.floor(viewport.height));
        canvas.style.width = `${canvas.width / ratio}px`;
        canvas.style.height = `${canvas.height / ratio}px`;
        canvas.setAttribute('aria-hidden', 'true');
        performance.mark('thumbnail:render-start');
        await doc.pages[i].render({ canvas, viewport }).promise;
        performance.mark('thumbnail:render-end');
        if (docRef.current !== doc) return;
        holders.current[i]?.replaceChildren(canvas);
        holders.current[i]?.setAttribute('data-drawn', 'true');
      }
    } catch {
      // The document was closed while a thumbnail was being drawn.
    } finally {
      drawing.current = false;
    }
  };

  // A new document: no thumbnail of the old one stays.
  useLayoutEffect(() => {
    docRef.current = pdf;
    drawn.current = new Set();
    for (const h of holders.current) {
      h?.replaceChildren();
      h?.removeAttribute('data-drawn');
    }
    void drawNear();
  }, [pdf]);

  useEffect(() => {
    const el = strip.current;
    if (!el) return;
    const observer = new ResizeObserver(() => void drawNear());
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  // The strip keeps the current page's item in sight (a long contract has more than fit).
  useEffect(() => {
    const el = strip.current;
    const item = el?.children[props.current - 1] as HTMLElement | undefined;
    if (!el || !item) return;
    // Room for the current item's outline, which is drawn outside it.
    const top = item.offsetTop - outlineRoom;
    const bottom = item.offsetTop + item.offsetHeight + outlineRoom;
    if (top < el.scrollTop) el.scrollTop = top;
    else if (bottom > el.scrollTop + el.clientHeight) el.scrollTop = bottom - el.clientHeight;
    void drawNear();
  }, [props.current]);

  return (
    <nav className="page-strip" aria-label={t.pagesLabel} ref={strip} data-testid="page-strip" onScroll={() => void drawNear()}>
      {Array.from({ length: props.pages }, (_, i) => {
        const n = i + 1;
        const read = props.seen.includes(n);
        const signature = props.signaturePage === n;
        const fraction = read ? 1 : (props.fractions[i] ?? 0);
        return (
          <button key={n} className="page-chip" disabled={!props.interactive} aria-current={n === props.current ? 'page' : undefined} data-read={read} data-signature={signature || undefined}
            aria-label={[format(t.pageButton, { page: n }), read && t.pageButtonRead, signature && t.pageButtonSignature].filter(Boolean).join(', ')}
            onClick={() => props.onGo(n)}>
            <span className="page-thumb-image" data-testid="page-thumbnail" data-page={n} aria-hidden="true" ref={(el) => void (holders.current[i] = el)} />
            <span className="page-chip-fill" aria-hidden="true" style={{ height: `${Math.round(fraction * 100)}%` }} />
            <span className="page-chip-label" aria-hidden="true">
              <span className="page-chip-number">{n}</span>
              <span className="page-chip-mark">{read ? '✓' : signature ? '✎' : ''}</span>
            </span>
          </button>
        );
      })}
    </nav>
  );
}
