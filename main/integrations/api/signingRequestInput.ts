import { z } from 'zod';

/**
 * The metadata of `POST /v1/signing-requests`, as JSON (with the PDF in `document.contentBase64`) or
 * as the `metadata` part of a multipart upload (with the PDF in the `document` part). Mirrors
 * `SigningRequestCreate` in docs/openapi.yaml; the API test checks the two agree.
 */
const text = (max: number) => z.string().min(1).max(max).regex(/^[^\u0000-\u001f\u007f]*$/, 'no control characters');

export const signingRequestMetadataSchema = z.strictObject({
  externalReference: text(200).optional(),
  documentType: text(100).optional(),
  signer: z.strictObject({ name: text(200) }).optional(),
  fieldsToSign: z.array(text(200)).max(50).optional(),
  language: z.string().regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'a BCP 47 language tag such as sv or de-AT').optional(),
  callbackUrl: z.url({ protocol: /^https?$/ }).max(2000).optional(),
  retentionDays: z.number().int().min(0).max(3650).optional(),
  expiresInSeconds: z.number().int().min(60).max(90 * 24 * 3600).optional(),
});

export const signingRequestJsonSchema = signingRequestMetadataSchema.extend({
  document: z.strictObject({
    name: text(255).optional(),
    contentBase64: z.string().min(1),
  }),
});

export type SigningRequestMetadata = z.infer<typeof signingRequestMetadataSchema>;
