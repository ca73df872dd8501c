import fontkit from '@pdf-lib/fontkit';
import { PDFDict, PDFName, StandardFonts, type PDFFont, type PDFRef } from 'pdf-lib';
import type { BiometricRecord } from '../pen/biometricRecord';
import { sha256Hex } from './escrowContainer';
import { inkAppearanceContent } from './inkAppearance';
import { findInkFont } from './inkFont';
import type { PdfDocumentModel } from './pdfDocumentModel';
import type { PdfRect } from './pdfInfo';

/**
 * The visible part of a signature: the ink and its caption as a form XObject sized to the
 * signature box, drawn upright for the reader whatever the page's /Rotate.
 */
export interface AppearanceFrame {
  page: number;
  rect: PdfRect;
  /** The form's own width and height (the rect's sides swapped on a page turned 90/270). */
  width: number;
  height: number;
  /** The form's /Matrix: turns the upright drawing back against the page rotation. */
  matrix: number[];
}

const ROTATION_MATRICES: Record<number, number[]> = {
  0: [1, 0, 0, 1, 0, 0], 90: [0, 1, -1, 0, 0, 0], 180: [-1, 0, 0, -1, 0, 0], 270: [0, -1, 1, 0, 0, 0],
};

export function appearanceFrame(model: PdfDocumentModel, page: number, rect: PdfRect): AppearanceFrame {
  const rotate = model.pages[page]?.rotate ?? 0;
  const sideways = rotate === 90 || rotate === 270;
  return {
    page,
    rect,
    width: sideways ? rect[3] - rect[1] : rect[2] - rect[0],
    height: sideways ? rect[2] - rect[0] : rect[3] - rect[1],
    matrix: ROTATION_MATRICES[rotate] ?? ROTATION_MATRICES[0],
  };
}

/** "2026-11-26 14:05 UTC+02:00": the local wall time at the desk, with its offset (unambiguous in court). */
export function captionTime(d: Date): string {
  const off = -d.getTimezoneOffset();
  const local = new Date(d.getTime() + off * 60_000);
  const p = (n: number) => String(n).padStart(2, '0');
  const sign = off >= 0 ? '+' : '-';
  return `${local.toISOString().slice(0, 10)} ${local.toISOString().slice(11, 16)} UTC${sign}${p(Math.floor(Math.abs(off) / 60))}:${p(Math.abs(off) % 60)}`;
}

/**
 * fontkit parses the whole TrueType file on every embedFont (tens of ms for DejaVu Sans); the parsed
 * font is read-only for subsetting, so one parse per font file serves every signature.
 */
const parsedFonts = new WeakMap<Uint8Array, ReturnType<typeof fontkit.create>>();
const cachingFontkit: typeof fontkit = {
  create(buffer: Uint8Array, postscriptName?: string) {
    if (postscriptName) return fontkit.create(buffer, postscriptName);
    let font = parsedFonts.get(buffer);
    if (!font) parsedFonts.set(buffer, (font = fontkit.create(buffer)));
    return font;
  },
};

/**
 * The glyph positioning features (GPOS) off: pdf-lib writes each glyph with its own advance width
 * and drops fontkit's positions, yet computing them (DejaVu Sans's kerning pairs) cost ~2.5 MiB of
 * peak memory per signing. Substitutions (ligatures, composed marks) stay on: they choose glyphs.
 */
const CAPTION_FEATURES = { kern: false, mark: false, mkmk: false, curs: false, dist: false, abvm: false, blwm: false };

async function embedCaptionFont(model: PdfDocumentModel, fontPath: string | undefined, pdfaClaim: string | undefined): Promise<{ font: PDFFont; embedded: boolean }> {
  const found = findInkFont(fontPath ?? '');
  if (found) {
    model.doc.registerFontkit(cachingFontkit);
    // PDF/A-1 requires a CIDSet for CID font subsets, which pdf-lib does not write: embed the whole font there.
    const subset = !pdfaClaim?.startsWith('1');
    return { font: await model.doc.embedFont(found.bytes, { subset, features: CAPTION_FEATURES }), embedded: true };
  }
  return { font: await model.doc.embedFont(StandardFonts.Helvetica), embedded: false };
}

/** Standard fonts only write WinAnsi: replace what they cannot (only when no TrueType font exists). */
function fitCaption(font: PDFFont, embedded: boolean, line: string): string {
  if (embedded) return line;
  return [...line].map((ch) => { try { font.encodeText(ch); return ch; } catch { return '?'; } }).join('');
}

export interface InkAppearanceRequest {
  frame: AppearanceFrame;
  /** The pen's record; absent for the bank's seal, whose appearance is its caption alone. */
  record: BiometricRecord | undefined;
  /** Caption lines under the ink (who, when, where). */
  caption: string[];
  fontPath: string | undefined;
  pdfaClaim: string | undefined;
}

/** Registers the appearance stream (and its font) in the model; returns its reference and the hash of its content. */
export async function drawInkAppearance(model: PdfDocumentModel, r: InkAppearanceRequest): Promise<{ apRef: PDFRef; inkSha256: string }> {
  const ctx = model.doc.context;
  const { font, embedded } = await embedCaptionFont(model, r.fontPath, r.pdfaClaim);
  const caption = r.caption.map((l) => fitCaption(font, embedded, l));
  const { width, height, matrix } = r.frame;
  const content = inkAppearanceContent({ record: r.record, width, height, caption, font });
  await font.embed();
  const inkBytes = new TextEncoder().encode(content);
  const fontDict = PDFDict.withContext(ctx);
  fontDict.set(PDFName.of('F1'), font.ref);
  const apStream = ctx.flateStream(inkBytes, {
    Type: 'XObject', Subtype: 'Form', BBox: [0, 0, width, height], Matrix: matrix, Resources: { Font: fontDict },
  });
  return { apRef: ctx.register(apStream), inkSha256: sha256Hex(inkBytes) };
}
