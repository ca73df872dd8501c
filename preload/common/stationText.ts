import { z } from 'zod';

/**
 * What the services say to a teller, as a code and its parameters: the window words it in the
 * desk's language (renderer/i18n/tellerMessages.ts, one sentence per key, type-checked). The
 * services keep an English sentence beside it for their logs, the CLI and the API's problem details;
 * no window shows that sentence. Parameters are data (a field's name, a page number, a document's
 * title as its sender gave it) or codes the window words too (a refusal, a queue status, a role).
 */
export const stationTextKeys = [
  // The signing's steps
  'no-session', 'wrong-step', 'session-open', 'cannot-cancel-sealing', 'nothing-to-finish', 'cannot-take-back',
  'no-attempt-to-stop', 'correct-only-prepared', 'queue-only-prepared', 'nothing-to-stop', 'no-customer-step',
  // Signers and places of a sitting
  'signer-not-found', 'only-customer-corrected', 'signer-already-signed', 'no-place-to-skip', 'place-required',
  'bank-seal-place', 'not-bank-seal', 'pen-still-writing', 'read-to-end', 'no-signature', 'signature-refused',
  // Sealing and storing
  'sealing-refused', 'storage-full-start', 'saving-waits', 'sealing-failed', 'no-signed-document',
  // Where the signature goes
  'document-certified', 'no-such-field', 'field-signed', 'field-cannot-show', 'no-such-page', 'box-off-page',
  'box-too-small', 'places-by-choice-unavailable', 'two-default-places', 'places-unlisted', 'places-unreadable',
  // The queue and its documents
  'not-in-plan', 'document-gone', 'document-not-waiting', 'signer-name-missing', 'file-too-large', 'not-a-pdf', 'no-such-document',
  // The desk: sign-in, roles, the pen's calibration
  'role-may-not', 'sign-in-throttled', 'account-disabled', 'sign-in-wrong', 'desk-locked',
  'calibrate-when-free', 'calibration-not-asked', 'calibration-not-stored',
] as const;
export type StationTextKey = (typeof stationTextKeys)[number];

export const stationTextSchema = z.object({
  key: z.enum(stationTextKeys),
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});
export type StationText = z.infer<typeof stationTextSchema>;

export const stationText = (key: StationTextKey, params?: StationText['params']): StationText => (params ? { key, params } : { key });
