import type { Size } from './pageLayout';

/** An item of the page strip: where it sits in the strip's scrolled content (CSS px). */
export interface StripItem { top: number; height: number }

/**
 * Which page thumbnails to draw now: those in the strip's visible part or within `margin` of it,
 * nearest to the visible middle first, and none already drawn — so a 200-page contract draws the
 * dozen thumbnails the customer can see, not 200 canvases up front.
 */
export function thumbnailsToDraw(items: readonly StripItem[], scrollTop: number, viewHeight: number, margin: number, drawn: ReadonlySet<number>): number[] {
  const top = scrollTop - margin;
  const bottom = scrollTop + viewHeight + margin;
  const middle = scrollTop + viewHeight / 2;
  const distance = (r: StripItem) => (middle < r.top ? r.top - middle : middle > r.top + r.height ? middle - r.top - r.height : 0);
  return items
    .map((r, i) => ({ i, r }))
    .filter(({ i, r }) => !drawn.has(i) && r.height > 0 && r.top + r.height >= top && r.top <= bottom)
    .sort((a, b) => distance(a.r) - distance(b.r) || a.i - b.i)
    .map(({ i }) => i);
}

/** Device pixels per PDF point that fit a page whole into a thumbnail's box, sharp on this screen. */
export function thumbnailScale(page: Size, box: Size, pixelRatio: number): number {
  return Math.max(0.01, Math.min(box.width / Math.max(1, page.width), box.height / Math.max(1, page.height)) * pixelRatio);
}
