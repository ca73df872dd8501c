import { randomBytes } from 'node:crypto';
import { PdfUpdateDraft } from './pdfUpdateDraft';
import { newSignatureDict, writeSignedUpdate } from './signatureHole';
import { requestTimestamp } from './timestampClient';

/**
 * Adds a PAdES document time-stamp (ETSI EN 319 142-1 5.4.3: /Type /DocTimeStamp, SubFilter
 * ETSI.RFC3161) as an incremental update: an RFC 3161 token over the whole file as it then is,
 * DSS included. Over a B-B signature it gives the signature its first trusted time (B-T); over a
 * DSS it protects the validation data (B-LTA); each later one renews the protection.
 */
export interface DocumentTimestampResult {
  pdf: Uint8Array;
  fieldName: string;
  time: Date;
}

/** Token sizes per TSA, so that the next time-stamp from it needs one request. */
const lastTokenLength = new Map<string, number>();

export async function addDocumentTimestamp(pdf: Uint8Array, tsaUrl: string): Promise<DocumentTimestampResult> {
  const draft = await PdfUpdateDraft.open(pdf);
  const ctx = draft.context;
  const sigDict = newSignatureDict(ctx, { Type: 'DocTimeStamp', Filter: 'Adobe.PPKLite', SubFilter: 'ETSI.RFC3161' });
  const sigRef = ctx.register(sigDict);
  const fieldName = draft.uniqueFieldName('DocTimeStamp');
  draft.addInvisibleSignatureField(fieldName, sigRef);
  let time = new Date(0);
  const { pdf: out } = await writeSignedUpdate({
    original: pdf, revision: draft.model.chain.revision, objects: draft.objects(), context: ctx, sigDict, sigRef, newId: randomBytes(16),
    guess: lastTokenLength.get(tsaUrl) ?? 4096,
    async produce({ bytes }) {
      const ts = await requestTimestamp(tsaUrl, bytes());
      lastTokenLength.set(tsaUrl, ts.token.length);
      time = ts.genTime;
      return ts.token;
    },
  });
  return { pdf: out, fieldName, time };
}
