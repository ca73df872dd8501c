import { z } from 'zod';
import { documentPlanSchema, planPlaceSchema, planSignerSchema } from '../../../preload/common/signingPlan';

/**
 * The metadata of `POST /v1/signing-requests`, as JSON (with the PDF in `document.contentBase64`) or
 * as the `metadata` part of a multipart upload (with the PDF in the `document` part). Mirrors
 * `SigningRequestCreate` in docs/openapi.yaml; the API test checks the two agree.
 */
const text = (max: number) => z.string().min(1).max(max).regex(/^[^\u0000-\u001f\u007f]*$/, 'no control characters');

const metadataFields = z.strictObject({
  externalReference: text(200).optional(),
  documentType: text(100).optional(),
  signer: z.strictObject({ name: text(200) }).optional(),
  fieldsToSign: z.array(text(200)).max(50).optional(),
  /** Who signs, in which order (with `places`; see preload/common/signingPlan.ts). */
  signers: z.array(planSignerSchema).min(1).max(8).optional(),
  /** Where each signer signs: a field name, an anchor text, or a box on a page (1-based). */
  places: z.array(planPlaceSchema).min(1).max(20).optional(),
  /** Requests with the same reference (from the same integration) are one package, signed in one sitting. */
  packageReference: text(64).optional(),
  language: z.string().regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'a BCP 47 language tag such as sv or de-AT').optional(),
  callbackUrl: z.url({ protocol: /^https?$/ }).max(2000).optional(),
  retentionDays: z.number().int().min(0).max(3650).optional(),
  expiresInSeconds: z.number().int().min(60).max(90 * 24 * 3600).optional(),
});

/** Signers and places come together, and every place names one of the signers. */
function checkPlan(m: { signers?: unknown; places?: unknown }, ctx: z.RefinementCtx): void {
  if (!m.signers && !m.places) return;
  if (!m.signers || !m.places) {
    ctx.addIssue({ code: 'custom', path: [m.signers ? 'places' : 'signers'], message: 'signers and places are given together' });
    return;
  }
  const plan = documentPlanSchema.safeParse({ signers: m.signers, places: m.places });
  if (!plan.success) for (const issue of plan.error.issues) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
}

export const signingRequestMetadataSchema = metadataFields.superRefine(checkPlan);

export const signingRequestJsonSchema = metadataFields.extend({
  document: z.strictObject({
    name: text(255).optional(),
    contentBase64: z.string().min(1),
  }),
}).superRefine(checkPlan);

/** The plan of a request's metadata, when it has one. */
export function planOf(m: SigningRequestMetadata) {
  return m.signers && m.places ? documentPlanSchema.parse({ signers: m.signers, places: m.places }) : undefined;
}

export type SigningRequestMetadata = z.infer<typeof signingRequestMetadataSchema>;

/**
 * The request fields a sidecar's or a print job's metadata sets (hot folder, print). Not the
 * callback URL: those sources authenticate nobody, so they may not make the station call out.
 */
export function metadataRequestFields(m: SigningRequestMetadata) {
  return {
    externalReference: m.externalReference,
    documentType: m.documentType,
    signerName: m.signer?.name,
    fieldsToSign: m.fieldsToSign,
    plan: planOf(m),
    packageReference: m.packageReference,
    language: m.language,
    retentionDays: m.retentionDays,
    ttlSeconds: m.expiresInSeconds,
  };
}
export type MetadataRequestFields = Partial<ReturnType<typeof metadataRequestFields>>;
