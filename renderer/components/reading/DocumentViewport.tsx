import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { CustomerView } from '../../../preload/common/contract';
import { PageCoverage } from './pageCoverage';
import {
  clampOffset, clampZoom, currentPageIndex, fitPageZoom, layoutPages, offsetFractions, offsetFromFractions, pageOffset,
  steppedZoom, visiblePart, zoomAround, type PageLayout, type Point, type Size,
} from './pageLayout';
import { PointerGesture, wheelStep, type GestureStep } from './panGesture';
import { canvasScale, renderPlan } from './renderPlan';
import { centredOn, markOnSheet } from './signatureMark';
import type { LoadedPdf } from './usePdfDocument';

/** What the view tells its owner after every move: where the customer is and what they have seen whole. */
export interface ViewportReport {
  pageCount: number;
  /** 1-based, the page under the middle of the screen. */
  page: number;
  zoom: number;
  scrollFraction: number;
  scrollLeftFraction: number;
  /** Pages seen whole so far (1-based). */
  pagesSeen: number[];
  /** How much of each page has been on screen, 0..1. */
  pageFractions: number[];
}

/** What the reading controls can ask of the view. */
export interface ViewerControls {
  goToPage(page: number): void;
  zoomStep(direction: 1 | -1): void;
  fitPage(): void;
  fitWidth(): void;
  /** The signature's box in the middle of the screen, else the top of its page. */
  goToSignature(): void;
}

const keySteps: Record<string, (vp: Size) => Point> = {
  ArrowDown: () => ({ x: 0, y: 60 }),
  ArrowUp: () => ({ x: 0, y: -60 }),
  ArrowRight: () => ({ x: 60, y: 0 }),
  ArrowLeft: () => ({ x: -60, y: 0 }),
  PageDown: (vp) => ({ x: 0, y: vp.height * 0.9 }),
  PageUp: (vp) => ({ x: 0, y: -vp.height * 0.9 }),
  ' ': (vp) => ({ x: 0, y: vp.height * 0.9 }),
};

/**
 * The document's pages in a window that never grows sideways: the pages move inside it (drag
 * with the pen, a finger or the mouse; pinch; the wheel; the arrow keys), zoom keeps the spot
 * under the fingers in place, and every position is checked against each page to learn which
 * pages have been seen whole. The teller's mirror shows the same window at the customer's zoom and
 * scroll (`follow`), read-only.
 */
