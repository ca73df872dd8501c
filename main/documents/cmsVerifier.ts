import { X509Certificate, constants, createHash, verify as nodeVerify } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { CADES_OIDS } from './cadesSignature';

/**
 * Checks a CMS SignedData the way a PDF verifier must: the signed-attribute message digest against
 * the document's byte ranges, the signature over the signed attributes with the signer's
 * certificate, the ESS signing-certificate(-v2) binding, and an RFC 3161 signature time-stamp.
 * Trust in the certificate (a path to a trusted root) is reported, not decided, here.
 */
export interface CmsCheck {
  valid: boolean;
  problems: string[];
  digestAlgorithm: string;
  signatureAlgorithm: string;
  certificate?: { subject: string; issuer: string; serialNumber: string; validFrom: string; validTo: string; selfSigned: boolean; sha256: string };
  /** ESS signing-certificate-v2 present and matching (required by PAdES baseline). */
  essSigningCertificateV2: boolean;
  hasSigningTimeAttribute: boolean;
  timestamp?: { time: string; valid: boolean; problems: string[]; tsa?: string };
}

const DIGESTS: Record<string, string> = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};
/** Signature algorithm OID → hash (also for OCSP responses and CRLs, revocationStatus.ts). */
export const SIGNATURE_HASHES: Record<string, string> = {
  '1.2.840.113549.1.1.5': 'sha1', '1.2.840.113549.1.1.11': 'sha256', '1.2.840.113549.1.1.12': 'sha384', '1.2.840.113549.1.1.13': 'sha512',
  '1.2.840.10045.4.1': 'sha1', '1.2.840.10045.4.3.2': 'sha256', '1.2.840.10045.4.3.3': 'sha384', '1.2.840.10045.4.3.4': 'sha512',
};
const RSA_ENCRYPTION = '1.2.840.113549.1.1.1';
const RSA_PSS = '1.2.840.113549.1.1.10';
const ESS_SIGNING_CERTIFICATE_V1 = '1.2.840.113549.1.9.16.2.12';
const SIGNING_TIME = '1.2.840.113549.1.9.5';

const buf = (v: ArrayBuffer | Uint8Array) => Buffer.from(v instanceof Uint8Array ? v : new Uint8Array(v));

function attrValue(signer: pkijs.SignerInfo, oid: string, unsigned = false): asn1js.AsnType | undefined {
  const attrs = unsigned ? signer.unsignedAttrs : signer.signedAttrs;
  return attrs?.attributes.find((a) => a.type === oid)?.values[0];
}

function findSignerCert(signed: pkijs.SignedData, signer: pkijs.SignerInfo): pkijs.Certificate | undefined {
  const certs = (signed.certificates ?? []).filter((c): c is pkijs.Certificate => c instanceof pkijs.Certificate);
  const sid = signer.sid;
  if (sid instanceof pkijs.IssuerAndSerialNumber) {
    return certs.find((c) => c.issuer.isEqual(sid.issuer) && c.serialNumber.isEqual(sid.serialNumber));
  }
  // subjectKeyIdentifier [0]
  const ski = buf((sid as asn1js.Primitive).valueBlock.valueHexView);
  return certs.find((c) => {
    const ext = c.extensions?.find((e) => e.extnID === '2.5.29.14');
    return ext && buf(ext.extnValue.valueBlock.valueHexView).subarray(-ski.length).equals(ski);
  });
}

