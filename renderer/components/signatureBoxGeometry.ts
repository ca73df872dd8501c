import { minSignatureBox } from '../../preload/common/placeTarget';

/**
 * The geometry of a signature box on a rendered page, in the page's on-screen pixels (origin top
 * left, as the teller sees it, whatever the page's rotation). Pure: no DOM, no pdf.js; the picker
 * turns these boxes into PDF points with pdf.js's viewport.
 */
export interface ScreenBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const boxPresets = ['bottom-right', 'bottom-left', 'bottom-centre', 'middle', 'top-right', 'top-left'] as const;
export type BoxPreset = (typeof boxPresets)[number];

/**
 * A preset position for a page shown `width`×`height` pixels at `pxPerPt` pixels per point: the
 * station's usual box (220 × 90 pt, smaller on narrow pages), a margin from the edges.
 */
export function presetBox(preset: BoxPreset, width: number, height: number, pxPerPt: number): ScreenBox {
  const w = Math.min(220 * pxPerPt, width * 0.45);
  const h = Math.min(90 * pxPerPt, w * 0.42, height * 0.3);
  const m = Math.min(40 * pxPerPt, width * 0.06);
  const left = m;
  const right = width - m - w;
  const centre = (width - w) / 2;
  const top = m;
  const bottom = height - m - h;
  const [x, y] = {
    'bottom-right': [right, bottom],
    'bottom-left': [left, bottom],
    'bottom-centre': [centre, bottom],
    middle: [centre, (height - h) / 2],
    'top-right': [right, top],
    'top-left': [left, top],
  }[preset];
  return { x, y, width: w, height: h };
}

/** The box between where a drag started and where the pointer is now, kept on the page. */
export function dragBox(from: { x: number; y: number }, to: { x: number; y: number }, width: number, height: number): ScreenBox {
  const clamp = (v: number, max: number) => Math.min(Math.max(v, 0), max);
  const x1 = clamp(Math.min(from.x, to.x), width);
  const y1 = clamp(Math.min(from.y, to.y), height);
  const x2 = clamp(Math.max(from.x, to.x), width);
  const y2 = clamp(Math.max(from.y, to.y), height);
  return { x: x1, y: y1, width: x2 - x1, height: y2 - y1 };
}

/** Big enough for a signature? (A click without a drag, or a sliver, is not a box.) */
export function holdsSignature(box: ScreenBox, pxPerPt: number): boolean {
  return box.width >= minSignatureBox.width * pxPerPt && box.height >= minSignatureBox.height * pxPerPt;
}

/**
 * The keyboard's way to fine-tune a box: arrows move it `step` pixels, with Shift they change its
 * size (right/down larger, left/up smaller); it stays on the page and big enough for a signature.
 * Undefined for any other key.
 */
export function nudgeBox(box: ScreenBox, key: string, resize: boolean, step: number, width: number, height: number, pxPerPt: number): ScreenBox | undefined {
  const d = ({ ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] } as Record<string, [number, number]>)[key];
  if (!d) return undefined;
  if (resize) {
    const w = Math.min(Math.max(box.width + d[0], minSignatureBox.width * pxPerPt), width - box.x);
    const h = Math.min(Math.max(box.height + d[1], minSignatureBox.height * pxPerPt), height - box.y);
    return { ...box, width: w, height: h };
  }
  return {
    ...box,
    x: Math.min(Math.max(box.x + d[0], 0), width - box.width),
    y: Math.min(Math.max(box.y + d[1], 0), height - box.height),
  };
}
