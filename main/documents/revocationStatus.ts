import { createHash, verify as nodeVerify, type KeyObject } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import {
  CertificatePool, OCSP_SIGNING_EKU, hasOcspNoCheck, isIssuedBy, toArrayBuffer, type PoolCertificate,
} from './certificatePool';
import { SIGNATURE_HASHES } from './cmsVerifier';

/**
 * What embedded OCSP responses and CRLs say about one certificate at one time (ETSI EN 319 102-1
 * 5.2.5, simplified): the answer must be signed by the issuer (or, for OCSP, by a responder the
 * issuer authorised), name this certificate, and be issued at or after the time in question, so that
 * a revocation before that time would show. A revocation after that time leaves it valid then.
 */
export interface CertificateStatus {
  subject: string;
  sha256: string;
  /** trust-anchor: self-signed root (no revocation data apply); no-check: delegated OCSP responder. */
  status: 'good' | 'revoked' | 'revoked-later' | 'unknown' | 'no-data' | 'trust-anchor' | 'no-check' | 'no-issuer';
  /** Revocation data show the status at `at` (covered), or the certificate needs none. */
  covered: boolean;
  source?: 'ocsp' | 'crl';
  /** thisUpdate of the answer used. */
  issuedAt?: string;
  /** nextUpdate of the answer used (an answer issued before the time covers it up to this). */
  nextUpdate?: string;
  revokedAt?: string;
  reason?: string;
}

export interface ParsedOcsp {
  der: Buffer;
  basic: pkijs.BasicOCSPResponse;
  producedAt: Date;
}

export interface ParsedCrl {
  der: Buffer;
  crl: pkijs.CertificateRevocationList;
}

const HASH_OIDS: Record<string, string> = { '1.3.14.3.2.26': 'sha1', '2.16.840.1.101.3.4.2.1': 'sha256', '2.16.840.1.101.3.4.2.2': 'sha384', '2.16.840.1.101.3.4.2.3': 'sha512' };
const BASIC_OCSP = '1.3.6.1.5.5.7.48.1.1';

/** Parses a DER OCSPResponse; undefined when it is not a successful basic response. */
export function parseOcspResponse(der: Uint8Array): ParsedOcsp | undefined {
  try {
    const resp = pkijs.OCSPResponse.fromBER(toArrayBuffer(der));
    if (resp.responseStatus.valueBlock.valueDec !== 0 || !resp.responseBytes || resp.responseBytes.responseType !== BASIC_OCSP) return undefined;
    const basic = pkijs.BasicOCSPResponse.fromBER(resp.responseBytes.response.valueBlock.valueHexView.slice().buffer);
    return { der: Buffer.from(der), basic, producedAt: basic.tbsResponseData.producedAt };
  } catch {
    return undefined;
  }
}

export function parseCrl(der: Uint8Array): ParsedCrl | undefined {
  try {
    return { der: Buffer.from(der), crl: pkijs.CertificateRevocationList.fromBER(toArrayBuffer(der)) };
  } catch {
    return undefined;
  }
}

function verifies(tbs: Uint8Array, algorithmOid: string, signature: asn1js.BitString, key: KeyObject): boolean {
  const hash = SIGNATURE_HASHES[algorithmOid];
  if (!hash) return false;
  try {
    return nodeVerify(hash, tbs, key, Buffer.from(signature.valueBlock.valueHexView));
  } catch {
    return false;
  }
}

/** The certificate that signed an OCSP response for `issuer`'s certificates: the issuer, or a responder it authorised. */
export function ocspSigner(ocsp: ParsedOcsp, issuer: PoolCertificate, pool: CertificatePool): PoolCertificate | undefined {
  const b = ocsp.basic;
  const tbs = b.tbsResponseData.tbsView;
  const alg = b.signatureAlgorithm.algorithmId;
  if (verifies(tbs, alg, b.signature, issuer.x509.publicKey)) return issuer;
  const candidates = [...(b.certs ?? []).map((c) => pool.add(new Uint8Array(c.toSchema().toBER()))), ...pool.all()];
  return candidates.find((c): c is PoolCertificate => Boolean(c)
    && (c!.x509.keyUsage ?? []).includes(OCSP_SIGNING_EKU) && isIssuedBy(c!, issuer) && verifies(tbs, alg, b.signature, c!.x509.publicKey));
}

