import { createHash } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { caIssuersUrlsOf, crlUrlsOf, hasOcspNoCheck, ocspUrlsOf, toArrayBuffer, type CertificatePool, type PoolCertificate } from './certificatePool';
import { certificateStatusAt, ocspSigner, parseCrl, parseOcspResponse, type ParsedCrl, type ParsedOcsp } from './revocationStatus';

/**
 * Fetches the validation data of a certificate chain from the URLs in the certificates: an OCSP
 * response (RFC 6960, POST) from each AIA responder and the CRL of each distribution point, and a
 * missing issuer from AIA caIssuers. Every answer is checked (signed by the issuer or its delegated
 * responder, about this certificate) before it is kept; an unreachable server is a
 * RevocationFetchError, so that the caller can keep the document for a later try.
 */
export class RevocationFetchError extends Error {
  constructor(message: string, readonly unreachable: boolean) {
    super(message);
    this.name = 'RevocationFetchError';
  }
}

export interface FetchedValidationData {
  ocsps: ParsedOcsp[];
  crls: ParsedCrl[];
  /** Certificates learnt on the way (caIssuers downloads, OCSP responder certificates). */
  certificates: PoolCertificate[];
  /** What was fetched for each certificate (by sha256): the VRI entries list it per signature. */
  byCertificate: Map<string, { ocsps: ParsedOcsp[]; crls: ParsedCrl[] }>;
}

const SHA1 = '1.3.14.3.2.26';

async function httpGet(url: string, init: RequestInit, timeoutMs: number, what: string): Promise<Buffer> {
  let res: Response;
  try {
    res = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  } catch (err) {
    throw new RevocationFetchError(`the ${what} ${url} cannot be reached: ${(err as Error).message}`, true);
  }
  if (!res.ok) throw new RevocationFetchError(`the ${what} ${url} answered HTTP ${res.status}`, res.status >= 500);
  return Buffer.from(await res.arrayBuffer());
}

function ocspRequestFor(cert: PoolCertificate, issuer: PoolCertificate): Uint8Array<ArrayBuffer> {
  const issuerCert = pkijs.Certificate.fromBER(toArrayBuffer(issuer.der));
  const leaf = pkijs.Certificate.fromBER(toArrayBuffer(cert.der));
  const sha1 = (b: ArrayBuffer | Uint8Array) => toArrayBuffer(createHash('sha1').update(Buffer.from(b instanceof Uint8Array ? b : new Uint8Array(b))).digest());
  const certId = new pkijs.CertID({
    hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: SHA1, algorithmParams: new asn1js.Null() }),
    issuerNameHash: new asn1js.OctetString({ valueHex: sha1(issuerCert.subject.toSchema().toBER()) }),
    issuerKeyHash: new asn1js.OctetString({ valueHex: sha1(issuerCert.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView) }),
    serialNumber: leaf.serialNumber,
  });
  const req = new pkijs.OCSPRequest();
  req.tbsRequest.requestList = [new pkijs.Request({ reqCert: certId })];
  return new Uint8Array(req.toSchema(true).toBER());
}

function derOrPem(body: Buffer, label: string): Buffer {
  const text = body.subarray(0, 64).toString('latin1');
  if (!text.includes('-----BEGIN')) return body;
  const m = new RegExp(`-----BEGIN ${label}-----([\\s\\S]*?)-----END ${label}-----`).exec(body.toString('latin1'));
  return m ? Buffer.from(m[1].replace(/\s+/g, ''), 'base64') : body;
}

export interface FetchOptions {
  timeoutMs?: number;
  /** Ask for CRLs even where OCSP answered (default: both, so the archive has either). */
  crls?: boolean;
}

/**
 * For each certificate of `chain` (leaf first) that has an issuer: its OCSP answer and its CRL.
 * Fails when some certificate ends up with no answer at all; one failing URL out of several is fine.
 */
export async function fetchValidationData(chain: PoolCertificate[], pool: CertificatePool, opts: FetchOptions = {}): Promise<FetchedValidationData> {
  const timeoutMs = opts.timeoutMs ?? 15_000;
  const out: FetchedValidationData = { ocsps: [], crls: [], certificates: [], byCertificate: new Map() };
  const crlByUrl = new Map<string, ParsedCrl>();
  for (const cert of chain) {
    let issuer = pool.issuerOf(cert);
    if (!issuer && cert.x509.subject !== cert.x509.issuer) {
      for (const url of caIssuersUrlsOf(cert)) {
        const got = pool.add(derOrPem(await httpGet(url, {}, timeoutMs, 'issuer certificate download'), 'CERTIFICATE'));
        if (got) out.certificates.push(got);
      }
      issuer = pool.issuerOf(cert);
    }
    if (!issuer || hasOcspNoCheck(cert) || out.byCertificate.has(cert.sha256)) continue;
    const mine = { ocsps: [] as ParsedOcsp[], crls: [] as ParsedCrl[] };
    out.byCertificate.set(cert.sha256, mine);
    const errors: RevocationFetchError[] = [];
    let answered = 0;
    for (const url of ocspUrlsOf(cert)) {
      try {
        const body = await httpGet(url, { method: 'POST', headers: { 'content-type': 'application/ocsp-request' }, body: ocspRequestFor(cert, issuer) }, timeoutMs, 'OCSP responder');
        const parsed = parseOcspResponse(body);
        if (!parsed) throw new RevocationFetchError(`the OCSP responder ${url} sent no usable answer for '${cert.subject}'`, false);
        const signer = ocspSigner(parsed, issuer, pool);
        if (!signer) throw new RevocationFetchError(`the OCSP answer from ${url} is not signed by '${issuer.subject}' or a responder it authorised`, false);
        if (signer !== issuer) out.certificates.push(signer);
        out.ocsps.push(parsed);
        mine.ocsps.push(parsed);
        answered++;
      } catch (err) {
        if (!(err instanceof RevocationFetchError)) throw err;
        errors.push(err);
      }
    }
    if (opts.crls !== false || answered === 0) {
      for (const url of crlUrlsOf(cert)) {
        const known = crlByUrl.get(url);
        if (known) {
          mine.crls.push(known);
          answered++;
          continue;
        }
        try {
          const parsed = parseCrl(derOrPem(await httpGet(url, {}, timeoutMs, 'CRL distribution point'), 'X509 CRL'));
          if (!parsed) throw new RevocationFetchError(`the CRL at ${url} is unreadable`, false);
          const status = certificateStatusAt(cert, pool, { ocsps: [], crls: [parsed] }, new Date(0));
          if (status.source !== 'crl') throw new RevocationFetchError(`the CRL at ${url} is not signed by '${issuer.subject}'`, false);
          crlByUrl.set(url, parsed);
          out.crls.push(parsed);
          mine.crls.push(parsed);
          answered++;
        } catch (err) {
          if (!(err instanceof RevocationFetchError)) throw err;
          errors.push(err);
        }
      }
    }
    if (answered === 0) {
      if (errors.length) throw new RevocationFetchError(errors.map((e) => e.message).join('; '), errors.some((e) => e.unreachable));
      throw new RevocationFetchError(`'${cert.subject}' names no OCSP responder and no CRL: its revocation status cannot be embedded`, false);
    }
  }
  return out;
}
