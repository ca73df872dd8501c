import type { PdfRect } from '../pdfInfo';

/**
 * Joins shown glyphs into text items the way pdf.js's getTextContent does (its rules and thresholds,
 * so that boxes and anchor lines mean what the renderer's text layer means): a glyph continues the
 * current item when it sits on the same line at most 0.6 em (of the Tf size) after the end of the
 * previous printed glyph, and a gap of 0.102 em or more reads as a space; a larger gap, a step back
 * of over 0.2 em, a line change, another font or size, or a break the interpreter calls (a form, a
 * marked-content boundary) starts a new item. White-space glyphs only move the pen, so an item ends
 * at its last printed glyph. Glyphs whose origin lies outside the page box are dropped, as in pdf.js.
 */
export type Matrix = [number, number, number, number, number, number];

export interface PlacedGlyph {
  text: string;
  /** The text rendering matrix: glyph space (1 = one em) to user space. */
  trm: Matrix;
  /** The origin after the glyph's advance (character spacing not included), user space. */
  penX: number;
  penY: number;
  /** The advance in em along the writing direction. */
  advance: number;
  vertical: boolean;
  emHeight: number;
  /** No ink: a space, which only moves the pen. */
  space: boolean;
  /** The font and its Tf size: another one starts a new item. */
  font: unknown;
  fontSize: number;
  /** User-space length of one text-space unit along the baseline (the CTM's and the line matrix's scale). */
  advanceScale: number;
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

const NOT_A_SPACE = 0.03;
const SPACE_MIN = 0.102;
const SPACE_MAX = 0.6;
const STEP_BACK_MAX = -0.2;
const LINE_SHIFT = 0.25;

interface Open {
  str: string;
  x: number;
  y: number;
  /** Unit vector along the baseline, the font size in user space, the Tf size. */
  ux: number;
  uy: number;
  height: number;
  fontSize: number;
  font: unknown;
  vertical: boolean;
  advanceScale: number;
  /** The end of the last printed glyph (pdf.js's prevTransform). */
  penX: number;
  penY: number;
  /** A white-space glyph came after the last printed one. */
  spaceSeen: boolean;
  width: number;
  box: PdfRect;
}

export class TextItemCollector {
  readonly items: TextItem[] = [];
  private open: Open | undefined;

  constructor(private readonly pageBox: PdfRect) {}

  add(g: PlacedGlyph): void {
    const [a, b, c, d, e, f] = g.trm;
    if (!Number.isFinite(a + b + c + d + e + f + g.penX + g.penY)) return;
    if (g.space) {
      if (this.open) this.open.spaceSeen = true;
      return;
    }
    const [px0, py0, px1, py1] = this.pageBox;
    if (e + Math.abs(g.penX - e) < px0 || e > px1 || f < py0 - Math.abs(g.penY - f) || f > py1) return;
    let o = this.open;
    if (o && (o.font !== g.font || o.fontSize !== g.fontSize || o.vertical !== g.vertical)) o = this.flush();
    if (o && !(e === o.penX && f === o.penY) && !this.continues(o, g)) o = this.flush();
    if (!o) {
      const ax = g.vertical ? -c : a;
      const ay = g.vertical ? -d : b;
      const along = Math.hypot(ax, ay) || 1;
      const height = g.vertical ? Math.hypot(a, b) : Math.hypot(c, d);
      o = this.open = {
        str: '', x: e, y: f, ux: ax / along, uy: ay / along, height, fontSize: g.fontSize, font: g.font, vertical: g.vertical,
        advanceScale: g.advanceScale || 1, penX: e, penY: f, spaceSeen: false, width: 0, box: [Infinity, Infinity, -Infinity, -Infinity],
      };
    } else if (o.spaceSeen && !/\s$/.test(o.str)) o.str += ' ';
    o.spaceSeen = false;
    o.str += g.text;
    o.penX = g.penX;
    o.penY = g.penY;
    o.width = Math.max(o.width, (g.penX - o.x) * o.ux + (g.penY - o.y) * o.uy);
    addGlyphBox(o.box, g);
  }

  /** pdf.js's compareWithLastPosition: whether the glyph goes on in the open item (adding a space when the gap is one). */
  private continues(o: Open, g: PlacedGlyph): boolean {
    const [a, b, c, d, e, f] = g.trm;
    let [x, y, lx, ly] = [e, f, o.penX, o.penY];
    if (a && b === 0 && c === 0) {
      if (a < 0) [x, y, lx, ly] = [-x, -y, -lx, -ly];
    } else if (b && a === 0 && d === 0) {
      [x, y, lx, ly] = b > 0 ? [y, x, ly, lx] : [-y, -x, -ly, -lx];
    } else {
      const s = Math.hypot(a, b) || 1;
      [x, y] = [(a * x + b * y) / s, (c * x + d * y) / s];
      [lx, ly] = [(a * lx + b * ly) / s, (c * lx + d * ly) / s];
    }
    const fs = o.fontSize;
    const along = o.vertical ? (ly - y) / o.advanceScale : (x - lx) / o.advanceScale;
    const across = Math.abs(o.vertical ? x - lx : y - ly);
    const size = o.height;
    if (along < STEP_BACK_MAX * fs || across > size) return false;
    if (along > SPACE_MAX * fs) return false;
    if (along <= NOT_A_SPACE * fs) o.spaceSeen = false; // a space glyph overprinted by the next one is no space
    if (along <= SPACE_MIN * fs) {
      // After a white-space glyph, a pen that barely moved: pdf.js ends the item there.
      if (o.spaceSeen) return false;
    } else if (!/\s$/.test(o.str)) o.str += ' ';
    return across <= size * LINE_SHIFT;
  }

  /** Ends the open item (at the end of the content, or where the reader knows the run breaks). */
  flush(): undefined {
    const o = this.open;
    this.open = undefined;
    if (!o) return undefined;
    const str = o.str.replace(/\s+$/, '');
    this.items.push({ str, x: o.x, y: o.y, width: Math.max(o.width, 0), height: o.height, box: o.box });
    return undefined;
  }
}

/** Widens `box` (in place) to the glyph's box in user space: its advance by a quarter em below the baseline to one em above. */
function addGlyphBox(box: PdfRect, g: PlacedGlyph): void {
  const [a, b, c, d, e, f] = g.trm;
  const lo = g.vertical ? -g.advance : -0.25 * g.emHeight;
  const hi = g.vertical ? 0 : g.emHeight;
  const u0 = g.vertical ? -0.5 : 0;
  const u1 = g.vertical ? 0.5 : g.advance;
  // x = a·u + c·v + e over the corners: each term at its own extreme.
  box[0] = Math.min(box[0], Math.min(a * u0, a * u1) + Math.min(c * lo, c * hi) + e);
  box[2] = Math.max(box[2], Math.max(a * u0, a * u1) + Math.max(c * lo, c * hi) + e);
  box[1] = Math.min(box[1], Math.min(b * u0, b * u1) + Math.min(d * lo, d * hi) + f);
  box[3] = Math.max(box[3], Math.max(b * u0, b * u1) + Math.max(d * lo, d * hi) + f);
}
