import { holdsSignature, type PlaceTarget } from '../../preload/common/placeTarget';
import type { PdfDocumentModel, PdfFieldNode } from './pdfDocumentModel';
import type { PdfRect } from './pdfInfo';
import { PdfRejectedError } from './pdfRejectedError';
import { findAnchorTextBounded, pageTextBoxesBounded } from './inspectPdf';

/**
 * Where a signature goes: the station's PlaceTarget (a named signature field, the place after an
 * anchor text, or a box), with the page counted from 0 as everywhere inside main/documents. A bare
 * string names a field if one has that name, else it is an anchor text.
 */
export type SignaturePlacement = string | Exclude<PlaceTarget, { page: number }> | { page: number; rect: PdfRect };

export type ResolvedPlacement =
  | { kind: 'field'; field: PdfFieldNode; how: 'field' }
  | { kind: 'new'; page: number; rect: PdfRect; how: 'anchor' | 'rect' | 'default' };

/** Default signature box size in points (about 7.8 × 3.2 cm): room for a signature and three caption lines. */
const BOX_W = 220;
const BOX_H = 90;

function usableField(f: PdfFieldNode): boolean {
  return !f.filled && f.page >= 0 && holdsSignature(f.rect);
}

function clampRect(model: PdfDocumentModel, page: number, rect: PdfRect): PdfRect {
  const box = model.pages[page].box;
  const w = Math.min(rect[2] - rect[0], box[2] - box[0]);
  const h = Math.min(rect[3] - rect[1], box[3] - box[1]);
  const x = Math.min(Math.max(rect[0], box[0]), box[2] - w);
  const y = Math.min(Math.max(rect[1], box[1]), box[3] - h);
  return [x, y, x + w, y + h];
}

/**
 * Bottom-right of the last page as the reader sees it, a margin from the edges. With /Rotate the
 * reader's bottom-right is another corner of user space, and the box's sides swap for 90/270.
 */
function cornerPlace(model: PdfDocumentModel, page: number): PdfRect {
  const { box, rotate } = model.pages[page];
  const { w, h, m } = boxSize(model, page);
  const [x0, y0, x1, y1] = box;
  return rotate === 90 ? [x1 - m - h, y1 - m - w, x1 - m, y1 - m]
    : rotate === 180 ? [x0 + m, y1 - m - h, x0 + m + w, y1 - m]
      : rotate === 270 ? [x0 + m, y0 + m, x0 + m + h, y0 + m + w]
        : [x1 - m - w, y0 + m, x1 - m, y0 + m + h];
}

function boxSize(model: PdfDocumentModel, page: number) {
  const { box, rotate } = model.pages[page];
  const visualWidth = rotate === 90 || rotate === 270 ? box[3] - box[1] : box[2] - box[0];
  const w = Math.min(BOX_W, visualWidth * 0.45);
  return { w, h: Math.min(BOX_H, w * 0.42), m: Math.min(40, visualWidth * 0.06) };
}

const overlaps = (a: PdfRect, b: PdfRect) => a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];

/**
 * The default place on the last page: the lowest, right-most blank spot (no printed text within a
 * few points) scanning up from the bottom, so the ink does not cover words when printed; the
 * bottom-right corner when the page has no such spot, or for rotated pages. Graphics are not seen.
 */
async function defaultPlace(model: PdfDocumentModel): Promise<{ page: number; rect: PdfRect }> {
  const page = model.pages.length - 1;
  const corner = cornerPlace(model, page);
  if (model.pages[page].rotate !== 0) return { page, rect: corner };
  let text: PdfRect[];
  try {
    text = await pageTextBoxesBounded(model.bytes, page);
  } catch {
    return { page, rect: corner };
  }
  const pad = 6;
  const padded = text.map((t) => [t[0] - pad, t[1] - pad, t[2] + pad, t[3] + pad] as PdfRect);
  if (!padded.some((t) => overlaps(t, corner))) return { page, rect: corner };
  const { box } = model.pages[page];
  const { w, h, m } = boxSize(model, page);
  for (let y = box[1] + m; y + h <= box[3] - m; y += 12) {
    for (let x = box[2] - m - w; x >= box[0] + m; x -= 12) {
      const rect: PdfRect = [x, y, x + w, y + h];
      if (!padded.some((t) => overlaps(t, rect))) return { page, rect };
    }
  }
  return { page, rect: corner };
}