export function DocumentViewport(props: {
  pdf?: LoadedPdf;
  error?: string;
  label: string;
  /** Where the signature goes: its page (1-based) and, when known, its box in PDF points, drawn as a mark. */
  signature?: { page: number; rect?: readonly [number, number, number, number]; label: string };
  interactive: boolean;
  follow?: CustomerView;
  controls: React.RefObject<ViewerControls | null>;
  onReport: (report: ViewportReport) => void;
  /** The first page of this document is on screen (or there is none to draw): what may wait for it can start. */
  onFirstPageShown?: (pdf: LoadedPdf) => void;
}) {
  const { pdf, error, signature } = props;
  const box = useRef<HTMLDivElement>(null);
  const [viewport, setViewport] = useState<Size>({ width: 0, height: 0 });
  const [zoom, setZoom] = useState(1);
  const sizes = useMemo(() => pdf?.sizes ?? [], [pdf]);
  const layout = useMemo(() => layoutPages(sizes, viewport, zoom), [sizes, viewport, zoom]);
  // pdf.js's page viewport turns the PDF's user space (crop box, rotation) into the page as displayed.
  const signatureOnPage = useMemo(() => {
    const page = pdf?.pages[(signature?.page ?? 0) - 1];
    return page && signature?.rect ? page.getViewport({ scale: 1 }).convertToViewportRectangle([...signature.rect]) as [number, number, number, number] : undefined;
  }, [pdf, signature?.page, signature?.rect?.join()]);
  const mark = signature && signatureOnPage && layout.pages[signature.page - 1] ? markOnSheet(signatureOnPage, layout.pages[signature.page - 1], layout.scale) : undefined;

  // The logical state, read by handlers between renders.
  const now = useRef({ pdf, layout, viewport, zoom, offset: { x: 0, y: 0 } as Point, mark });
  now.current.mark = mark;
  const committed = useRef<PageLayout | undefined>(undefined);
  const pending = useRef<Point | undefined>(undefined);
  const coverage = useRef(new PageCoverage(0));
  const drawn = useRef<number[]>([]);
  const holders = useRef<(HTMLDivElement | null)[]>([]);
  const rendering = useRef(false);
  const frame = useRef(0);
  const lastReport = useRef('');
  const gesture = useRef(new PointerGesture());
  const [drawnOnScreen, setDrawnOnScreen] = useState(false);

  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    const measure = () => setViewport((v) => (v.width === el.clientWidth && v.height === el.clientHeight ? v : { width: el.clientWidth, height: el.clientHeight }));
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  // A new document starts unread, at fit width, at its top.
  useLayoutEffect(() => {
    coverage.current = new PageCoverage(pdf?.sizes.length ?? 0);
    drawn.current = [];
    committed.current = undefined;
    lastReport.current = '';
    now.current.offset = { x: 0, y: 0 };
    now.current.pdf = pdf;
    for (const holder of holders.current) {
      holder?.replaceChildren();
      holder?.removeAttribute('data-drawn');
    }
  }, [pdf]);

  const scheduleUpdate = () => {
    if (!frame.current) frame.current = requestAnimationFrame(() => {
      frame.current = 0;
      update();
    });
  };

  const moveTo = (p: Point) => {
    const el = box.current;
    if (!el) return;
    const { layout: l, viewport: vp } = now.current;
    const to = clampOffset(p, l.content, vp);
    el.scrollLeft = to.x;
    el.scrollTop = to.y;
    now.current.offset = { x: el.scrollLeft, y: el.scrollTop };
    scheduleUpdate();
  };

  /** Changes the zoom and puts the view where `place` says in the new layout. */
  const applyZoom = (wanted: number, place: (after: PageLayout) => Point) => {
    const { viewport: vp, zoom: current } = now.current;
    const z = clampZoom(wanted);
    const after = layoutPages(now.current.pdf?.sizes ?? [], vp, z);
    const to = clampOffset(place(after), after.content, vp);
    if (Math.abs(z - current) < 1e-9) return moveTo(to);
    now.current = { ...now.current, zoom: z, layout: after, offset: to };
    pending.current = to;
    setZoom(z);
  };

  useLayoutEffect(() => {
    now.current = { ...now.current, layout, viewport, zoom };
    const before = committed.current;
    committed.current = layout;
    if (layout.pages.length === 0 || viewport.width === 0) return;
    const centre = { x: viewport.width / 2, y: viewport.height / 2 };
    const to = pending.current ?? (before && before !== layout ? zoomAround(before, layout, now.current.offset, centre, viewport) : now.current.offset);
    pending.current = undefined;
    moveTo(to);
    // A new document's first page is drawn now, not a frame later: the customer is waiting for it.
    if (!before && frame.current) {
      cancelAnimationFrame(frame.current);
      frame.current = 0;
      update();
    }
  }, [layout]);

  const update = () => {
    report();
    if (now.current.pdf) void drawNext(now.current.pdf);
  };

  /** Adds what is on screen now to the coverage and tells the owner when anything changed. */
  const report = () => {
    const { layout: l, viewport: vp, offset, zoom: z, pdf: doc } = now.current;
    if (!doc || l.pages.length === 0 || vp.width === 0) return;
    l.pages.forEach((_, i) => {
      const part = drawn.current[i] > 0 ? visiblePart(l, offset, vp, i) : undefined;
      if (part) coverage.current.see(i + 1, part);
    });
    const f = offsetFractions(offset, l.content, vp);
    const next: ViewportReport = {
      pageCount: l.pages.length,
      page: currentPageIndex(l, offset, vp) + 1,
      zoom: Math.round(z * 1000) / 1000,
      scrollFraction: Math.round(f.y * 10_000) / 10_000,
      scrollLeftFraction: Math.round(f.x * 10_000) / 10_000,
      pagesSeen: coverage.current.seenPages(),
      pageFractions: l.pages.map((_, i) => Math.floor(coverage.current.fraction(i + 1) * 100) / 100),
    };
    const key = JSON.stringify(next);
    if (key !== lastReport.current) {
      lastReport.current = key;
      props.onReport(next);
    }
  };

  // One page drawn at a time, nearest the middle first; each finished page may add to the coverage.
  const drawNext = async (doc: LoadedPdf) => {
    if (rendering.current) return;
    rendering.current = true;
    const ratio = window.devicePixelRatio || 1;
    try {
      for (;;) {
        const { layout: l, viewport: vp, offset } = now.current;
        if (now.current.pdf !== doc) return;
        const plan = renderPlan(l, offset, vp, drawn.current, ratio);
        for (const i of plan.release) {
          holders.current[i]?.replaceChildren();
          holders.current[i]?.removeAttribute('data-drawn');
          drawn.current[i] = 0;
        }
        setDrawnOnScreen(plan.next === undefined);
        if (plan.next === undefined) return props.onFirstPageShown?.(doc);
        const i = plan.next;
        const scale = canvasScale(l.pages[i], l.scale, ratio);
        const pageViewport = doc.pages[i].getViewport({ scale });
        const canvas = document.createElement('canvas');
        canvas.width = Math.floor(pageViewport.width);
        canvas.height = Math.floor(pageViewport.height);
        canvas.setAttribute('aria-hidden', 'true');
        // Marks for bench/firstPageBench.ts (the breakdown of "Send to customer" → first page).
        performance.mark('page:render-start');
        await doc.pages[i].render({ canvas, viewport: pageViewport }).promise;
        performance.mark('page:render-end');
        if (now.current.pdf !== doc) return;
        const first = drawn.current.every((d) => !d);
        holders.current[i]?.replaceChildren(canvas);
        holders.current[i]?.setAttribute('data-drawn', 'true');
        drawn.current[i] = scale;
        report();
        if (first) {
          // The first page is painted before anything else is drawn: the next pages and the
          // strip's thumbnails would otherwise hold the customer's first sight of the document.
          await afterNextPaint();
          props.onFirstPageShown?.(doc);
        }
      }
    } catch {
      // The document was closed while a page was being drawn (the next document, the end of reading).
    } finally {
      rendering.current = false;
    }
  };

  useEffect(() => () => cancelAnimationFrame(frame.current), []);

  props.controls.current = {
    goToPage: (page) => moveTo(pageOffset(now.current.layout, page - 1, now.current.viewport)),
    zoomStep: (direction) => zoomAt(steppedZoom(now.current.zoom, direction), { x: now.current.viewport.width / 2, y: now.current.viewport.height / 2 }),
    fitPage: () => {
      const { layout: l, viewport: vp, offset } = now.current;
      const index = currentPageIndex(l, offset, vp);
      applyZoom(fitPageZoom(sizes, vp, index), (after) => pageOffset(after, index, vp));
    },
    fitWidth: () => zoomAt(1, { x: now.current.viewport.width / 2, y: 0 }),
    goToSignature: () => {
      const { mark: m, viewport: vp, layout: l } = now.current;
      if (m) moveTo(centredOn(m, vp));
      else if (signature) moveTo(pageOffset(l, signature.page - 1, vp));
    },
  };

  const zoomAt = (z: number, anchor: Point) => {
    const before = now.current.layout;
    const offset = now.current.offset;
    applyZoom(z, (after) => zoomAround(before, after, offset, anchor, now.current.viewport));
  };

  const applyStep = (step: GestureStep) => {
    const o = now.current.offset;
    const panned = { x: o.x + step.pan.x, y: o.y + step.pan.y };
    if (step.zoomFactor === 1) return moveTo(panned);
    const before = now.current.layout;
    applyZoom(now.current.zoom * step.zoomFactor, (after) => zoomAround(before, after, panned, step.anchor, now.current.viewport));
  };

  // The mirror: the customer's zoom and position, as fractions of the same-sized window.
  const follow = props.follow;
  useEffect(() => {
    if (props.interactive || !follow || sizes.length === 0 || viewport.width === 0) return;
    applyZoom(follow.zoom, (after) => offsetFromFractions({ x: follow.scrollLeftFraction ?? 0, y: follow.scrollFraction }, after.content, viewport));
  }, [follow, sizes, viewport, props.interactive]);

  // The wheel needs a listener that may cancel: Ctrl+wheel (a touchpad pinch) would zoom the whole window.
  useEffect(() => {
    const el = box.current;
    if (!el || !props.interactive) return;
    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      const r = el.getBoundingClientRect();
      applyStep(wheelStep(e, { x: e.clientX - r.left, y: e.clientY - r.top }, now.current.viewport.height));
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  }, [props.interactive]);

  const local = (e: React.PointerEvent<HTMLDivElement>): Point => {
    const r = e.currentTarget.getBoundingClientRect();
    return { x: e.clientX - r.left, y: e.clientY - r.top };
  };
  const handlers = props.interactive ? {
    onPointerDown: (e: React.PointerEvent<HTMLDivElement>) => {
      if (e.pointerType === 'mouse' && e.button !== 0) return;
      e.currentTarget.setPointerCapture(e.pointerId);
      gesture.current.down(e.pointerId, local(e));
    },
    onPointerMove: (e: React.PointerEvent<HTMLDivElement>) => {
      const step = gesture.current.move(e.pointerId, local(e));
      if (step) applyStep(step);
    },
    onPointerUp: (e: React.PointerEvent<HTMLDivElement>) => gesture.current.up(e.pointerId),
    onPointerCancel: (e: React.PointerEvent<HTMLDivElement>) => gesture.current.up(e.pointerId),
    onKeyDown: (e: React.KeyboardEvent<HTMLDivElement>) => {
      const vp = now.current.viewport;
      if (keySteps[e.key]) applyStep({ pan: keySteps[e.key](vp), zoomFactor: 1, anchor: { x: 0, y: 0 } });
      else if (e.key === 'Home') moveTo({ x: 0, y: 0 });
      else if (e.key === 'End') moveTo({ x: 0, y: now.current.layout.content.height });
      else if (e.key === '+' || e.key === '=') props.controls.current?.zoomStep(1);
      else if (e.key === '-') props.controls.current?.zoomStep(-1);
      else return;
      e.preventDefault();
    },
  } : {};

  return (
    <div
      className="pdf-pages reading-viewport"
      ref={box}
      tabIndex={props.interactive ? 0 : -1}
      role="region"
      aria-label={props.label}
      aria-busy={!pdf || !drawnOnScreen}
      data-pages={sizes.length}
      data-total={sizes.length}
      data-zoom={zoom}
      data-drawn={drawnOnScreen}
      onScroll={() => {
        const el = box.current;
        if (!el || pending.current) return;
        now.current.offset = { x: el.scrollLeft, y: el.scrollTop };
        scheduleUpdate();
      }}
      {...handlers}
    >
      {error && <p role="alert">{error}</p>}
      <div className="reading-sheet" style={{ width: layout.content.width, height: layout.content.height }}>
        {layout.pages.map((r, i) => (
          <div
            key={i}
            className="pdf-page"
            data-page={i + 1}
            ref={(el) => void (holders.current[i] = el)}
            style={{ left: r.left, top: r.top, width: r.width, height: r.height }}
          />
        ))}
        {mark && signature && (
          <div className="signature-mark" data-testid="signature-mark" style={{ left: mark.left, top: mark.top, width: mark.width, height: mark.height }}>
            <span className="signature-mark-label"><span aria-hidden="true">✎ </span>{signature.label}</span>
          </div>
        )}
      </div>
    </div>
  );
}

/** Resolves in the task after the next frame is painted. */
const afterNextPaint = () => new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