export function verifySignedData(signed: pkijs.SignedData, content: (hash: string) => Buffer): CmsCheck {
  const problems: string[] = [];
  const signer = signed.signerInfos[0];
  const result: CmsCheck = {
    valid: false, problems, digestAlgorithm: '?', signatureAlgorithm: '?', essSigningCertificateV2: false, hasSigningTimeAttribute: false,
  };
  if (!signer) {
    problems.push('no signer');
    return result;
  }
  const hash = DIGESTS[signer.digestAlgorithm.algorithmId];
  result.digestAlgorithm = hash ?? signer.digestAlgorithm.algorithmId;
  result.signatureAlgorithm = signer.signatureAlgorithm.algorithmId;
  if (!hash) {
    problems.push(`unsupported digest algorithm ${signer.digestAlgorithm.algorithmId}`);
    return result;
  }
  const cert = findSignerCert(signed, signer);
  if (!cert) {
    problems.push('the signer\'s certificate is not in the signature');
    return result;
  }
  const certDer = buf(cert.toSchema().toBER());
  const x509 = new X509Certificate(certDer);
  result.certificate = {
    subject: x509.subject.replace(/\n/g, ', '),
    issuer: x509.issuer.replace(/\n/g, ', '),
    serialNumber: x509.serialNumber,
    validFrom: new Date(x509.validFrom).toISOString(),
    validTo: new Date(x509.validTo).toISOString(),
    selfSigned: x509.subject === x509.issuer && x509.verify(x509.publicKey),
    sha256: createHash('sha256').update(certDer).digest('hex'),
  };
  const contentDigest = createHash(hash).update(content(hash)).digest();
  let signedBytes: Buffer;
  if (signer.signedAttrs) {
    const md = attrValue(signer, CADES_OIDS.messageDigest) as asn1js.OctetString | undefined;
    if (!md) problems.push('no message-digest attribute');
    else if (!buf(md.valueBlock.valueHexView).equals(contentDigest)) problems.push('the document was changed after signing (digest mismatch)');
    const ct = attrValue(signer, CADES_OIDS.contentType) as asn1js.ObjectIdentifier | undefined;
    if (!ct) problems.push('no content-type attribute');
    result.hasSigningTimeAttribute = Boolean(attrValue(signer, SIGNING_TIME));
    const essV2 = attrValue(signer, CADES_OIDS.signingCertificateV2);
    const essV1 = attrValue(signer, ESS_SIGNING_CERTIFICATE_V1);
    if (essV2) {
      try {
        const first = ((essV2 as asn1js.Sequence).valueBlock.value[0] as asn1js.Sequence).valueBlock.value[0] as asn1js.Sequence;
        let i = 0;
        let certHashAlg = 'sha256';
        if (first.valueBlock.value[0] instanceof asn1js.Sequence) {
          const alg = new pkijs.AlgorithmIdentifier({ schema: first.valueBlock.value[0] });
          certHashAlg = DIGESTS[alg.algorithmId] ?? 'unknown';
          i = 1;
        }
        const h = buf((first.valueBlock.value[i] as asn1js.OctetString).valueBlock.valueHexView);
        if (certHashAlg !== 'unknown' && createHash(certHashAlg).update(certDer).digest().equals(h)) result.essSigningCertificateV2 = true;
        else problems.push('the embedded certificate is not the one the signature names (ESS signing-certificate-v2 mismatch)');
      } catch {
        problems.push('unreadable ESS signing-certificate-v2 attribute');
      }
    } else if (essV1) {
      try {
        const first = ((essV1 as asn1js.Sequence).valueBlock.value[0] as asn1js.Sequence).valueBlock.value[0] as asn1js.Sequence;
        const h = buf((first.valueBlock.value[0] as asn1js.OctetString).valueBlock.valueHexView);
        if (!createHash('sha1').update(certDer).digest().equals(h)) problems.push('the embedded certificate is not the one the signature names (ESS signing-certificate mismatch)');
      } catch {
        problems.push('unreadable ESS signing-certificate attribute');
      }
    }
    signedBytes = buf(signer.signedAttrs.encodedValue);
    signedBytes = Buffer.from(signedBytes);
    signedBytes[0] = 0x31; // signed over as SET OF (RFC 5652 5.4)
  } else {
    signedBytes = content(hash);
  }
  const sigValue = buf(signer.signature.valueBlock.valueHexView);
  const alg = signer.signatureAlgorithm.algorithmId;
  let ok = false;
  try {
    if (alg === RSA_PSS) {
      ok = nodeVerify(hash, signedBytes, { key: x509.publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_AUTO }, sigValue);
    } else {
      const sigHash = alg === RSA_ENCRYPTION || alg === '1.2.840.10045.2.1' ? hash : SIGNATURE_HASHES[alg];
      if (!sigHash) problems.push(`unsupported signature algorithm ${alg}`);
      else ok = nodeVerify(sigHash, signedBytes, x509.publicKey, sigValue);
    }
  } catch (err) {
    problems.push(`signature cannot be checked: ${(err as Error).message}`);
  }
  if (!ok && !problems.some((p) => p.startsWith('unsupported'))) problems.push('the signature value does not match (signature or signed attributes altered)');
  const tsAttr = attrValue(signer, CADES_OIDS.signatureTimeStampToken, true);
  if (tsAttr) result.timestamp = verifyTimestampToken(tsAttr, sigValue);
  result.valid = problems.length === 0 && ok;
  return result;
}

