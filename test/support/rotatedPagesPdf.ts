import { degrees, PDFDocument, PDFName, PDFString, rgb, StandardFonts } from 'pdf-lib';

/**
 * A form whose signature fields lie on turned pages: page 1 upright, pages 2, 3 and 4 with
 * /Rotate 90, 180 and 270. Each turned page carries, upright for the reader, a line of text and a
 * signature field 300 × 100 pt as the reader sees it (wide), near the bottom left, outlined in light
 * red in the page's content, so a screen or a render can tell where the field lies and which way is
 * up. The field's /Rect is in the page's own (unturned) user space, as a form designer writes it.
 */
export const rotations = [90, 180, 270] as const;
export type Rotation = (typeof rotations)[number];
export const PAGE = { width: 595, height: 842 };
/** The field as the reader sees its page: left, top, width, height in points, origin top-left. */
export const FIELD_ON_SCREEN = { left: 60, fromBottom: 60, width: 300, height: 100 };
export const fieldName = (r: Rotation) => `Signature-${r}`;
export const pageOf = (r: Rotation) => rotations.indexOf(r) + 2;
/** A light red: far from the ink's near-black even in grey (about 165 of 255). */
export const outlineColour = { r: 1, g: 0.5, b: 0.5 };

/** The page as the reader sees it: width and height after the turn. */
export const shownSize = (r: number) => (r === 90 || r === 270 ? { width: PAGE.height, height: PAGE.width } : PAGE);

/** A point seen at (u, v) on the turned page (origin top-left, y down) in the page's user space. */
export function userPoint(r: number, u: number, v: number): [number, number] {
  const { width: W, height: H } = PAGE;
  if (r === 90) return [v, u];
  if (r === 180) return [W - u, v];
  if (r === 270) return [W - v, H - u];
  return [u, H - v];
}

/** The field's rectangle as the reader sees it (points, origin top-left). */
export function fieldOnScreen(r: number) {
  const shown = shownSize(r);
  return { left: FIELD_ON_SCREEN.left, top: shown.height - FIELD_ON_SCREEN.fromBottom - FIELD_ON_SCREEN.height, width: FIELD_ON_SCREEN.width, height: FIELD_ON_SCREEN.height };
}

/** The field's /Rect in user space. */
export function fieldRect(r: number): [number, number, number, number] {
  const f = fieldOnScreen(r);
  const [ax, ay] = userPoint(r, f.left, f.top);
  const [bx, by] = userPoint(r, f.left + f.width, f.top + f.height);
  return [Math.min(ax, bx), Math.min(ay, by), Math.max(ax, bx), Math.max(ay, by)];
}

export async function rotatedPagesPdf(title = 'Rotated pages form'): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle(title);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const first = doc.addPage([PAGE.width, PAGE.height]);
  first.drawText(title, { x: 60, y: 760, size: 20, font });
  first.drawText('The signature places are on the turned pages 2, 3 and 4.', { x: 60, y: 720, size: 12, font });
  const fields = [];
  for (const r of rotations) {
    const page = doc.addPage([PAGE.width, PAGE.height]);
    page.setRotation(degrees(r));
    const shown = shownSize(r);
    // Upright for the reader: text runs along the turned page's width.
    const line = (text: string, v: number, size: number) => {
      const [x, y] = userPoint(r, 60, v);
      page.drawText(text, { x, y, size, font, rotate: degrees(r) });
    };
    line(`Page turned ${r} degrees — TOP of the page as read`, 80, 18);
    line('Sign in the outlined field below.', shown.height - FIELD_ON_SCREEN.fromBottom - FIELD_ON_SCREEN.height - 20, 12);
    const rect = fieldRect(r);
    page.drawRectangle({ x: rect[0], y: rect[1], width: rect[2] - rect[0], height: rect[3] - rect[1], borderColor: rgb(outlineColour.r, outlineColour.g, outlineColour.b), borderWidth: 3 });
    // pdf-lib has no API for signature fields: the widget and the AcroForm are written directly.
    const field = doc.context.register(doc.context.obj({ FT: 'Sig', T: PDFString.of(fieldName(r)), Type: 'Annot', Subtype: 'Widget', Rect: rect, F: 4, P: page.ref }));
    page.node.addAnnot(field);
    fields.push(field);
  }
  doc.catalog.set(PDFName.of('AcroForm'), doc.context.register(doc.context.obj({ Fields: fields })));
  return doc.save();
}
