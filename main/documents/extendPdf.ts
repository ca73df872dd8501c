import { addDocumentTimestamp } from './documentTimestamp';
import { addValidationData } from './dssBuilder';
import { openPdfModel } from './pdfDocumentModel';
import { PdfRejectedError } from './pdfRejectedError';
import { pdfSignaturesOf } from './pdfSignatures';
import type { FetchOptions } from './revocationFetcher';

/**
 * Brings a signed PDF (ours or anyone's) to a PAdES baseline level with incremental updates only:
 *
 *   B-T    a document time-stamp, if the newest signature has no trusted time yet (a desk that
 *          sealed offline made B-B; ETSI EN 319 142-1 6.3 lets a document time-stamp give B-T)
 *   B-LT   + a DSS with the chains and fresh OCSP/CRL data of every signature and time-stamp
 *   B-LTA  + a document time-stamp over that DSS
 *
 * Run again on a B-LTA file it adds fresh data for the newest time-stamp and a new one over them
 * (archive renewal). Nothing earlier is rewritten, so every earlier signature stays valid.
 */
export const padesLevels = ['B-B', 'B-T', 'B-LT', 'B-LTA'] as const;
export type PadesLevel = (typeof padesLevels)[number];

export interface ExtendOptions {
  level: PadesLevel;
  tsaUrl?: string;
  /** Certificates known beside the PDF (e.g. the sealer's chain up to its root). */
  extraCertificates?: Uint8Array[];
  fetch?: FetchOptions;
}

export interface ExtendResult {
  pdf: Uint8Array;
  /** What was added, in order ("document time-stamp DocTimeStamp1 at …", "DSS: 4 certificates, …"). */
  steps: string[];
  /** Time of the first time-stamp this run added, when the signature had none before. */
  firstTimestampAdded?: Date;
}

export class ExtendError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExtendError';
  }
}

export function levelRank(level: PadesLevel): number {
  return padesLevels.indexOf(level);
}

export async function extendPdf(pdf: Uint8Array, opts: ExtendOptions): Promise<ExtendResult> {
  const rank = levelRank(opts.level);
  if (rank < 0) throw new ExtendError(`unknown PAdES level '${opts.level}' (B-B, B-T, B-LT or B-LTA)`);
  const signatures = pdfSignaturesOf(await openPdfModel(pdf));
  if (signatures.length === 0) throw new PdfRejectedError('not-signed', 'The PDF has no readable signature: there is nothing to extend.');
  const needsTsa = (what: string) => {
    if (!opts.tsaUrl) throw new ExtendError(`${what} needs a time-stamping authority (--tsa <url> or documents.tsaUrl)`);
    return opts.tsaUrl;
  };
  const steps: string[] = [];
  let out = pdf;
  let firstTimestampAdded: Date | undefined;
  const newest = signatures.filter((s) => s.kind === 'signature').pop();
  const timed = !newest || Boolean(newest.timestamp) || signatures.some((s) => s.kind === 'document-time-stamp' && s.signedLength > newest.signedLength);
  if (rank >= levelRank('B-T') && !timed) {
    const ts = await addDocumentTimestamp(out, needsTsa('B-T for a signature sealed without a time-stamp'));
    out = ts.pdf;
    firstTimestampAdded = ts.time;
    steps.push(`document time-stamp ${ts.fieldName} at ${ts.time.toISOString()} (first trusted time of the signature)`);
  }
  if (rank >= levelRank('B-LT')) {
    const v = await addValidationData(out, { extraCertificates: opts.extraCertificates, fetch: opts.fetch });
    out = v.pdf;
    steps.push(`DSS: ${v.added.certs} certificate(s), ${v.added.ocsps} OCSP response(s), ${v.added.crls} CRL(s) added, ${v.vriKeys.length} VRI entr${v.vriKeys.length === 1 ? 'y' : 'ies'}`);
  }
  if (rank >= levelRank('B-LTA')) {
    const ts = await addDocumentTimestamp(out, needsTsa('B-LTA'));
    out = ts.pdf;
    steps.push(`archive time-stamp ${ts.fieldName} at ${ts.time.toISOString()}`);
  }
  return { pdf: out, steps, firstTimestampAdded };
}