function serialHex(c: PoolCertificate): string {
  return c.x509.serialNumber.toLowerCase().replace(/^0+/, '');
}

function intHex(i: asn1js.Integer): string {
  return Buffer.from(i.valueBlock.valueHexView).toString('hex').replace(/^0+/, '');
}

/** RFC 6960 CertID: issuer name hash, issuer key hash (of the subjectPublicKey BIT STRING value), serial. */
function certIdMatches(id: pkijs.CertID, cert: PoolCertificate, issuer: PoolCertificate): boolean {
  const hash = HASH_OIDS[id.hashAlgorithm.algorithmId];
  if (!hash || intHex(id.serialNumber) !== serialHex(cert)) return false;
  const issuerCert = pkijs.Certificate.fromBER(toArrayBuffer(issuer.der));
  const nameHash = createHash(hash).update(Buffer.from(issuerCert.subject.toSchema().toBER())).digest();
  const keyHash = createHash(hash).update(Buffer.from(issuerCert.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView)).digest();
  return nameHash.equals(Buffer.from(id.issuerNameHash.valueBlock.valueHexView)) && keyHash.equals(Buffer.from(id.issuerKeyHash.valueBlock.valueHexView));
}

const CRL_REASONS = ['unspecified', 'keyCompromise', 'cACompromise', 'affiliationChanged', 'superseded', 'cessationOfOperation', 'certificateHold', '', 'removeFromCRL', 'privilegeWithdrawn', 'aACompromise'];

interface Answer { source: 'ocsp' | 'crl'; issuedAt: Date; nextUpdate?: Date; revokedAt?: Date; reason?: string; unknown?: boolean }

function ocspAnswers(cert: PoolCertificate, issuer: PoolCertificate, ocsps: ParsedOcsp[], pool: CertificatePool): Answer[] {
  const out: Answer[] = [];
  for (const o of ocsps) {
    const single = o.basic.tbsResponseData.responses.find((r) => certIdMatches(r.certID, cert, issuer));
    if (!single || !ocspSigner(o, issuer, pool)) continue;
    const status = single.certStatus as asn1js.BaseBlock & { idBlock: { tagNumber: number }; valueBlock: { value?: asn1js.BaseBlock[] } };
    const tag = status.idBlock.tagNumber;
    if (tag === 1) {
      // RevokedInfo ::= SEQUENCE { revocationTime GeneralizedTime, revocationReason [0] EXPLICIT CRLReason OPTIONAL }
      const [time, reasonTagged] = (status.valueBlock.value ?? []) as [asn1js.GeneralizedTime?, asn1js.Constructed?];
      const reasonCode = (reasonTagged?.valueBlock.value?.[0] as asn1js.Enumerated | undefined)?.valueBlock.valueDec;
      out.push({ source: 'ocsp', issuedAt: single.thisUpdate, nextUpdate: single.nextUpdate, revokedAt: time?.toDate() ?? single.thisUpdate, reason: reasonCode !== undefined ? CRL_REASONS[reasonCode] ?? 'revoked' : 'revoked' });
    } else out.push({ source: 'ocsp', issuedAt: single.thisUpdate, nextUpdate: single.nextUpdate, unknown: tag !== 0 });
  }
  return out;
}

function crlAnswers(cert: PoolCertificate, issuer: PoolCertificate, crls: ParsedCrl[]): Answer[] {
  const out: Answer[] = [];
  for (const { crl } of crls) {
    if (!crl.issuer.isEqual(pkijs.Certificate.fromBER(toArrayBuffer(issuer.der)).subject)) continue;
    if (!verifies(crl.tbsView, crl.signature.algorithmId, crl.signatureValue, issuer.x509.publicKey)) continue;
    const entry = (crl.revokedCertificates ?? []).find((r) => intHex(r.userCertificate) === serialHex(cert));
    let reason: string | undefined;
    const reasonExt = entry?.crlEntryExtensions?.extensions.find((e) => e.extnID === '2.5.29.21');
    if (reasonExt) reason = CRL_REASONS[(reasonExt.parsedValue as asn1js.Enumerated | undefined)?.valueBlock.valueDec ?? 0];
    out.push({ source: 'crl', issuedAt: crl.thisUpdate.value, nextUpdate: crl.nextUpdate?.value, revokedAt: entry?.revocationDate.value, reason: entry ? reason ?? 'revoked' : undefined });
  }
  return out;
}

