import { PDFArray, PDFContext, PDFDict, PDFRawStream, type PDFObject } from 'pdf-lib';
import { ContentName, ContentTokenizer, type Operand } from './contentTokenizer';
import { dictEntry, dictOf, lookup, nameEntry, numbersOf, pdfName, streamData } from './pdfObjects';
import { FALLBACK_FONT, readTextFont, type TextFont } from './textFont';
import type { Matrix, TextItemCollector } from './textItemCollector';

/**
 * Runs a content stream's text operators (ISO 32000-1 9.3, 9.4) and the graphics state they depend
 * on (q/Q, cm), placing every shown glyph in user space for the collector; Form XObjects (Do) are
 * run with their /Matrix and /Resources. Everything that draws without text is skipped.
 *
 * Hostile input is bounded by the budget shared by a page and its forms (operators, decoded bytes),
 * a form nesting depth and a loop check; running out ends the page with what was read so far.
 */
export interface TextReadBudget {
  operators: number;
  decodedBytes: number;
}
export const MAX_FORM_DEPTH = 12;
const MAX_STATE_STACK = 256;

interface TextState {
  ctm: Matrix;
  font: TextFont;
  fontSize: number;
  charSpacing: number;
  wordSpacing: number;
  hScale: number;
  leading: number;
  rise: number;
}

export const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];

/** m × n in PDF's row-vector convention (apply m first, then n). */
export function multiply(m: Matrix, n: Matrix): Matrix {
  return [
    m[0] * n[0] + m[1] * n[2], m[0] * n[1] + m[1] * n[3],
    m[2] * n[0] + m[3] * n[2], m[2] * n[1] + m[3] * n[3],
    m[4] * n[0] + m[5] * n[2] + n[4], m[4] * n[1] + m[5] * n[3] + n[5],
  ];
}

const num = (v: Operand | undefined, fallback = 0): number => (typeof v === 'number' && Number.isFinite(v) ? v : fallback);
const matrixOf = (v: Operand[]): Matrix | undefined => (v.length >= 6 ? (v.slice(-6).map((x) => num(x)) as Matrix) : undefined);

export class TextContentInterpreter {
  private readonly fonts = new Map<PDFObject, TextFont>();

  constructor(private readonly ctx: PDFContext, private readonly collector: TextItemCollector, private readonly budget: TextReadBudget) {}