/**
 * A document time-stamp (SubFilter ETSI.RFC3161, PAdES B-LTA): /Contents is a TimeStampToken whose
 * imprint is the hash of the byte ranges.
 */
export function verifyDocumentTimestamp(signed: pkijs.SignedData, content: Buffer): CmsCheck {
  const eContent = signed.encapContentInfo.eContent;
  if (!eContent) {
    return { valid: false, problems: ['document time-stamp without TSTInfo'], digestAlgorithm: '?', signatureAlgorithm: '?', essSigningCertificateV2: false, hasSigningTimeAttribute: false };
  }
  const tstDer = buf(eContent.getValue());
  const check = verifySignedData(signed, () => tstDer);
  try {
    const tst = pkijs.TSTInfo.fromBER(tstDer);
    const alg = DIGESTS[tst.messageImprint.hashAlgorithm.algorithmId];
    if (!alg || !createHash(alg).update(content).digest().equals(buf(tst.messageImprint.hashedMessage.valueBlock.valueHexView))) {
      check.problems.push('the document was changed after it was time-stamped (imprint mismatch)');
    }
    check.timestamp = { time: tst.genTime.toISOString(), valid: check.problems.length === 0, problems: [], tsa: check.certificate?.subject };
  } catch (err) {
    check.problems.push(`unreadable TSTInfo: ${(err as Error).message}`);
  }
  check.valid = check.problems.length === 0;
  return check;
}

function verifyTimestampToken(token: asn1js.AsnType, signatureValue: Buffer): NonNullable<CmsCheck['timestamp']> {
  try {
    const ci = new pkijs.ContentInfo({ schema: token });
    const sd = new pkijs.SignedData({ schema: ci.content });
    const eContent = sd.encapContentInfo.eContent;
    if (!eContent) return { time: '', valid: false, problems: ['time-stamp token without TSTInfo'] };
    const tstDer = buf(eContent.getValue());
    const tst = pkijs.TSTInfo.fromBER(tstDer);
    const problems: string[] = [];
    const alg = DIGESTS[tst.messageImprint.hashAlgorithm.algorithmId];
    if (!alg || !createHash(alg).update(signatureValue).digest().equals(buf(tst.messageImprint.hashedMessage.valueBlock.valueHexView))) {
      problems.push('the time-stamp covers other data than this signature');
    }
    const check = verifySignedData(sd, () => tstDer);
    problems.push(...check.problems.map((p) => `time-stamp: ${p}`));
    return { time: tst.genTime.toISOString(), valid: problems.length === 0, problems, tsa: check.certificate?.subject };
  } catch (err) {
    return { time: '', valid: false, problems: [`unreadable time-stamp token: ${(err as Error).message}`] };
  }
}

/** Parses DER CMS from a /Contents value; reports bytes after the DER (padding must be zeros). */
export function parseCms(contents: Uint8Array): { signed?: pkijs.SignedData; trailingNonZero: boolean; error?: string } {
  const ab = contents.buffer.slice(contents.byteOffset, contents.byteOffset + contents.byteLength) as ArrayBuffer;
  const parsed = asn1js.fromBER(ab);
  if (parsed.offset === -1) return { trailingNonZero: false, error: 'the signature is not valid DER/BER' };
  const trailingNonZero = contents.subarray(parsed.offset).some((b) => b !== 0);
  try {
    const ci = new pkijs.ContentInfo({ schema: parsed.result });
    if (ci.contentType !== CADES_OIDS.signedData) return { trailingNonZero, error: 'the signature is not CMS SignedData' };
    return { signed: new pkijs.SignedData({ schema: ci.content }), trailingNonZero };
  } catch (err) {
    return { trailingNonZero, error: `the signature is not readable CMS: ${(err as Error).message}` };
  }
}
