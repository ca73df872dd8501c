import { z } from 'zod';
import type { WindowRole } from './contractBasics';

/**
 * What the customer's screen shows beyond the session's step — the question that is open, the
 * calibration crosses, a refused signature, the farewell after the teller took the document back —
 * kept in the session's one view state, so that the teller's mirror (the same component, read-only)
 * shows exactly what the customer sees. The customer's window changes these only by asking
 * (the requests below); it keeps no screen state of its own that the mirror could miss.
 */

/** A question open on the customer's screen ("Stop and leave without signing?"). */
export const customerDialogSchema = z.enum(['stop']);
export type CustomerDialog = z.infer<typeof customerDialogSchema>;

/** Why "Done" did not take the signature: the customer is asked to sign again, in their language. */
export const signatureRefusalSchema = z.enum(['empty', 'too-short', 'too-small', 'too-simple']);
export type SignatureRefusal = z.infer<typeof signatureRefusalSchema>;

/** Why the customer's screen went back to the welcome (shown for a few seconds). */
export const customerFarewellSchema = z.enum(['taken-back', 'cancelled']);
export type CustomerFarewell = z.infer<typeof customerFarewellSchema>;

/** The pen calibration on the customer's screen: which cross is active, whether it has finished. */
export const customerCalibrationSchema = z.object({
  step: z.number().int().min(0).max(3),
  finished: z.boolean(),
  /** Plain words of the calibration's own result ("calibrated", or why a touch slipped). */
  message: z.string().max(300).optional(),
  /** The customer page's pen: connected, none chosen yet, or no WebHID in this browser. */
  pen: z.enum(['ready', 'absent', 'unsupported']).optional(),
});
export type CustomerCalibration = z.infer<typeof customerCalibrationSchema>;

const pdfRect = z.tuple([z.number(), z.number(), z.number(), z.number()]);

/** The fields the customer view adds for these (the teller's view has them too: it extends it). */
export const customerScreenFields = {
  dialog: customerDialogSchema.optional(),
  calibration: customerCalibrationSchema.optional(),
  signatureRefusal: signatureRefusalSchema.optional(),
  farewell: customerFarewellSchema.optional(),
  /** Where the open place is on its page (1-based page, PDF points): the pad takes its shape, the page shows around it. */
  place: z.object({
    page: z.number().int().positive(),
    rect: pdfRect,
    /** The page's /Rotate (degrees clockwise): the pad takes the shape the reader sees before the page is read. */
    rotate: z.number().int().optional(),
  }).optional(),
};

const ok = z.object({ ok: z.literal(true) });
const from: readonly WindowRole[] = ['customer'];

/** The customer's small requests that change what both screens show (spread into the contract's table). */
export const customerScreenRequests = {
  /** Opens or closes a question on the customer's screen. */
  'customer.dialog': { from, request: z.object({ dialog: customerDialogSchema.nullable() }), response: ok },
  /** The calibration's progress (or its end: open false), so the mirror shows the same crosses. */
  'customer.calibration': { from, request: z.object({ open: z.boolean(), progress: customerCalibrationSchema.optional() }), response: ok },
  /** After "Done": the customer confirms the signature they see on the page; it is sealed. */
  'customer.acceptSignature': { from, request: z.object({}), response: ok },
  /** After "Done": the customer wants to sign again; the ink is cleared. */
  'customer.signAgain': { from, request: z.object({}), response: ok },
} as const;
