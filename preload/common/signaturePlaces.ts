import { z } from 'zod';

/** Where a signature goes: the teller's choice, the place a signing uses, a document's fields and pages. */

/** A rectangle in a page's PDF user space, [x1, y1, x2, y2] in points (origin bottom-left), as pdf.js's convertToPdfPoint gives. */
export const pdfRectSchema = z.tuple([z.number(), z.number(), z.number(), z.number()]);
export type PdfRectPoints = z.infer<typeof pdfRectSchema>;

/**
 * Where the teller wants the signature: an empty signature field of the document by its name, or a
 * box on a page (1-based, like every page number the windows see) in PDF points. Checked against
 * the document when the signing is prepared: a filled field or a box off the page is refused there,
 * before the customer signs, not when sealing.
 */
export const signaturePlacementSchema = z.union([
  z.object({ field: z.string().min(1).max(500) }).strict(),
  z.object({ page: z.number().int().positive().max(100_000), rect: pdfRectSchema }).strict(),
]);
export type SignaturePlacementChoice = z.infer<typeof signaturePlacementSchema>;

/** The place a signing will use, as the teller's window shows it. */
export const signaturePlaceSchema = z.object({
  kind: z.enum(['field', 'box']),
  /** 1-based page the signature goes on. */
  page: z.number().int().positive(),
  rect: pdfRectSchema,
  /** The signature field's name (kind 'field'). */
  field: z.string().optional(),
  /** How it was chosen: by the teller, or the station's default (first empty field, anchor text, blank spot on the last page). */
  chosenBy: z.enum(['teller', 'default']),
});
export type SignaturePlace = z.infer<typeof signaturePlaceSchema>;

/** A document's signature fields and pages, and the place the station would use when the teller chooses none. */
export const documentSignaturePlacesSchema = z.object({
  pages: z.array(z.object({
    /** The page's visible box (CropBox, else MediaBox) in PDF points. */
    box: pdfRectSchema,
    rotate: z.number().int(),
  })),
  fields: z.array(z.object({
    name: z.string(),
    /** 1-based; 0 when the field's widget is on no page. */
    page: z.number().int().nonnegative(),
    rect: pdfRectSchema,
    filled: z.boolean(),
    /** Empty, visible and big enough to hold a signature: the teller may choose it. */
    usable: z.boolean(),
  })),
  default: signaturePlaceSchema.optional(),
  /** The station's place once every empty field is taken (the anchor text, or a blank spot on the last page). */
  spare: signaturePlaceSchema.optional(),
  /** Plain words when the document cannot be signed at all (e.g. a certification that forbids changes). */
  problem: z.string().optional(),
});
export type DocumentSignaturePlaces = z.infer<typeof documentSignaturePlacesSchema>;
