import { PDFArray, PDFDict, PDFHexString, PDFName, PDFNumber, PDFRawStream, PDFString } from 'pdf-lib';
import { decodeStreamBounded } from './boundedStreamDecode';
import { isPdfRejectedError } from './pdfRejectedError';
import { parseCms, verifyDocumentTimestamp, verifySignedData, type CmsCheck } from './cmsVerifier';
import { EscrowError, parseEscrowContainer, sha256Hex } from './escrowContainer';
import { inspectPdf } from './inspectPdf';
import { openPdfModel, textOf, type PdfDocumentModel, type PdfFieldNode } from './pdfDocumentModel';
import type { PdfInfo } from './pdfInfo';
import { onlyValidationDataAfter } from './validationDataRevision';
import { longTermReports, type LongTermReport } from './longTermReport';
import { DEMO_LABEL } from './sealingCredentials';
import { ESCROW_KEY } from './signPdf';

/** What `station doc verify` reports for each signature, and for the document as a whole. */
export interface SignatureReport {
  fieldName: string;
  subFilter: string;
  /** Cryptographically intact: the signed bytes and the signature match. */
  valid: boolean;
  /** The signature's byte range reaches the end of the file (nothing was appended after it). */
  coversWholeDocument: boolean;
  /** Length of the revision this signature covers. */
  signedLength: number;
  problems: string[];
  /** /M of the signature dictionary (claimed time). */
  claimedTime?: string;
  timestamp?: CmsCheck['timestamp'];
  level: 'PAdES B-T' | 'PAdES B-B' | 'CAdES (not baseline)' | 'document time-stamp' | 'PKCS#7' | 'unknown';
  certificate?: CmsCheck['certificate'] & { demo: boolean };
  biometrics?: BiometricBindingReport;
  /** PAdES level reached, embedded revocation data, time-stamp gap (longTermReport.ts). */
  longTerm?: LongTermReport;
}

export interface BiometricBindingReport {
  present: boolean;
  /** The container names this document revision and this signature's ink, and the seal covers it. */
  bound: boolean;
  problems: string[];
  escrowKeyId?: string;
  keyTransport?: string;
  sealedAt?: string;
}

export interface VerifyReport {
  /** Every signature valid, the newest covers the whole file, every biometric container bound. */
  ok: boolean;
  signatures: SignatureReport[];
  /** Bytes appended after the newest signature (an unsigned later revision), 0 when none. */
  unsignedTrailingBytes: number;
  /** Those bytes only add validation data (a DSS, PAdES B-LT): allowed, the document is unchanged. */
  trailingValidationDataOnly?: boolean;
  document?: Pick<PdfInfo, 'pageCount' | 'pdfaClaim' | 'docMdpLevel' | 'byteLength'>;
  /** A certification forbidding any change (DocMDP P=1) was followed by later revisions. */
  certificationBroken?: string;
  /** The document could not be read at all. */
  error?: { code: string; message: string };
}

function numbers(obj: unknown): number[] | undefined {
  if (!(obj instanceof PDFArray)) return undefined;
  const v = obj.asArray().map((o) => (o instanceof PDFNumber ? o.asNumber() : NaN));
  return v.every(Number.isInteger) ? v : undefined;
}

function contentsBytes(obj: unknown): Uint8Array | undefined {
  if (obj instanceof PDFHexString || obj instanceof PDFString) return obj.asBytes();
  return undefined;
}

