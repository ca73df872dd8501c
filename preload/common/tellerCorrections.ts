import { z } from 'zod';

/**
 * The teller's corrections of a signing without losing the document: an attempt stopped (the
 * wrong person at the pen, the customer's "Yes, stop") and a corrected signer or identification.
 * Schemas only, imported by the contract (they depend on nothing of it).
 */
/** Reasons the station gives itself (the window words them): no activity, nothing left to sign, withdrawn by the sender, the customer's own stop. */
export const stationReasonSchema = z.enum(['no-activity', 'nothing-signed', 'withdrawn', 'customer-stopped']);

export const attemptStopSchema = z.object({
  by: z.enum(['teller', 'customer']),
  reason: z.string().max(200),
  reasonCode: stationReasonSchema.optional(),
  at: z.string().max(40),
});

export const signerCorrectionDoneSchema = z.object({
  fields: z.array(z.enum(['name', 'identification'])),
  at: z.string().max(40),
});

/** Why the teller stops an attempt (the customer's own stop says so itself). */
export const stopAttemptRequestSchema = z.object({ reason: z.string().trim().min(1).max(200) });
