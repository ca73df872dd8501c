import { z } from 'zod';

/**
 * What the customer's window says about the reading, beside its page, zoom and scroll: the pages
 * it has had WHOLLY on screen so far (every part of each, across scrolls, pans and zooms), and
 * where across it is panned. The session decides "read to the end" from these pages alone — a
 * page number only says where the customer is, not what they saw.
 */
export const readingCoverageShape = {
  /** 1-based pages of the current document seen whole so far, in any order (the window accumulates them). */
  pagesSeen: z.array(z.number().int().positive()).max(10_000).optional(),
  /** Horizontal pan (0 = left edge, 1 = right edge) when the zoomed pages are wider than the screen. */
  scrollLeftFraction: z.number().min(0).max(1).optional(),
};

/** True when every page 1..pageCount is among the pages seen whole. */
export function everyPageSeen(pagesSeen: readonly number[] | undefined, pageCount: number): boolean {
  if (!pagesSeen || pageCount < 1) return false;
  const seen = new Set(pagesSeen);
  for (let page = 1; page <= pageCount; page++) if (!seen.has(page)) return false;
  return true;
}
