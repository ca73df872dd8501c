import type { Point, Rect, Size } from './pageLayout';

/** A rectangle [x1, y1, x2, y2] on a page as displayed at scale 1 (points, origin top-left), in any corner order. */
export type DisplayRect = readonly [number, number, number, number];

/**
 * Where the signature's box sits on the reading sheet (CSS px): its rectangle on the displayed page
 * (pdf.js's viewport turns the PDF's bottom-left user space, crop box and rotation into it), scaled
 * with the page and placed where the page is.
 */
export function markOnSheet(rect: DisplayRect, page: Rect, scale: number): Rect {
  const [x1, y1, x2, y2] = rect;
  const left = Math.min(x1, x2);
  const top = Math.min(y1, y2);
  return { left: page.left + left * scale, top: page.top + top * scale, width: Math.abs(x2 - x1) * scale, height: Math.abs(y2 - y1) * scale };
}

/** The scroll position that puts the middle of `mark` in the middle of the viewport (the caller clamps it to the content). */
export function centredOn(mark: Rect, viewport: Size): Point {
  return { x: mark.left + mark.width / 2 - viewport.width / 2, y: mark.top + mark.height / 2 - viewport.height / 2 };
}
