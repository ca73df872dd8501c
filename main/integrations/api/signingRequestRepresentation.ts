import type { SigningRequest } from '../inbox/signingRequest';

/** The JSON a client sees for a signing request (schema `SigningRequest` in docs/openapi.yaml). */
export function representSigningRequest(r: SigningRequest, basePath = '/v1/signing-requests') {
  const self = `${basePath}/${r.id}`;
  return {
    id: r.id,
    status: r.status,
    source: r.source,
    externalReference: r.externalReference ?? null,
    documentType: r.documentType ?? null,
    signer: r.signerName ? { name: r.signerName } : null,
    fieldsToSign: r.fieldsToSign,
    signers: r.plan?.signers ?? null,
    places: r.plan?.places ?? null,
    packageReference: r.packageReference ?? null,
    // After signing: every place, signed or skipped, in the order signed.
    signatures: r.signatures ?? null,
    language: r.language ?? null,
    callbackUrl: r.callbackUrl ?? null,
    retentionDays: r.retentionDays ?? null,
    document: { name: r.documentName || null, bytes: r.documentBytes, sha256: r.documentSha256 },
    // null once retention removed it (GET …/document then answers 410).
    signedDocument: r.status === 'completed' && r.signedDocumentSha256 && !r.signedDocumentRemovedAt ? { sha256: r.signedDocumentSha256, href: `${self}/document` } : null,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    expiresAt: r.expiresAt,
    completedAt: r.completedAt ?? null,
    cancelledAt: r.cancelledAt ?? null,
    cancelReason: r.cancelReason ?? null,
    links: { self },
  };
}
