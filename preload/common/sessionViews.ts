import { z } from 'zod';
import { idSchema, languageSchema } from './contractBasics';
import { customerStepSchema, planProgressSchema } from './planProgress';
import { pdfRectSchema } from './placeTarget';
import { signaturePlaceSchema } from './signaturePlaces';
import { attemptStopSchema, signerCorrectionDoneSchema, stationReasonSchema } from './tellerCorrections';
import { customerScreenFields } from './customerScreenState';

/** What each window may know about the signing session: the customer's view, and the teller's that extends it. */

export const identificationSchema = z.object({
  idType: z.enum(['passport', 'national-id', 'driving-licence', 'other']),
  lastDigits: z.string().regex(/^[A-Za-z0-9]{2,6}$/),
  checkedBy: z.string().min(1).max(80),
});

export const sessionStateSchema = z.enum(['idle', 'prepared', 'reading', 'consent', 'signing', 'review', 'sealing', 'done']);
export type SessionState = z.infer<typeof sessionStateSchema>;

/** What the customer's screen may know about the session: no teller-side details. */
export const customerSessionViewSchema = z.object({
  sessionId: z.string(),
  state: sessionStateSchema,
  document: z.object({ id: idSchema, title: z.string(), pageCount: z.number().int().positive() }).optional(),
  signerName: z.string().optional(),
  requireReadToEnd: z.boolean(),
  reachedEnd: z.boolean(),
  language: languageSchema,
  /** Which page the signature goes on (1-based), for the "you are signing" banner. */
  signaturePage: z.number().int().positive().optional(),
  /** Where on that page the signature's box is (PDF points), for "go to the signature place" and its mark; absent while unknown. */
  signatureRect: pdfRectSchema.optional(),
  inkPointCount: z.number().int().nonnegative(),
  /** Where the customer is in the plan ("Signature 2 of 3 — page 4"), while a place is open. */
  step: customerStepSchema.optional(),
  /** A gentle message for the customer, as a message key (translated on screen). */
  notice: z.enum(['pen-unplugged', 'pen-left-box', 'read-to-end', 'sealing-failed', 'disk-full']).optional(),
  /** Tenant branding for idle and thank-you screens. */
  branding: z.object({ name: z.string(), logoUrl: z.string().optional() }),
  /** The tenant's GDPR Art. 13 notice in the screen's language; absent: the built-in notice. */
  consentNotice: z.object({ title: z.string().max(200), body: z.string().max(20_000) }).optional(),
  ...customerScreenFields,
});
export type CustomerSessionView = z.infer<typeof customerSessionViewSchema>;

export const tellerSessionViewSchema = customerSessionViewSchema.extend({
  requestId: z.string().optional(),
  identification: identificationSchema.optional(),
  cancelReason: z.string().optional(),
  error: z.string().optional(),
  /** After sealing: the signed document's id and hash, for "show" and "print". */
  signedDocument: z.object({ id: z.string(), sha256: z.string() }).optional(),
  /** What the customer's screen shows right now (the mirror draws this). */
  customerState: sessionStateSchema.optional(),
  /** Where the signature goes in the document (chosen by the teller, or the station's default). */
  signaturePlace: signaturePlaceSchema.optional(),
  /** Who cancelled the last session and why, until the next one starts (plain words for the teller). */
  lastCancel: z.object({
    by: z.enum(['teller', 'customer', 'timeout', 'origin']),
    /** The reason as given: the teller's choice, or the sending system's words (data, shown as given). */
    reason: z.string(),
    /** A reason the station itself gives, which the window words instead of `reason` (English, for the log). */
    reasonCode: stationReasonSchema.optional(),
  }).optional(),
  /** Every document and place of the sitting, with its progress. */
  plan: planProgressSchema.optional(),
  /** The last attempt stopped in this sitting (the document kept): by whom, why, when. */
  lastStop: attemptStopSchema.optional(),
  /** The last correction of the signer or identification after preparing (which fields). */
  lastCorrection: signerCorrectionDoneSchema.optional(),
});
export type TellerSessionView = z.infer<typeof tellerSessionViewSchema>;