function byField(model: PdfDocumentModel, name: string): ResolvedPlacement | undefined {
  const f = model.signatureFields.find((x) => x.name === name);
  if (!f) return undefined;
  if (f.filled) throw new PdfRejectedError('field-already-signed', `The signature field '${name}' is already signed.`);
  if (!usableField(f)) throw new PdfRejectedError('no-signature-place', `The signature field '${name}' is invisible or not on a page; choose another place.`);
  return { kind: 'field', field: f, how: 'field' };
}

async function byAnchor(model: PdfDocumentModel, anchor: string): Promise<ResolvedPlacement | undefined> {
  const hit = await findAnchorTextBounded(model.bytes, anchor);
  if (!hit) return undefined;
  const box = model.pages[hit.page].box;
  const { w, h } = boxSize(model, hit.page);
  // Right of the words when the line has room, else below them; either only where no printed text
  // lies, else the nearest blank spot further down the page.
  const right = clampRect(model, hit.page, [hit.rect[2] + 6, hit.rect[1] - h * 0.35, hit.rect[2] + 6 + w, hit.rect[1] - h * 0.35 + h]);
  const below = clampRect(model, hit.page, [hit.rect[0], hit.rect[1] - 4 - h, hit.rect[0] + w, hit.rect[1] - 4]);
  let text: PdfRect[] = [];
  try {
    text = (await pageTextBoxesBounded(model.bytes, hit.page)).map((t) => [t[0] - 3, t[1] - 3, t[2] + 3, t[3] + 3] as PdfRect);
  } catch {
    /* without text boxes, fall back to the geometric choice */
  }
  // The anchor's own words are where the box must not go; text elsewhere is what must stay readable.
  const free = (r: PdfRect) => !text.some((t) => overlaps(t, r));
  const fitsRight = right[0] >= hit.rect[2];
  for (const r of fitsRight ? [right, below] : [below]) if (free(r)) return { kind: 'new', page: hit.page, rect: r, how: 'anchor' };
  for (let y = hit.rect[1] - 4 - h; y >= box[1]; y -= 12) {
    for (let x = hit.rect[0]; x + w <= box[2]; x += 12) {
      const r: PdfRect = [x, y, x + w, y + h];
      if (free(r)) return { kind: 'new', page: hit.page, rect: r, how: 'anchor' };
    }
  }
  return { kind: 'new', page: hit.page, rect: fitsRight ? right : below, how: 'anchor' };
}

export async function resolvePlacement(model: PdfDocumentModel, placement: SignaturePlacement | undefined, anchorText?: string): Promise<ResolvedPlacement> {
  if (placement !== undefined) {
    if (typeof placement === 'string') {
      const f = byField(model, placement) ?? (await byAnchor(model, placement));
      if (!f) throw new PdfRejectedError('no-signature-place', `The document has no signature field named '${placement}' and the text '${placement}' does not occur in it.`);
      return f;
    }
    if ('field' in placement) {
      const f = byField(model, placement.field);
      if (!f) throw new PdfRejectedError('no-signature-place', `The document has no signature field named '${placement.field}'.`);
      return f;
    }
    if ('anchor' in placement) {
      const a = await byAnchor(model, placement.anchor);
      if (!a) throw new PdfRejectedError('no-signature-place', `The text '${placement.anchor}' does not occur in the document.`);
      return a;
    }
    const { page, rect } = placement;
    if (!Number.isInteger(page) || page < 0 || page >= model.pages.length) {
      throw new PdfRejectedError('no-signature-place', `Page ${page + 1} does not exist (the document has ${model.pages.length}).`);
    }
    const norm: PdfRect = [Math.min(rect[0], rect[2]), Math.min(rect[1], rect[3]), Math.max(rect[0], rect[2]), Math.max(rect[1], rect[3])];
    if (!holdsSignature(norm)) throw new PdfRejectedError('no-signature-place', 'The signature box is too small to hold a signature.');
    return { kind: 'new', page, rect: clampRect(model, page, norm), how: 'rect' };
  }
  const free = model.signatureFields.find(usableField);
  if (free) return { kind: 'field', field: free, how: 'field' };
  if (anchorText) {
    const a = await byAnchor(model, anchorText);
    if (a) return a;
  }
  return { kind: 'new', ...(await defaultPlace(model)), how: 'default' };
}
