import { z } from 'zod';
import { pdfRectSchema } from './placeTarget';

/** Where a signature will go: the place a signing uses, a document's fields and pages. */

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
  /** The page's /Rotate (degrees clockwise), as the document says it. */
  rotate: z.number().int().optional(),
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
  /** Why the document cannot be signed at all, as a station text key the window words (a certification that forbids changes). */
  problem: z.enum(['document-certified']).optional(),
});
export type DocumentSignaturePlaces = z.infer<typeof documentSignaturePlacesSchema>;
