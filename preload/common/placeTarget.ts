import { z } from 'zod';

/**
 * Where a signature goes, in the one shape every part of the station uses: a plan's places, the
 * teller's choice, the sealer's placement. Pages are 1-based (only main/documents counts from 0,
 * inside itself).
 */

/** A rectangle in a page's PDF user space, [x1, y1, x2, y2] in points (origin bottom-left), as pdf.js's convertToPdfPoint gives. */
export const pdfRectSchema = z.tuple([z.number(), z.number(), z.number(), z.number()]);
export type PdfRectPoints = z.infer<typeof pdfRectSchema>;

/**
 * The smallest box that holds a signature, in PDF points: the teller's window draws none smaller,
 * the session refuses a smaller choice, and the sealer a smaller field or box.
 */
export const minSignatureBox = { width: 24, height: 12 } as const;

/** Whether a rectangle [x1, y1, x2, y2] (x1 ≤ x2, y1 ≤ y2) is big enough for a signature. */
export function holdsSignature(rect: readonly [number, number, number, number]): boolean {
  return rect[2] - rect[0] >= minSignatureBox.width && rect[3] - rect[1] >= minSignatureBox.height;
}

const targetText = z.string().trim().min(1).max(500).regex(/^[^\u0000-\u001f\u007f]*$/, 'no control characters');
/** An empty signature field of the document, by its name. */
const fieldTargetSchema = z.strictObject({ field: targetText });
/** The place next to an anchor text ("Customer signature:"). */
const anchorTargetSchema = z.strictObject({ anchor: targetText });
/** A box on a page (1-based) in PDF points. */
const boxTargetSchema = z.strictObject({ page: z.number().int().min(1).max(100_000), rect: pdfRectSchema });

/**
 * Where a signature goes: a signature field, the place next to an anchor text, or a box on a page.
 * Absent: the station's usual place (the first empty field, the configured anchor text, or a blank
 * spot on the last page).
 */
export const placeTargetSchema = z.union([fieldTargetSchema, anchorTargetSchema, boxTargetSchema]);
export type PlaceTarget = z.infer<typeof placeTargetSchema>;

/**
 * What the teller may choose in the window: a field or a box they drew (an anchor text comes only
 * with a sender's plan). Checked against the document when the signing is prepared: a filled field
 * or a box off the page is refused there, before the customer signs, not when sealing.
 */
export const signaturePlacementSchema = z.union([fieldTargetSchema, boxTargetSchema]);
export type SignaturePlacementChoice = z.infer<typeof signaturePlacementSchema>;