  /**
   * Runs `data` with `resources` from the matrix `ctm`; a form starts from the state of the content
   * that runs it (`inherited`: its font and spacing too); `forms` are the forms being run (loop check).
   */
  run(data: Uint8Array, resources: PDFDict | undefined, ctm: Matrix, depth = 0, forms: Set<PDFObject> = new Set(), inherited?: TextState): void {
    const tokens = new ContentTokenizer(data);
    let gs: TextState = inherited ? { ...inherited, ctm } : { ctm, font: FALLBACK_FONT, fontSize: 0, charSpacing: 0, wordSpacing: 0, hScale: 1, leading: 0, rise: 0 };
    const stack: TextState[] = [];
    let tm: Matrix = [...IDENTITY];
    let tlm: Matrix = IDENTITY;
    const fontsOfResources = new Map<string, TextFont>();
    const nextLine = (tx: number, ty: number) => {
      tlm = multiply([1, 0, 0, 1, tx, ty], tlm);
      tm = [...tlm];
    };
    // tsm × tm × ctm with tsm = [size·Th 0 0 size 0 rise], written out (the same products and sums in
    // the same order as the general product, so the same floating-point results as pdf.js's).
    const textRendering = (): Matrix => {
      const { fontSize: fs, hScale: h, rise, ctm: c } = gs;
      const p0 = fs * h * tm[0];
      const p1 = fs * h * tm[1];
      const p2 = fs * tm[2];
      const p3 = fs * tm[3];
      const p4 = rise * tm[2] + tm[4];
      const p5 = rise * tm[3] + tm[5];
      return [p0 * c[0] + p1 * c[2], p0 * c[1] + p1 * c[3], p2 * c[0] + p3 * c[2], p2 * c[1] + p3 * c[3], p4 * c[0] + p5 * c[2] + c[4], p4 * c[1] + p5 * c[3] + c[5]];
    };
    const translate = (tx: number, ty: number) => {
      tm[4] = tm[0] * tx + tm[2] * ty + tm[4];
      tm[5] = tm[1] * tx + tm[3] * ty + tm[5];
    };
    // The pen moves as in pdf.js (glyph advance and character spacing separately, kerning added to
    // the spacing after the last glyph), so that its item breaks fall where pdf.js's do.
    const show = (bytes: Uint8Array, extraAfterLast: number) => {
      const { font, fontSize, wordSpacing, hScale, ctm } = gs;
      const { vertical, emHeight, widthScale } = font;
      const scale = widthScale * fontSize;
      const advanceScale = Math.hypot(ctm[0], ctm[1]) * Math.hypot(tlm[0], tlm[1]);
      const glyphs = font.glyphs(bytes);
      for (let i = 0; i < glyphs.length; i++) {
        const g = glyphs[i];
        let spacing = gs.charSpacing + (i + 1 === glyphs.length ? extraAfterLast : 0) + (g.wordSpace ? wordSpacing : 0);
        const dim = g.width * scale;
        const trm = textRendering();
        const space = g.text !== '' ? g.text.trim() === '' : g.wordSpace;
        const glyph = { text: g.text, trm, advance: g.width * widthScale, vertical, emHeight, font, fontSize, advanceScale, penX: trm[4], penY: trm[5], space };
        if (space) {
          spacing += vertical ? -dim : dim;
          if (vertical) translate(0, -spacing);
          else translate(spacing * hScale, 0);
          this.collector.add(glyph);
          continue;
        }
        if (vertical) translate(0, -dim);
        else translate(dim * hScale, 0);
        const p4 = gs.rise * tm[2] + tm[4];
        const p5 = gs.rise * tm[3] + tm[5];
        glyph.penX = p4 * ctm[0] + p5 * ctm[2] + ctm[4];
        glyph.penY = p4 * ctm[1] + p5 * ctm[3] + ctm[5];
        this.collector.add(glyph);
        if (spacing) {
          if (vertical) translate(0, -spacing);
          else translate(spacing * hScale, 0);
        }
      }
    };
    for (;;) {
      if (--this.budget.operators < 0) return;
      let op;
      try {
        op = tokens.nextOperation();
      } catch {
        return; // a damaged stream: what was read so far stands
      }
      if (!op) return;
      const v = op.operands;
      switch (op.operator) {
        case 'q':
          if (stack.length < MAX_STATE_STACK) stack.push({ ...gs });
          break;
        case 'Q':
          gs = stack.pop() ?? gs;
          break;
        case 'cm': {
          const m = matrixOf(v);
          if (m) gs.ctm = multiply(m, gs.ctm);
          break;
        }
        case 'BT':
          tlm = IDENTITY;
          tm = [...IDENTITY];
          break;
        case 'ET':
          break;
        case 'Tf': {
          const name = v[v.length - 2];
          gs.fontSize = num(v[v.length - 1]);
          if (name instanceof ContentName) gs.font = this.fontNamed(resources, name.name, fontsOfResources);
          break;
        }
        case 'Tc':
          gs.charSpacing = num(v[v.length - 1]);
          break;
        case 'Tw':
          gs.wordSpacing = num(v[v.length - 1]);
          break;
        case 'Tz':
          gs.hScale = num(v[v.length - 1], 100) / 100;
          break;
        case 'TL':
          gs.leading = num(v[v.length - 1]);
          break;
        case 'Ts':
          gs.rise = num(v[v.length - 1]);
          break;
        case 'Td':
          nextLine(num(v[v.length - 2]), num(v[v.length - 1]));
          break;
        case 'TD':
          gs.leading = -num(v[v.length - 1]);
          nextLine(num(v[v.length - 2]), num(v[v.length - 1]));
          break;
        case 'Tm': {
          const m = matrixOf(v);
          if (m) {
            tlm = m;
            tm = [...m];
          }
          break;
        }
        case 'T*':
          nextLine(0, -gs.leading);
          break;
        case 'Tj':
          if (v[v.length - 1] instanceof Uint8Array) show(v[v.length - 1] as Uint8Array, 0);
          break;
        case "'":
          nextLine(0, -gs.leading);
          if (v[v.length - 1] instanceof Uint8Array) show(v[v.length - 1] as Uint8Array, 0);
          break;
        case '"':
          gs.wordSpacing = num(v[v.length - 3]);
          gs.charSpacing = num(v[v.length - 2]);
          nextLine(0, -gs.leading);
          if (v[v.length - 1] instanceof Uint8Array) show(v[v.length - 1] as Uint8Array, 0);
          break;
        case 'TJ': {
          const parts = v[v.length - 1];
          if (!Array.isArray(parts)) break;
          // A number moves the pen back by thousandths of the font size (kerning, or a gap between words).
          const spaceFactor = ((gs.font.vertical ? 1 : -1) * gs.fontSize) / 1000;
          let pending: Uint8Array[] = [];
          for (const part of parts) {
            if (part instanceof Uint8Array) pending.push(part);
            else if (typeof part === 'number' && Number.isFinite(part) && part !== 0) {
              if (pending.length) show(concat(pending), part * spaceFactor);
              else {
                const spacing = gs.charSpacing + part * spaceFactor;
                if (gs.font.vertical) translate(0, -spacing);
                else translate(spacing * gs.hScale, 0);
              }
              pending = [];
            }
          }
          if (pending.length) show(concat(pending), 0);
          break;
        }
        case 'BMC':
        case 'BDC':
        case 'EMC':
          this.collector.flush();
          break;
        case 'gs':
          this.applyExtGState(resources, v[v.length - 1], gs);
          break;
        case 'Do': {
          const name = v[v.length - 1];
          this.collector.flush();
          if (name instanceof ContentName) this.runForm(resources, name.name, gs, depth, forms);
          break;
        }
        default:
          break;
      }
    }
  }

