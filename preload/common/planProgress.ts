import { z } from 'zod';
import { placeKinds } from './signingPlan';

/**
 * What the two windows see of a sitting's plan while it is signed. Page numbers are 1-based (see
 * signingPlan.ts). The customer sees only where they are ("Signature 2 of 3 — page 4"); the teller
 * sees every document and place with its state.
 */

/** The place being signed now, as the customer's screen says it. */
export const customerStepSchema = z.object({
  /** 1-based position of this place among all places of the sitting, and how many there are. */
  number: z.number().int().positive(),
  count: z.number().int().positive(),
  kind: z.enum(placeKinds),
  /** The page the signature goes on; absent when only sealing will know (an anchor text not yet found). */
  page: z.number().int().positive().optional(),
  signerName: z.string(),
  role: z.enum(['customer', 'staff']),
  /** 'seal': the bank's seal goes here, applied by the teller; the screen asks nobody to draw. */
  mark: z.enum(['ink', 'seal']).optional(),
  /** 1-based position of the document in the package, and how many documents there are. */
  documentNumber: z.number().int().positive(),
  documentCount: z.number().int().positive(),
});
export type CustomerStep = z.infer<typeof customerStepSchema>;

export const placeStatusSchema = z.enum(['waiting', 'current', 'signed', 'skipped']);
export const documentStatusSchema = z.enum(['waiting', 'open', 'signed', 'cancelled', 'skipped']);

/** Where a place of the plan goes; the field's name and the anchor text are the document's own (data). */
export const placeWhereSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('field'), field: z.string() }),
  z.object({ kind: z.literal('anchor'), anchor: z.string() }),
  z.object({ kind: z.literal('box') }),
  z.object({ kind: z.literal('blank') }),
  z.object({ kind: z.literal('usual') }),
]);
export type PlaceWhere = z.infer<typeof placeWhereSchema>;

/** The whole plan with its progress, for the teller's session panel. */
export const planProgressSchema = z.object({
  documents: z.array(z.object({
    requestId: z.string(),
    title: z.string(),
    status: documentStatusSchema,
    /** After sealing: the stored signed document. */
    signedDocumentId: z.string().optional(),
    places: z.array(z.object({
      /** 1-based position in the sitting's signing order. */
      number: z.number().int().positive(),
      signerName: z.string(),
      role: z.enum(['customer', 'staff']),
      mark: z.enum(['ink', 'seal']),
      kind: z.enum(placeKinds),
      optional: z.boolean(),
      page: z.number().int().positive().optional(),
      /** Where: a field by its name, after an anchor text, a box, a blank spot, or the station's usual place (the window words it). */
      where: placeWhereSchema,
      status: placeStatusSchema,
    })),
  })),
  /** 1-based number of the current place; absent before the first and after the last. */
  current: z.number().int().positive().optional(),
  count: z.number().int().nonnegative(),
});
export type PlanProgress = z.infer<typeof planProgressSchema>;
