import { getStroke } from 'perfect-freehand';

/**
 * The one ink model of the station: how a stroke's outline is made from its points, used by the
 * customer's screen and the teller's mirror (renderer InkCanvas) and by the sealed PDF
 * (main/documents/inkAppearance), so that what the customer saw is what the document shows.
 *
 * The pen's width is a fixed fraction of the size of what is drawn (the signature box on screen,
 * the signature's own extent in the PDF), so a signature scaled down to a small field gets a thinner
 * pen with it and its small loops stay open; pressure thins and thickens it around that width.
 */
export const inkStrokeOptions = {
  /** How much pressure changes the width: 0 none; at 0.6 a light touch draws 0.4×, a firm one 1.6× (radius 0.2…0.8 × size). */
  thinning: 0.6,
  smoothing: 0.5,
  streamline: 0.3,
} as const;

/** Pen width at medium pressure as a fraction of √(width × height) of what is drawn. */
export const INK_WIDTH_FRACTION = 0.012;

/** The pen's width (perfect-freehand `size`) for ink drawn over an extent, in the extent's unit. */
export function inkSize(extent: { width: number; height: number }): number {
  const w = Math.max(0, extent.width);
  const h = Math.max(0, extent.height);
  // A straight line has no area: measure it by a tenth of its length instead.
  const area = Math.max(w * h, (Math.max(w, h) / 10) ** 2);
  return INK_WIDTH_FRACTION * Math.sqrt(area);
}

/** [x, y, pressure 0..1] in any unit in which x and y are comparable. */
export type InkInputPoint = readonly [number, number, number];

/**
 * The filled outline of one stroke (a closed polygon). `hasPressure` false (a mouse, a pen without
 * pressure) draws an even line at the nominal width rather than guessing pressure from speed.
 */
export function inkOutline(points: readonly InkInputPoint[], size: number, hasPressure: boolean): number[][] {
  const pts = points.map(([x, y, p]) => [x, y, hasPressure ? Math.max(0.05, Math.min(1, p)) : 0.5]);
  return getStroke(pts, { ...inkStrokeOptions, size, simulatePressure: false, last: true });
}
