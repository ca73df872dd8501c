import { CertificatePool, type PoolCertificate } from './certificatePool';
import { readDss } from './dssReader';
import type { PdfDocumentModel } from './pdfDocumentModel';
import { pdfSignaturesOf, type PdfSignature } from './pdfSignatures';
import { certificateStatusAt, parseCrl, parseOcspResponse, whyNotCovered, type CertificateStatus, type ParsedCrl, type ParsedOcsp } from './revocationStatus';

/**
 * What a verifier in ten years can still establish from the file alone, per signature: the PAdES
 * level reached, whether the embedded validation data (DSS) show every certificate of the signer's
 * chain not revoked at the signature's first trusted time — and every certificate of that
 * time-stamp's TSA at the time-stamp's time — and, where they do not, why. Also the gap between the
 * claimed signing time and the first time-stamp (a desk that sealed offline gets it later).
 */
export interface LongTermReport {
  levelReached: 'none' | 'B-B' | 'B-T' | 'B-LT' | 'B-LTA';
  /** When the revocation data must speak for the signer's chain: the first time-stamp, else the claimed time. */
  validationTime?: string;
  validationTimeFrom: 'signature time-stamp' | 'document time-stamp' | 'claimed time' | 'none';
  firstTimestamp?: string;
  /** Seconds from the claimed signing time (/M) to the first time-stamp. */
  timestampGapSeconds?: number;
  /** Embedded data cover every chain certificate at the validation time (and the TSA's at its time). */
  revocationCovered: boolean;
  certificates: (CertificateStatus & { role: 'signer chain' | 'time-stamp chain'; at: string })[];
  /** A certificate of the chain was revoked before the validation time: the signature does not hold. */
  revoked: boolean;
  /** A document time-stamp covers the DSS (archive time-stamp). */
  archiveTimestamp?: string;
  problems: string[];
}

function evidenceOf(model: PdfDocumentModel) {
  const dss = readDss(model);
  return {
    dss,
    ocsps: (dss?.ocsps ?? []).map(parseOcspResponse).filter((o): o is ParsedOcsp => Boolean(o)),
    crls: (dss?.crls ?? []).map(parseCrl).filter((c): c is ParsedCrl => Boolean(c)),
  };
}

function statusesFor(leafDer: Uint8Array | undefined, pool: CertificatePool, evidence: { ocsps: ParsedOcsp[]; crls: ParsedCrl[] }, at: Date, role: LongTermReport['certificates'][number]['role']) {
  const leaf: PoolCertificate | undefined = leafDer && pool.add(leafDer);
  if (!leaf) return [];
  return pool.chainOf(leaf).map((c) => ({ ...certificateStatusAt(c, pool, evidence, at), role, at: at.toISOString() }));
}

/** `valid(fieldName)`: whether verifyPdf found that signature or time-stamp cryptographically valid. */
export function longTermReports(model: PdfDocumentModel, valid: (fieldName: string) => boolean, baseline: (fieldName: string) => boolean): Map<string, LongTermReport> {
  const signatures = pdfSignaturesOf(model);
  const evidence = evidenceOf(model);
  const pool = new CertificatePool(evidence.dss?.certs ?? []);
  for (const s of signatures) for (const d of [...s.certificates, ...(s.timestamp?.certificates ?? [])]) pool.add(d);
  const docTimestamps = signatures.filter((s) => s.kind === 'document-time-stamp' && s.timestamp && valid(s.fieldName));
  const out = new Map<string, LongTermReport>();
  for (const sig of signatures) {
    const problems: string[] = [];
    // The first trusted time: its own token, else the earliest valid document time-stamp over it.
    const later = docTimestamps.filter((t) => t.signedLength > sig.signedLength);
    let first: PdfSignature['timestamp'] | undefined;
    let from: LongTermReport['validationTimeFrom'] = 'none';
    if (sig.timestamp && (sig.kind === 'document-time-stamp' || valid(sig.fieldName))) {
      first = sig.timestamp;
      from = sig.kind === 'signature' ? 'signature time-stamp' : 'document time-stamp';
    } else if (later.length) {
      first = later[0].timestamp;
      from = 'document time-stamp';
    }
    const at = first?.genTime ?? sig.claimedTime;
    if (!first && sig.claimedTime) from = 'claimed time';
    const certificates = at
      ? [
        ...statusesFor(sig.signer, pool, evidence, at, sig.kind === 'signature' ? 'signer chain' : 'time-stamp chain'),
        ...(first && sig.kind === 'signature' ? statusesFor(first.signer, pool, evidence, first.genTime, 'time-stamp chain') : []),
      ]
      : [];
    if (!at) problems.push('the signature has neither a time-stamp nor a claimed time: there is no time to validate it at');
    for (const c of certificates) {
      const why = whyNotCovered(c, new Date(c.at));
      if (why) problems.push(why);
    }
    if (!evidence.dss) problems.push('the PDF has no DSS: no validation data are embedded');
    const revoked = certificates.some((c) => c.status === 'revoked');
    const covered = certificates.length > 0 && certificates.every((c) => c.covered) && !revoked;
    const archive = evidence.dss?.offset !== undefined ? docTimestamps.find((t) => t.signedLength > evidence.dss!.offset! && t.signedLength > sig.signedLength) : undefined;
    let levelReached: LongTermReport['levelReached'] = 'none';
    if (sig.kind === 'signature' ? baseline(sig.fieldName) && valid(sig.fieldName) : valid(sig.fieldName)) {
      levelReached = sig.kind === 'signature' ? 'B-B' : 'B-T';
      if (first) levelReached = 'B-T';
      if (levelReached === 'B-T' && evidence.dss && covered) levelReached = archive ? 'B-LTA' : 'B-LT';
    }
    const gap = first && sig.claimedTime && sig.kind === 'signature' ? Math.round((first.genTime.getTime() - sig.claimedTime.getTime()) / 1000) : undefined;
    out.set(sig.fieldName, {
      levelReached,
      validationTime: at?.toISOString(),
      validationTimeFrom: from,
      firstTimestamp: first?.genTime.toISOString(),
      ...(gap !== undefined ? { timestampGapSeconds: gap } : {}),
      revocationCovered: covered,
      certificates,
      revoked,
      ...(archive?.timestamp ? { archiveTimestamp: archive.timestamp.genTime.toISOString() } : {}),
      problems: [...new Set(problems)],
    });
  }
  return out;
}