  private fontNamed(resources: PDFDict | undefined, name: string, local: Map<string, TextFont>): TextFont {
    const known = local.get(name);
    if (known) return known;
    const fonts = dictOf(this.ctx, resources && dictEntry(this.ctx, resources, 'Font'));
    const obj = fonts && dictEntry(this.ctx, fonts, name);
    let font = FALLBACK_FONT;
    if (obj) {
      font = this.fonts.get(obj) ?? readTextFont(this.ctx, obj, this.budget);
      this.fonts.set(obj, font);
    }
    local.set(name, font);
    return font;
  }

  /** An ExtGState's /Font [font size] (the only part of it that moves text). */
  private applyExtGState(resources: PDFDict | undefined, name: Operand | undefined, gs: TextState): void {
    if (!(name instanceof ContentName)) return;
    const states = dictOf(this.ctx, resources && dictEntry(this.ctx, resources, 'ExtGState'));
    const state = dictOf(this.ctx, states && dictEntry(this.ctx, states, name.name));
    const font = state && dictEntry(this.ctx, state, 'Font');
    if (!(font instanceof PDFArray) || font.size() < 2) return;
    const size = numbersOf(this.ctx, font, 2)?.[1];
    const obj = lookup(this.ctx, font.get(0));
    if (!obj || size === undefined) return;
    gs.font = this.fonts.get(obj) ?? readTextFont(this.ctx, obj, this.budget);
    this.fonts.set(obj, gs.font);
    gs.fontSize = size;
  }

  private runForm(resources: PDFDict | undefined, name: string, gs: TextState, depth: number, forms: Set<PDFObject>): void {
    if (depth >= MAX_FORM_DEPTH) return;
    const xobjects = dictOf(this.ctx, resources && dictEntry(this.ctx, resources, 'XObject'));
    const form = xobjects && dictEntry(this.ctx, xobjects, name);
    if (!(form instanceof PDFRawStream) || forms.has(form)) return;
    if (nameEntry(this.ctx, form.dict, 'Subtype') !== 'Form') return;
    const data = streamData(this.ctx, form, this.budget.decodedBytes, 'form XObject');
    if (!data) return;
    this.budget.decodedBytes -= data.length;
    const matrix = numbersOf(this.ctx, form.dict.get(pdfName('Matrix')), 6);
    const formMatrix: Matrix = matrix && matrix.length === 6 ? (matrix as Matrix) : IDENTITY;
    // A form without /Resources uses those of the content that runs it (the page's, as viewers do).
    const own = dictOf(this.ctx, form.dict.get(pdfName('Resources')));
    forms.add(form);
    try {
      this.run(data, own ?? resources, multiply(formMatrix, gs.ctm), depth + 1, forms, gs);
    } finally {
      forms.delete(form);
    }
  }
}

function concat(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
