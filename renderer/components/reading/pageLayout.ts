/**
 * Where each page of a document sits at a zoom, and how the visible window moves over them: pure
 * geometry (no DOM), so zoom, pan and "what part of which page is on screen" are one calculation
 * shared by the customer's window, the teller's mirror and the tests.
 *
 * Zoom 1 is "fit width": the widest page fills the viewport's width less the margins. Pages stack
 * top to bottom, centred across; when they are wider than the viewport the customer pans, the
 * layout never grows sideways.
 */

export interface Size { width: number; height: number }
export interface Point { x: number; y: number }
export interface Rect { left: number; top: number; width: number; height: number }
/** A part of a page in its own fractions: 0..1 across (x) and down (y). */
export interface PagePart { x0: number; y0: number; x1: number; y1: number }

export interface PageLayout {
  /** CSS pixels per PDF point. */
  scale: number;
  /** Each page's place in the content, in CSS pixels. */
  pages: Rect[];
  /** The whole content (pages and margins); never narrower or lower than the viewport. */
  content: Size;
}

/** Space around and between pages (CSS px). */
export const pageMargin = 16;
export const minZoom = 0.25;
export const maxZoom = 4;
/** The steps of the "Larger text" / "Smaller text" buttons. */
export const zoomSteps = [0.5, 0.75, 1, 1.25, 1.5, 2, 2.5, 3, 4];

export const clampZoom = (zoom: number) => Math.min(maxZoom, Math.max(minZoom, zoom));

/** CSS px per point at zoom 1: the widest page fills the width. */
export function fitWidthScale(pages: readonly Size[], viewport: Size): number {
  const widest = Math.max(1, ...pages.map((p) => p.width));
  return Math.max(0.01, (viewport.width - 2 * pageMargin) / widest);
}

/** The zoom at which the whole of one page is on screen at once (never above fit-width). */
export function fitPageZoom(pages: readonly Size[], viewport: Size, pageIndex: number): number {
  const page = pages[Math.min(pages.length - 1, Math.max(0, pageIndex))];
  if (!page) return 1;
  const base = fitWidthScale(pages, viewport);
  const byHeight = (viewport.height - 2 * pageMargin) / (page.height * base);
  const byWidth = (viewport.width - 2 * pageMargin) / (page.width * base);
  return clampZoom(Math.min(1, byHeight, byWidth));
}

export function layoutPages(pages: readonly Size[], viewport: Size, zoom: number): PageLayout {
  const scale = fitWidthScale(pages, viewport) * zoom;
  const widest = Math.max(0, ...pages.map((p) => p.width * scale));
  const width = Math.max(viewport.width, widest + 2 * pageMargin);
  let top = pageMargin;
  const rects = pages.map((p) => {
    const w = p.width * scale;
    const h = p.height * scale;
    const rect = { left: (width - w) / 2, top, width: w, height: h };
    top += h + pageMargin;
    return rect;
  });
  return { scale, pages: rects, content: { width, height: Math.max(viewport.height, top) } };
}

/** The scroll offset kept inside the content (the browser clamps the same way). */
export function clampOffset(offset: Point, content: Size, viewport: Size): Point {
  return {
    x: Math.min(Math.max(0, content.width - viewport.width), Math.max(0, offset.x)),
    y: Math.min(Math.max(0, content.height - viewport.height), Math.max(0, offset.y)),
  };
}

/**
 * The offset after a zoom that keeps the same spot of the same page under `anchor` (a point of the
 * viewport: the fingers' midpoint, the wheel's pointer, or the centre for the buttons).
 */
export function zoomAround(before: PageLayout, after: PageLayout, offset: Point, anchor: Point, viewport: Size): Point {
  const at = { x: offset.x + anchor.x, y: offset.y + anchor.y };
  const index = nearestPage(before, at.y);
  const from = before.pages[index];
  const to = after.pages[index];
  if (!from || !to) return clampOffset(offset, after.content, viewport);
  const fx = (at.x - from.left) / from.width;
  const fy = (at.y - from.top) / from.height;
  return clampOffset({ x: to.left + fx * to.width - anchor.x, y: to.top + fy * to.height - anchor.y }, after.content, viewport);
}

/** The page a content height belongs to (the one containing it, else the closest). */
export function nearestPage(layout: PageLayout, y: number): number {
  let best = 0;
  let bestDistance = Infinity;
  layout.pages.forEach((r, i) => {
    const d = y < r.top ? r.top - y : y > r.top + r.height ? y - r.top - r.height : 0;
    if (d < bestDistance) [best, bestDistance] = [i, d];
  });
  return best;
}

/** The page the customer is on: the one under the middle of the screen (0-based). */
export function currentPageIndex(layout: PageLayout, offset: Point, viewport: Size): number {
  return nearestPage(layout, offset.y + viewport.height / 2);
}

/** Where to scroll to show a page from its top, centred across. */
export function pageOffset(layout: PageLayout, pageIndex: number, viewport: Size): Point {
  const r = layout.pages[pageIndex];
  if (!r) return { x: 0, y: 0 };
  return clampOffset({ x: r.left + r.width / 2 - viewport.width / 2, y: r.top - pageMargin }, layout.content, viewport);
}

/** The part of a page on screen at this offset, in the page's fractions; undefined when none is. */
export function visiblePart(layout: PageLayout, offset: Point, viewport: Size, pageIndex: number): PagePart | undefined {
  const r = layout.pages[pageIndex];
  if (!r || r.width <= 0 || r.height <= 0) return undefined;
  const x0 = Math.max(r.left, offset.x);
  const x1 = Math.min(r.left + r.width, offset.x + viewport.width);
  const y0 = Math.max(r.top, offset.y);
  const y1 = Math.min(r.top + r.height, offset.y + viewport.height);
  if (x1 <= x0 || y1 <= y0) return undefined;
  return { x0: (x0 - r.left) / r.width, x1: (x1 - r.left) / r.width, y0: (y0 - r.top) / r.height, y1: (y1 - r.top) / r.height };
}

/** The scroll position as fractions of how far it can go (0 when it cannot move that way). */
export function offsetFractions(offset: Point, content: Size, viewport: Size): Point {
  const rangeX = content.width - viewport.width;
  const rangeY = content.height - viewport.height;
  return { x: rangeX > 0.5 ? Math.min(1, Math.max(0, offset.x / rangeX)) : 0, y: rangeY > 0.5 ? Math.min(1, Math.max(0, offset.y / rangeY)) : 0 };
}

export function offsetFromFractions(fractions: Point, content: Size, viewport: Size): Point {
  return { x: fractions.x * Math.max(0, content.width - viewport.width), y: fractions.y * Math.max(0, content.height - viewport.height) };
}

/** The next button step up (+1) or down (-1) from any zoom, also one a pinch or "fit page" left between steps. */
export function steppedZoom(zoom: number, direction: 1 | -1): number {
  const next = direction > 0 ? zoomSteps.find((z) => z > zoom + 1e-6) : [...zoomSteps].reverse().find((z) => z < zoom - 1e-6);
  return next ?? zoom;
}