function checkBinding(model: PdfDocumentModel, field: PdfFieldNode, sig: PDFDict, signedLength: number, sigValid: boolean): BiometricBindingReport | undefined {
  const ctx = model.doc.context;
  const raw = sig.get(PDFName.of(ESCROW_KEY));
  if (!raw) return undefined;
  const problems: string[] = [];
  const stream = ctx.lookup(raw);
  if (!(stream instanceof PDFRawStream)) return { present: true, bound: false, problems: ['the biometric container is not a stream'] };
  let header;
  try {
    header = parseEscrowContainer(decodeStreamBounded(stream, 64 << 20, 'biometric container')).header;
  } catch (err) {
    return { present: true, bound: false, problems: [err instanceof EscrowError || isPdfRejectedError(err) ? (err as Error).message : 'the biometric container is unreadable'] };
  }
  const b = header.binding;
  if (b.documentLength > signedLength || sha256Hex(model.bytes.subarray(0, b.documentLength)) !== b.documentSha256) {
    problems.push('the biometric container belongs to another document (document hash differs)');
  }
  if (b.fieldName !== field.name) problems.push(`the biometric container was made for field '${b.fieldName}', not '${field.name}'`);
  const ap = field.widget && ctx.lookup(field.widget.get(PDFName.of('AP')));
  const normal = ap instanceof PDFDict ? ctx.lookup(ap.get(PDFName.of('N'))) : undefined;
  if (!(normal instanceof PDFRawStream)) problems.push('the signature has no ink appearance');
  else if (sha256Hex(decodeStreamBounded(normal, 16 << 20, 'ink appearance')) !== b.inkSha256) problems.push('the visible ink is not the ink the biometric data were sealed with');
  if (!sigValid) problems.push('the seal over the container is not valid');
  return { present: true, bound: problems.length === 0, problems, escrowKeyId: header.recipient.keyId, keyTransport: header.recipient.keyTransport, sealedAt: b.sealedAt };
}

function verifyOne(model: PdfDocumentModel, field: PdfFieldNode): SignatureReport {
  const ctx = model.doc.context;
  const bytes = model.bytes;
  const sig = ctx.lookup(field.dict.get(PDFName.of('V'))) as PDFDict;
  const sub = sig.get(PDFName.of('SubFilter'));
  const subFilter = sub instanceof PDFName ? sub.decodeText() : 'unknown';
  const report: SignatureReport = {
    fieldName: field.name, subFilter, valid: false, coversWholeDocument: false, signedLength: 0, problems: [],
    claimedTime: textOf(ctx.lookup(sig.get(PDFName.of('M')))), level: 'unknown',
  };
  const br = numbers(ctx.lookup(sig.get(PDFName.of('ByteRange'))));
  const contents = contentsBytes(ctx.lookup(sig.get(PDFName.of('Contents'))));
  if (!br || br.length !== 4 || !contents) {
    report.problems.push('the signature has no byte range or no contents (never completed)');
    return report;
  }
  const [a, b, c, d] = br;
  if (a !== 0 || b < 0 || c < b || d < 0 || c + d > bytes.length) {
    report.problems.push('the byte range does not fit the file');
    return report;
  }
  report.signedLength = c + d;
  report.coversWholeDocument = c + d === bytes.length;
  const gap = new TextDecoder('latin1').decode(bytes.subarray(b, c));
  if (!/^<[0-9A-Fa-f\s]*>$/.test(gap) || Buffer.from(gap.slice(1, -1).replace(/\s/g, ''), 'hex').length !== contents.length) {
    report.problems.push('the byte range leaves out more than the signature value');
  }
  if (['adbe.x509.rsa_sha1'].includes(subFilter)) {
    report.level = 'PKCS#7';
    report.problems.push(`${subFilter} signatures are not checked by this station`);
    return report;
  }
  const { signed, trailingNonZero, error } = parseCms(contents);
  if (!signed) {
    report.problems.push(error ?? 'unreadable signature');
    return report;
  }
  if (trailingNonZero) report.problems.push('bytes after the signature value were changed');
  const signedBytes = () => Buffer.concat([Buffer.from(bytes.subarray(0, b)), Buffer.from(bytes.subarray(c, c + d))]);
  const check = subFilter === 'ETSI.RFC3161' ? verifyDocumentTimestamp(signed, signedBytes()) : verifySignedData(signed, signedBytes);
  report.problems.push(...check.problems);
  if (check.timestamp && !check.timestamp.valid) report.problems.push(...check.timestamp.problems);
  report.valid = report.problems.length === 0;
  report.timestamp = check.timestamp;
  if (check.certificate) report.certificate = { ...check.certificate, demo: check.certificate.subject.includes(DEMO_LABEL) };
  if (subFilter === 'ETSI.CAdES.detached') {
    const baseline = check.essSigningCertificateV2 && !check.hasSigningTimeAttribute;
    report.level = !baseline ? 'CAdES (not baseline)' : check.timestamp ? 'PAdES B-T' : 'PAdES B-B';
  } else if (subFilter === 'ETSI.RFC3161') report.level = 'document time-stamp';
  else if (subFilter.startsWith('adbe.pkcs7')) report.level = 'PKCS#7';
  report.biometrics = checkBinding(model, field, sig, report.signedLength, report.valid);
  return report;
}

