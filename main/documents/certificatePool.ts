import { X509Certificate, createHash } from 'node:crypto';
import * as pkijs from 'pkijs';

/**
 * The certificates a long-term validation works with (from the CMS, the time-stamp tokens, the
 * sealer's chain, the DSS, an AIA download), deduplicated by hash, and the chain of any of them:
 * leaf first, up to a self-signed root or as far as the pool reaches. Issuers are found by name AND
 * a verified signature, never by name alone (two CAs may share a name across a key rollover).
 */
export interface PoolCertificate {
  der: Buffer;
  x509: X509Certificate;
  sha256: string;
  subject: string;
}

const OCSP_NO_CHECK = '1.3.6.1.5.5.7.48.1.5';
const CRL_DISTRIBUTION_POINTS = '2.5.29.31';
export const OCSP_SIGNING_EKU = '1.3.6.1.5.5.7.3.9';

export function toArrayBuffer(u: Uint8Array): ArrayBuffer {
  return u.buffer.slice(u.byteOffset, u.byteOffset + u.byteLength) as ArrayBuffer;
}

export function describeCertificate(x509: X509Certificate): string {
  return x509.subject.replace(/\n/g, ', ');
}

export function isSelfSigned(c: PoolCertificate): boolean {
  return c.x509.subject === c.x509.issuer && c.x509.checkIssued(c.x509) && c.x509.verify(c.x509.publicKey);
}

/** Issued by `issuer`: the names chain and the issuer's key verifies the signature. */
export function isIssuedBy(c: PoolCertificate, issuer: PoolCertificate): boolean {
  try {
    return c.x509.checkIssued(issuer.x509) && c.x509.verify(issuer.x509.publicKey);
  } catch {
    return false;
  }
}

export function ocspUrlsOf(c: PoolCertificate): string[] {
  return [...(c.x509.infoAccess ?? '').matchAll(/^OCSP - URI:(\S+)$/gm)].map((m) => m[1]);
}

export function caIssuersUrlsOf(c: PoolCertificate): string[] {
  return [...(c.x509.infoAccess ?? '').matchAll(/^CA Issuers - URI:(\S+)$/gm)].map((m) => m[1]);
}

function extensionsOf(c: PoolCertificate): pkijs.Extension[] {
  try {
    return pkijs.Certificate.fromBER(toArrayBuffer(c.der)).extensions ?? [];
  } catch {
    return [];
  }
}

export function crlUrlsOf(c: PoolCertificate): string[] {
  const ext = extensionsOf(c).find((e) => e.extnID === CRL_DISTRIBUTION_POINTS);
  const points = (ext?.parsedValue as pkijs.CRLDistributionPoints | undefined)?.distributionPoints ?? [];
  const urls: string[] = [];
  for (const p of points) {
    const names = Array.isArray(p.distributionPoint) ? p.distributionPoint : [];
    for (const n of names) if (n.type === 6 && typeof n.value === 'string' && /^https?:/i.test(n.value)) urls.push(n.value);
  }
  return urls;
}

/** id-pkix-ocsp-nocheck: a delegated OCSP responder whose own status is not to be checked (RFC 6960 4.2.2.2.1). */
export function hasOcspNoCheck(c: PoolCertificate): boolean {
  return extensionsOf(c).some((e) => e.extnID === OCSP_NO_CHECK);
}

export function poolCertificate(der: Uint8Array): PoolCertificate {
  const buf = Buffer.from(der);
  const x509 = new X509Certificate(buf);
  return { der: buf, x509, sha256: createHash('sha256').update(buf).digest('hex'), subject: describeCertificate(x509) };
}

export class CertificatePool {
  private readonly byHash = new Map<string, PoolCertificate>();

  constructor(ders: Iterable<Uint8Array> = []) {
    for (const d of ders) this.add(d);
  }

  /** Adds a DER certificate (unreadable ones are skipped: a hostile CMS must not stop validation). */
  add(der: Uint8Array): PoolCertificate | undefined {
    let c: PoolCertificate;
    try {
      c = poolCertificate(der);
    } catch {
      return undefined;
    }
    const known = this.byHash.get(c.sha256);
    if (known) return known;
    this.byHash.set(c.sha256, c);
    return c;
  }

  all(): PoolCertificate[] {
    return [...this.byHash.values()];
  }

  issuerOf(c: PoolCertificate): PoolCertificate | undefined {
    if (isSelfSigned(c)) return undefined;
    return this.all().find((i) => i.sha256 !== c.sha256 && isIssuedBy(c, i));
  }

  /** Leaf first; ends at a self-signed certificate or where no issuer is known (at most 10 long). */
  chainOf(leaf: PoolCertificate): PoolCertificate[] {
    const chain = [leaf];
    for (let c = leaf; chain.length < 10;) {
      const issuer = this.issuerOf(c);
      if (!issuer || chain.some((x) => x.sha256 === issuer.sha256)) break;
      chain.push(issuer);
      c = issuer;
    }
    return chain;
  }
}
