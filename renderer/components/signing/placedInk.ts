import type { InkPoint } from '../../../native/pen/penSample';
import { fitUniform, shapeBounds } from '../../../native/pen/captureSurface';

/**
 * The ink as the sealed PDF will show it in its place (main/documents/inkAppearance.ts): the
 * drawn shape — box coordinates in one unit for x and y, which the box's aspect gives — fitted
 * uniformly and centred into the place's ink area, above the caption lines (name, date). Returned
 * in coordinates of the place (0..1 across and down) for InkCanvas, with where the caption goes.
 */
export function placedInk(strokes: readonly InkPoint[][], place: { width: number; height: number }, captionLines: number): { strokes: InkPoint[][]; captionTop: number } {
  const { width, height } = place;
  // The PDF appearance's layout, in points of the place: margin, caption font and its share.
  const margin = Math.max(1, Math.min(width, height) * 0.04);
  const fontSize = Math.max(4, Math.min(9, (height * 0.32) / Math.max(1, captionLines) / 1.2));
  const captionHeight = captionLines ? captionLines * fontSize * 1.2 + margin : 0;
  const area = { x: margin, y: margin, width: Math.max(1, width - 2 * margin), height: Math.max(1, height - captionHeight - 2 * margin) };
  const aspect = width / height;
  const shape = strokes.map((s) => s.map((p) => ({ x: p.x * aspect, y: p.y, p: p.p, t: p.t })));
  const bounds = shapeBounds(shape);
  if (!bounds) return { strokes: [], captionTop: 1 - captionHeight / height };
  const fit = fitUniform(bounds, area);
  return {
    strokes: shape.map((s) => s.map((p) => {
      const [x, y] = fit.map(p);
      return { x: x / width, y: y / height, p: p.p, t: p.t };
    })),
    captionTop: 1 - captionHeight / height,
  };
}