/**
 * Verifies every signature of a PDF: integrity and coverage of each, the certificate and the time,
 * and whether each sealed biometric container is bound to this document and this ink.
 */
export async function verifyPdf(bytes: Uint8Array, opts: { maxBytes?: number } = {}): Promise<VerifyReport> {
  let info: PdfInfo;
  let model: PdfDocumentModel;
  try {
    info = await inspectPdf(bytes, { maxBytes: opts.maxBytes });
    model = await openPdfModel(bytes);
  } catch (err) {
    const e = err as Error & { code?: string };
    return { ok: false, signatures: [], unsignedTrailingBytes: 0, error: { code: e.code ?? 'damaged', message: e.message } };
  }
  const signatures = model.signatureFields.filter((f) => f.filled).map((f) => {
    try {
      return verifyOne(model, f);
    } catch (err) {
      // Hostile signature data (e.g. ASN.1 nested to exhaust the stack) is a failed signature, not a crash.
      const reason = isPdfRejectedError(err) ? err.message : `the signature data cannot be read (${(err as Error).message.split('\n')[0].slice(0, 120)})`;
      return { fieldName: f.name, subFilter: 'unknown', valid: false, coversWholeDocument: false, signedLength: 0, problems: [reason], level: 'unknown' } satisfies SignatureReport;
    }
  });
  signatures.sort((x, y) => x.signedLength - y.signedLength);
  const byField = new Map(signatures.map((s) => [s.fieldName, s]));
  try {
    const longTerm = longTermReports(model, (f) => byField.get(f)?.valid === true, (f) => /^PAdES B-/.test(byField.get(f)?.level ?? ''));
    for (const [field, lt] of longTerm) {
      const s = byField.get(field);
      if (s) s.longTerm = lt;
    }
  } catch (err) {
    // Unreadable validation data never hide the integrity verdicts above.
    for (const s of signatures) s.problems.push(`the embedded validation data cannot be read (${(err as Error).message.split('\n')[0].slice(0, 120)})`);
  }
  const newest = signatures[signatures.length - 1];
  const unsignedTrailingBytes = newest ? bytes.length - newest.signedLength : 0;
  // A no-changes certification (DocMDP P=1) is broken by any later revision, signed or not.
  let certificationBroken: string | undefined;
  if (info.docMdpLevel === 1) {
    const cert = info.existingSignatures.find((s) => s.certification);
    const covered = cert?.byteRange && cert.byteRange.length === 4 ? cert.byteRange[2] + cert.byteRange[3] : undefined;
    if (covered !== undefined && covered < bytes.length) {
      certificationBroken = `the document was certified by '${cert!.fieldName}' with no changes allowed (DocMDP P=1), yet ${bytes.length - covered} bytes were added after it`;
    }
  }
  const trailingValidationDataOnly = newest && !newest.coversWholeDocument && newest.signedLength > 0
    ? await onlyValidationDataAfter(model, newest.signedLength) : undefined;
  const ok = signatures.length > 0
    && signatures.every((s) => s.valid && (!s.biometrics || s.biometrics.bound) && !s.longTerm?.revoked)
    && (newest.coversWholeDocument || trailingValidationDataOnly === true)
    && !certificationBroken;
  return {
    ok,
    signatures,
    unsignedTrailingBytes,
    ...(trailingValidationDataOnly !== undefined ? { trailingValidationDataOnly } : {}),
    ...(certificationBroken ? { certificationBroken } : {}),
    document: { pageCount: info.pageCount, pdfaClaim: info.pdfaClaim, docMdpLevel: info.docMdpLevel, byteLength: info.byteLength },
  };
}
