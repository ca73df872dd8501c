import type { PageLayout, Point, Size } from './pageLayout';

/** The largest canvas a page gets (pixels): a 300 % A4 page on a 2× screen stays within memory. */
export const maxCanvasPixels = 16_000_000;

/**
 * Which page to draw next: only pages on screen or within one screen of it, nearest to the middle
 * first, at the sharpness the zoom asks for; pages far away give their canvases back, so a long
 * contract at 300 % does not hold hundreds of megabytes.
 */
export function renderPlan(layout: PageLayout, offset: Point, viewport: Size, drawnScales: readonly number[], pixelRatio: number): { next?: number; release: number[] } {
  const near = { top: offset.y - viewport.height, bottom: offset.y + 2 * viewport.height };
  const far = { top: offset.y - 3 * viewport.height, bottom: offset.y + 4 * viewport.height };
  const middle = offset.y + viewport.height / 2;
  let next: number | undefined;
  let nextDistance = Infinity;
  const release: number[] = [];
  layout.pages.forEach((r, i) => {
    const bottom = r.top + r.height;
    if (bottom < far.top || r.top > far.bottom) {
      if (drawnScales[i] > 0) release.push(i);
      return;
    }
    if (bottom < near.top || r.top > near.bottom) return;
    const wanted = canvasScale(r, layout.scale, pixelRatio);
    if (Math.abs((drawnScales[i] ?? 0) - wanted) <= wanted * 0.01) return;
    const distance = middle < r.top ? r.top - middle : middle > bottom ? middle - bottom : 0;
    if (distance < nextDistance) [next, nextDistance] = [i, distance];
  });
  return { next, release };
}

/** Device pixels per PDF point for a page drawn at this layout scale, within the canvas limit. */
export function canvasScale(page: { width: number; height: number }, layoutScale: number, pixelRatio: number): number {
  const wanted = layoutScale * pixelRatio;
  const pointsArea = (page.width / layoutScale) * (page.height / layoutScale);
  return Math.min(wanted, Math.sqrt(maxCanvasPixels / Math.max(1, pointsArea)));
}
