import { createHash } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import type { Sealer } from './sealer';
import { requestTimestamp } from './timestampClient';

/**
 * Builds the CMS SignedData of a PAdES baseline signature (ETSI EN 319 142-1, SubFilter
 * ETSI.CAdES.detached): detached id-data content, signed attributes content-type, message-digest
 * and ESS signing-certificate-v2, and deliberately NO signing-time (PAdES puts the claimed time in
 * the signature dictionary's /M). With a TSA, the signature value is time-stamped (B-T).
 */
const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  signatureTimeStampToken: '1.2.840.113549.1.9.16.2.14',
  sha256: '2.16.840.1.101.3.4.2.1',
  sha256WithRSA: '1.2.840.113549.1.1.11',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
};

export interface CadesResult {
  cms: Uint8Array;
  /** Time of the signature time-stamp when one was obtained (B-T). */
  timestampTime?: Date;
}

function toAb(u: Uint8Array): ArrayBuffer {
  return u.buffer.slice(u.byteOffset, u.byteOffset + u.byteLength) as ArrayBuffer;
}

export function parseCertificate(der: Uint8Array): pkijs.Certificate {
  return pkijs.Certificate.fromBER(toAb(der));
}

function signingCertificateV2(certDer: Uint8Array, cert: pkijs.Certificate): pkijs.Attribute {
  const certHash = createHash('sha256').update(certDer).digest();
  // ESSCertIDv2: hashAlgorithm omitted (DEFAULT sha256), certHash, issuerSerial {issuer GeneralNames, serial}.
  const issuerSerial = new asn1js.Sequence({
    value: [
      new asn1js.Sequence({ value: [new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 4 }, value: [cert.issuer.toSchema()] })] }),
      new asn1js.Integer({ valueHex: cert.serialNumber.valueBlock.valueHexView.slice().buffer }),
    ],
  });
  const essCertIdV2 = new asn1js.Sequence({ value: [new asn1js.OctetString({ valueHex: toAb(certHash) }), issuerSerial] });
  return new pkijs.Attribute({
    type: OID.signingCertificateV2,
    values: [new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [essCertIdV2] })] })],
  });
}

/** DER SET OF sorts its elements by their encodings (X.690 11.6). */
function derSortedAttributes(attrs: pkijs.Attribute[]): { sorted: pkijs.Attribute[]; der: Uint8Array } {
  const withDer = attrs.map((a) => ({ a, der: Buffer.from(a.toSchema().toBER()) }));
  withDer.sort((x, y) => Buffer.compare(x.der, y.der));
  const set = new asn1js.Set({ value: withDer.map((x) => x.a.toSchema()) });
  return { sorted: withDer.map((x) => x.a), der: new Uint8Array(set.toBER()) };
}

export async function buildCadesDetached(
  contentDigest: Uint8Array,
  sealer: Sealer,
  opts: { tsaUrl?: string } = {},
): Promise<CadesResult> {
  const cert = parseCertificate(sealer.certificate);
  const attrs = [
    new pkijs.Attribute({ type: OID.contentType, values: [new asn1js.ObjectIdentifier({ value: OID.data })] }),
    new pkijs.Attribute({ type: OID.messageDigest, values: [new asn1js.OctetString({ valueHex: toAb(contentDigest) })] }),
    signingCertificateV2(sealer.certificate, cert),
  ];
  const { sorted, der } = derSortedAttributes(attrs);
  const signature = await sealer.sign(der);
  const signatureAlgorithm = sealer.algorithm === 'rsa-pkcs1-sha256'
    ? new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256WithRSA, algorithmParams: new asn1js.Null() })
    : new pkijs.AlgorithmIdentifier({ algorithmId: OID.ecdsaWithSha256 });
  const signerInfo = new pkijs.SignerInfo({
    version: 1,
    sid: new pkijs.IssuerAndSerialNumber({ issuer: cert.issuer, serialNumber: cert.serialNumber }),
    digestAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256 }),
    signedAttrs: new pkijs.SignedAndUnsignedAttributes({ type: 0, attributes: sorted }),
    signatureAlgorithm,
    signature: new asn1js.OctetString({ valueHex: toAb(signature) }),
  });
  let timestampTime: Date | undefined;
  if (opts.tsaUrl) {
    const ts = await requestTimestamp(opts.tsaUrl, signature);
    timestampTime = ts.genTime;
    const tokenAsn1 = asn1js.fromBER(toAb(ts.token));
    signerInfo.unsignedAttrs = new pkijs.SignedAndUnsignedAttributes({
      type: 1,
      attributes: [new pkijs.Attribute({ type: OID.signatureTimeStampToken, values: [tokenAsn1.result] })],
    });
  }
  const signedData = new pkijs.SignedData({
    version: 1,
    digestAlgorithms: [new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256 })],
    encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: OID.data }),
    certificates: [cert, ...sealer.chain.map(parseCertificate)],
    signerInfos: [signerInfo],
  });
  const contentInfo = new pkijs.ContentInfo({ contentType: OID.signedData, content: signedData.toSchema(true) });
  return { cms: new Uint8Array(contentInfo.toSchema().toBER()), timestampTime };
}

export const CADES_OIDS = OID;
