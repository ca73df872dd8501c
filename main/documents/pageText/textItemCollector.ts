import type { PdfRect } from '../pdfInfo';

/**
 * Joins shown glyphs into text items the way pdf.js's getTextContent does, so that boxes and anchor
 * lines mean the same as in the renderer: a glyph continues the current item when it sits on the
 * same line within 0.6 em after the previous one (a gap of over 0.102 em reads as a space); a
 * larger gap, a step back of over 0.2 em, a line change or another orientation starts a new item.
 * White-space glyphs only advance the pen (as in pdf.js), so an item ends at its last printed glyph.
 * Glyphs whose origin lies outside the page box are dropped, as pdf.js drops them.
 */
export type Matrix = [number, number, number, number, number, number];

export interface PlacedGlyph {
  text: string;
  /** The text rendering matrix: glyph space (1 = one em) to user space. */
  trm: Matrix;
  /** The advance in em along the writing direction. */
  advance: number;
  vertical: boolean;
  emHeight: number;
  /** No ink: a space, which only moves the pen. */
  space: boolean;
}

export interface TextItem {
  str: string;
  /** The first glyph's origin (on the baseline), user space. */
  x: number;
  y: number;
  /** Along the baseline to the end of the last glyph, and the font size, both in user space. */
  width: number;
  height: number;
  /** The box around the item's glyphs (a quarter em below the baseline to one em above), user space. */
  box: PdfRect;
}

const SPACE_MIN = 0.102;
const SPACE_MAX = 0.6;
const STEP_BACK_MAX = -0.2;
const LINE_SHIFT = 0.25;

interface Open {
  str: string;
  x: number;
  y: number;
  /** Unit vector along the baseline and the font size in user space. */
  ux: number;
  uy: number;
  size: number;
  dir: string;
  /** Where the next glyph is expected (the end of the last one, spaces included). */
  penX: number;
  penY: number;
  /** The end of the last inked glyph along the baseline from (x, y). */
  inkEnd: number;
  box: PdfRect | undefined;
}

export class TextItemCollector {
  readonly items: TextItem[] = [];
  private open: Open | undefined;

  constructor(private readonly pageBox: PdfRect) {}

  add(g: PlacedGlyph): void {
    const [a, b, c, d, e, f] = g.trm;
    const [px0, py0, px1, py1] = this.pageBox;
    if (!(e >= px0 - 1 && e <= px1 + 1 && f >= py0 - 1 && f <= py1 + 1)) return;
    // Along the writing direction: the x axis of glyph space, or its downward y axis when vertical.
    const ax = g.vertical ? -c : a;
    const ay = g.vertical ? -d : b;
    const along = Math.hypot(ax, ay);
    const size = g.vertical ? Math.hypot(a, b) : Math.hypot(c, d);
    if (!(along > 1e-9) || !(size > 1e-9) || !Number.isFinite(along + size + e + f)) return;
    const ux = ax / along;
    const uy = ay / along;
    const dir = `${g.vertical ? 'v' : 'h'}${ux.toFixed(3)},${uy.toFixed(3)}`;
    let o = this.open;
    if (o && (o.dir !== dir || Math.abs(o.size - size) > o.size * 0.05)) o = this.flush();
    if (o) {
      const dx = e - o.penX;
      const dy = f - o.penY;
      const adv = (dx * o.ux + dy * o.uy) / o.size;
      const perp = Math.abs(-dx * o.uy + dy * o.ux) / o.size;
      if (perp > LINE_SHIFT || adv < STEP_BACK_MAX || adv > SPACE_MAX) o = this.flush();
      else if (adv > SPACE_MIN && !g.space && !/\s$/.test(o.str)) o.str += ' ';
    }
    const endX = e + ax * g.advance;
    const endY = f + ay * g.advance;
    if (!o) {
      if (g.space) return; // an item starts at its first printed glyph
      o = this.open = { str: '', x: e, y: f, ux, uy, size, dir, penX: e, penY: f, inkEnd: 0, box: undefined };
    }
    o.penX = endX;
    o.penY = endY;
    if (g.space) {
      if (!/\s$/.test(o.str)) o.str += ' ';
      return;
    }
    o.str += g.text;
    o.inkEnd = Math.max(o.inkEnd, (endX - o.x) * o.ux + (endY - o.y) * o.uy);
    o.box = union(o.box, glyphBox(g));
  }

  /** Ends the open item (at the end of the content, or where the reader knows the run breaks). */
  flush(): undefined {
    const o = this.open;
    this.open = undefined;
    if (!o || !o.box) return undefined;
    const str = o.str.replace(/\s+$/, '');
    this.items.push({ str, x: o.x, y: o.y, width: Math.max(o.inkEnd, 0), height: o.size, box: o.box });
    return undefined;
  }
}

/** The glyph's box in user space: its advance by a quarter em below the baseline to one em above. */
function glyphBox(g: PlacedGlyph): PdfRect {
  const [a, b, c, d, e, f] = g.trm;
  const corners: [number, number][] = g.vertical
    ? [[-0.5, 0], [0.5, 0], [-0.5, -g.advance], [0.5, -g.advance]]
    : [[0, -0.25 * g.emHeight], [g.advance, -0.25 * g.emHeight], [0, g.emHeight], [g.advance, g.emHeight]];
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const [u, v] of corners) {
    const x = a * u + c * v + e;
    const y = b * u + d * v + f;
    x0 = Math.min(x0, x);
    y0 = Math.min(y0, y);
    x1 = Math.max(x1, x);
    y1 = Math.max(y1, y);
  }
  return [x0, y0, x1, y1];
}

function union(r: PdfRect | undefined, s: PdfRect): PdfRect {
  return r ? [Math.min(r[0], s[0]), Math.min(r[1], s[1]), Math.max(r[2], s[2]), Math.max(r[3], s[3])] : s;
}
