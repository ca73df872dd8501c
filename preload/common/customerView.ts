import { z } from 'zod';
import { readingCoverageShape } from './readingCoverage';

export const customerViewSchema = z.object({
  page: z.number().int().positive(),
  scrollFraction: z.number().min(0).max(1),
  zoom: z.number().min(0.25).max(8),
  ...readingCoverageShape,
  /** Where the signature box sits on the customer's screen (0..1 of the screen), so that a pen
   *  display's digitizer coordinates can be mapped into the box. Absent while no box is shown. */
  signatureBox: z.object({ x: z.number(), y: z.number(), width: z.number().positive(), height: z.number().positive() }).optional(),
  /** The customer screen's size in CSS pixels, so the teller's mirror can be an exact, scaled replica. */
  screen: z.object({ width: z.number().int().min(200).max(10_000), height: z.number().int().min(200).max(10_000) }).optional(),
});
export type CustomerView = z.infer<typeof customerViewSchema>;
