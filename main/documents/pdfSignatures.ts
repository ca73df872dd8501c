import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { PDFArray, PDFDict, PDFHexString, PDFName, PDFNumber, PDFString } from 'pdf-lib';
import { CADES_OIDS } from './cadesSignature';
import { toArrayBuffer } from './certificatePool';
import { parseCms } from './cmsVerifier';
import { textOf, type PdfDocumentModel } from './pdfDocumentModel';

/**
 * The signatures of a PDF as the long-term-validation code needs them: each signature's CMS, its
 * signer certificate, the time-stamp tokens that vouch for it (its own signature time-stamp, or for
 * a document time-stamp the token itself), and the bytes it covers. Unreadable ones are skipped:
 * `verifyPdf` is the place that reports them.
 */
export interface PdfTimestampToken {
  genTime: Date;
  /** DER certificates in the token (normally the TSA's and its chain). */
  certificates: Uint8Array[];
  /** The TSA certificate (the token's signer), DER. */
  signer?: Uint8Array;
}

export interface PdfSignature {
  fieldName: string;
  kind: 'signature' | 'document-time-stamp';
  subFilter: string;
  /** /Contents exactly as in the file (the VRI key is its SHA-1). */
  contents: Uint8Array;
  /** Length of the revision it covers (ByteRange end). */
  signedLength: number;
  claimedTime?: Date;
  /** DER certificates of the CMS. */
  certificates: Uint8Array[];
  /** The signer's certificate (for a document time-stamp: the TSA's). */
  signer?: Uint8Array;
  /** Signature time-stamp (for a signature) or the token itself (for a document time-stamp). */
  timestamp?: PdfTimestampToken;
}

function derOf(c: pkijs.CertificateSetItem): Uint8Array | undefined {
  return c instanceof pkijs.Certificate ? new Uint8Array(c.toSchema().toBER()) : undefined;
}

function signerCertificate(signed: pkijs.SignedData): Uint8Array | undefined {
  const sid = signed.signerInfos[0]?.sid;
  const certs = (signed.certificates ?? []).filter((c): c is pkijs.Certificate => c instanceof pkijs.Certificate);
  if (sid instanceof pkijs.IssuerAndSerialNumber) {
    const c = certs.find((x) => x.issuer.isEqual(sid.issuer) && x.serialNumber.isEqual(sid.serialNumber));
    return c && new Uint8Array(c.toSchema().toBER());
  }
  return certs.length === 1 ? new Uint8Array(certs[0].toSchema().toBER()) : undefined;
}

function tokenOf(signed: pkijs.SignedData): PdfTimestampToken | undefined {
  const e = signed.encapContentInfo.eContent;
  if (!e) return undefined;
  const tst = pkijs.TSTInfo.fromBER(toArrayBuffer(new Uint8Array(e.getValue())));
  return { genTime: tst.genTime, certificates: (signed.certificates ?? []).map(derOf).filter((d): d is Uint8Array => Boolean(d)), signer: signerCertificate(signed) };
}

function signatureTimestamp(signed: pkijs.SignedData): PdfTimestampToken | undefined {
  const attr = signed.signerInfos[0]?.unsignedAttrs?.attributes.find((a) => a.type === CADES_OIDS.signatureTimeStampToken);
  if (!attr) return undefined;
  const ci = new pkijs.ContentInfo({ schema: attr.values[0] as asn1js.Sequence });
  return tokenOf(new pkijs.SignedData({ schema: ci.content }));
}

/** PDF date "D:20261202130500+00'00'" → Date. */
export function parsePdfDate(text: string | undefined): Date | undefined {
  const m = /^D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?([Z+-])?(\d{2})?'?(\d{2})?/.exec(text ?? '');
  if (!m) return undefined;
  const [, y, mo = '01', d = '01', h = '00', mi = '00', s = '00', sign, oh = '00', om = '00'] = m;
  const utc = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s);
  const offset = (sign === '+' ? 1 : sign === '-' ? -1 : 0) * (+oh * 60 + +om) * 60_000;
  return new Date(utc - offset);
}

export function pdfSignaturesOf(model: PdfDocumentModel): PdfSignature[] {
  const ctx = model.doc.context;
  const out: PdfSignature[] = [];
  for (const field of model.signatureFields.filter((f) => f.filled)) {
    try {
      const sig = ctx.lookup(field.dict.get(PDFName.of('V')));
      if (!(sig instanceof PDFDict)) continue;
      const contentsObj = ctx.lookup(sig.get(PDFName.of('Contents')));
      const br = ctx.lookup(sig.get(PDFName.of('ByteRange')));
      if (!(contentsObj instanceof PDFHexString || contentsObj instanceof PDFString) || !(br instanceof PDFArray) || br.size() !== 4) continue;
      const range = br.asArray().map((o) => (o instanceof PDFNumber ? o.asNumber() : NaN));
      const sub = sig.get(PDFName.of('SubFilter'));
      const subFilter = sub instanceof PDFName ? sub.decodeText() : 'unknown';
      const contents = contentsObj.asBytes();
      const { signed } = parseCms(contents);
      if (!signed) continue;
      const kind = subFilter === 'ETSI.RFC3161' ? 'document-time-stamp' : 'signature';
      out.push({
        fieldName: field.name, kind, subFilter, contents, signedLength: range[2] + range[3],
        claimedTime: parsePdfDate(textOf(ctx.lookup(sig.get(PDFName.of('M'))))),
        certificates: (signed.certificates ?? []).map(derOf).filter((d): d is Uint8Array => Boolean(d)),
        signer: signerCertificate(signed),
        timestamp: kind === 'document-time-stamp' ? tokenOf(signed) : signatureTimestamp(signed),
      });
    } catch {
      // Unreadable signature data: verifyPdf reports it; there is nothing to extend here.
    }
  }
  return out.sort((a, b) => a.signedLength - b.signedLength);
}