/**
 * The status of `cert` at `at` from the embedded answers. The freshest answer issued at or after
 * `at` decides; a revocation dated at or before `at` always wins (it is evidence whenever it was issued).
 */
export function certificateStatusAt(cert: PoolCertificate, pool: CertificatePool, evidence: { ocsps: ParsedOcsp[]; crls: ParsedCrl[] }, at: Date): CertificateStatus {
  const base = { subject: cert.subject, sha256: cert.sha256 };
  const issuer = pool.issuerOf(cert);
  if (!issuer) {
    return cert.x509.subject === cert.x509.issuer && cert.x509.verify(cert.x509.publicKey)
      ? { ...base, status: 'trust-anchor', covered: true }
      : { ...base, status: 'no-issuer', covered: false };
  }
  if (hasOcspNoCheck(cert) && (cert.x509.keyUsage ?? []).includes(OCSP_SIGNING_EKU)) return { ...base, status: 'no-check', covered: true };
  const answers = [...ocspAnswers(cert, issuer, evidence.ocsps, pool), ...crlAnswers(cert, issuer, evidence.crls)];
  const revokedBefore = answers.find((a) => a.revokedAt && a.revokedAt.getTime() <= at.getTime());
  const at_ = (a: Answer) => ({ source: a.source, issuedAt: a.issuedAt.toISOString(), ...(a.nextUpdate ? { nextUpdate: a.nextUpdate.toISOString() } : {}), ...(a.revokedAt ? { revokedAt: a.revokedAt.toISOString() } : {}), ...(a.reason ? { reason: a.reason } : {}) });
  if (revokedBefore) return { ...base, status: 'revoked', covered: true, ...at_(revokedBefore) };
  // Issued at or after `at`; or (a CA's CRL is published on a schedule) issued before it with `at`
  // inside its validity period (RFC 5280 5.1.2.4-5), the answer the issuer stood by at that time.
  const t = at.getTime();
  const after = answers.filter((a) => a.issuedAt.getTime() >= t).sort((x, y) => x.issuedAt.getTime() - y.issuedAt.getTime());
  const during = answers.filter((a) => a.issuedAt.getTime() < t && a.nextUpdate && a.nextUpdate.getTime() >= t);
  const fresh = [...after, ...during];
  const decisive = fresh.find((a) => !a.unknown);
  if (decisive) return { ...base, status: decisive.revokedAt ? 'revoked-later' : 'good', covered: true, ...at_(decisive) };
  if (fresh.length) return { ...base, status: 'unknown', covered: false, ...at_(fresh[0]) };
  const older = answers.sort((x, y) => y.issuedAt.getTime() - x.issuedAt.getTime())[0];
  return { ...base, status: 'no-data', covered: false, ...(older ? at_(older) : {}) };
}

/** A plain sentence for a certificate whose status at `at` the embedded data do not show (or that was revoked then). */
export function whyNotCovered(s: CertificateStatus, at: Date): string | undefined {
  switch (s.status) {
    case 'revoked': return `'${s.subject}' was revoked at ${s.revokedAt} (${s.reason}), before ${at.toISOString()}`;
    case 'unknown': return `the ${s.source} responder does not know '${s.subject}'`;
    case 'no-issuer': return `the issuer of '${s.subject}' is not embedded, so its chain cannot be completed`;
    case 'no-data': return s.issuedAt
      ? `the revocation data for '${s.subject}' were issued at ${s.issuedAt} and valid until ${s.nextUpdate ?? 'an unstated time'}, so they cannot show its status at ${at.toISOString()}`
      : `no revocation data for '${s.subject}' are embedded`;
    default: return undefined;
  }
}
