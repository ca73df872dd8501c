import { createHash, randomBytes } from 'node:crypto';
import { PDFArray, PDFDict, PDFName, PDFRef, PDFString } from 'pdf-lib';
import { CertificatePool, type PoolCertificate } from './certificatePool';
import { readDss } from './dssReader';
import { writeIncrementalUpdate } from './incrementalUpdate';
import { pdfSignaturesOf, type PdfSignature } from './pdfSignatures';
import { PdfRejectedError } from './pdfRejectedError';
import { PdfUpdateDraft } from './pdfUpdateDraft';
import { fetchValidationData, type FetchOptions } from './revocationFetcher';

/**
 * PAdES B-LT (ETSI EN 319 142-1 5.4.2): adds, as one incremental update, a Document Security Store
 * with the complete chain of every signature's signer and of every time-stamp's TSA, fresh OCSP
 * responses and CRLs for each of those certificates (and the OCSP responders' certificates), and a
 * VRI entry per signature naming what belongs to it. What an earlier DSS held is kept, so extending
 * again only adds. The signed revisions are not touched: every earlier signature stays valid.
 */
export interface ValidationDataOptions {
  /** Certificates known beside the PDF (the sealer's chain up to its root). */
  extraCertificates?: Uint8Array[];
  fetch?: FetchOptions;
  now?: Date;
}

export interface ValidationDataResult {
  pdf: Uint8Array;
  added: { certs: number; ocsps: number; crls: number };
  /** VRI keys written (upper-case hex SHA-1 of each signature's /Contents). */
  vriKeys: string[];
}

export function vriKeyOf(sig: Pick<PdfSignature, 'contents'>): string {
  return createHash('sha1').update(sig.contents).digest('hex').toUpperCase();
}

function pdfDate(d: Date): string {
  return `D:${d.toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z`;
}

/** Every certificate a signature depends on: its signer's chain and its time-stamp's TSA chain. */
function chainsOf(sig: PdfSignature, pool: CertificatePool): PoolCertificate[] {
  const out: PoolCertificate[] = [];
  for (const der of [sig.signer, sig.timestamp?.signer]) {
    const leaf = der && pool.add(der);
    if (leaf) for (const c of pool.chainOf(leaf)) if (!out.some((x) => x.sha256 === c.sha256)) out.push(c);
  }
  return out;
}

export async function addValidationData(pdf: Uint8Array, opts: ValidationDataOptions = {}): Promise<ValidationDataResult> {
  const draft = await PdfUpdateDraft.open(pdf);
  const model = draft.model;
  const ctx = draft.context;
  const signatures = pdfSignaturesOf(model);
  if (signatures.length === 0) throw new PdfRejectedError('not-signed', 'The PDF has no readable signature or time-stamp: there is nothing to add validation data for.');
  const existing = readDss(model);
  const pool = new CertificatePool([...(opts.extraCertificates ?? []), ...(existing?.certs ?? [])]);
  for (const s of signatures) for (const d of [...s.certificates, ...(s.timestamp?.certificates ?? [])]) pool.add(d);
  const perSignature = signatures.map((s) => ({ sig: s, chain: chainsOf(s, pool) }));
  const allChainCerts = [...new Map(perSignature.flatMap((p) => p.chain).map((c) => [c.sha256, c])).values()];
  const fetched = await fetchValidationData(allChainCerts, pool, opts.fetch);
  // Responder certificates bring their own chains (normally the same CA).
  const extraCerts = fetched.certificates.flatMap((c) => pool.chainOf(c));

  // One stream per distinct DER item; items the existing DSS holds keep their objects.
  const hashOf = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
  const added = { certs: 0, ocsps: 0, crls: 0 };
  const section = (existingData: Buffer[], existingRefs: PDFRef[], kind: keyof typeof added) => {
    const refs = new Map<string, PDFRef>();
    existingData.forEach((d, i) => existingRefs[i] && refs.set(hashOf(d), existingRefs[i]));
    return {
      refs,
      refFor(der: Uint8Array): PDFRef {
        const h = hashOf(der);
        let ref = refs.get(h);
        if (!ref) {
          ref = ctx.register(ctx.stream(der));
          refs.set(h, ref);
          added[kind]++;
        }
        return ref;
      },
    };
  };
  const certs = section(existing?.certs ?? [], existing?.refs.certs ?? [], 'certs');
  const ocsps = section(existing?.ocsps ?? [], existing?.refs.ocsps ?? [], 'ocsps');
  const crls = section(existing?.crls ?? [], existing?.refs.crls ?? [], 'crls');
  for (const c of [...allChainCerts, ...extraCerts]) certs.refFor(c.der);

  const vri = PDFDict.withContext(ctx);
  for (const [key, value] of existing?.vri?.entries() ?? []) vri.set(key, value);
  const now = opts.now ?? new Date();
  const vriKeys: string[] = [];
  for (const { sig, chain } of perSignature) {
    const entry = PDFDict.withContext(ctx);
    const cert = PDFArray.withContext(ctx);
    const ocsp = PDFArray.withContext(ctx);
    const crl = PDFArray.withContext(ctx);
    for (const c of chain) {
      cert.push(certs.refFor(c.der));
      const got = fetched.byCertificate.get(c.sha256);
      for (const o of got?.ocsps ?? []) ocsp.push(ocsps.refFor(o.der));
      for (const r of got?.crls ?? []) crl.push(crls.refFor(r.der));
    }
    entry.set(PDFName.of('Cert'), cert);
    if (ocsp.size()) entry.set(PDFName.of('OCSP'), ocsp);
    if (crl.size()) entry.set(PDFName.of('CRL'), crl);
    entry.set(PDFName.of('TU'), PDFString.of(pdfDate(now)));
    const key = vriKeyOf(sig);
    vri.set(PDFName.of(key), entry);
    vriKeys.push(key);
  }
  const dss = PDFDict.withContext(ctx);
  dss.set(PDFName.of('Type'), PDFName.of('DSS'));
  const arr = (m: Map<string, PDFRef>) => ctx.obj([...m.values()]);
  dss.set(PDFName.of('Certs'), arr(certs.refs));
  if (ocsps.refs.size) dss.set(PDFName.of('OCSPs'), arr(ocsps.refs));
  if (crls.refs.size) dss.set(PDFName.of('CRLs'), arr(crls.refs));
  dss.set(PDFName.of('VRI'), ctx.register(vri));
  model.catalog.set(PDFName.of('DSS'), ctx.register(dss));
  draft.markChanged(draft.catalogRef, model.catalog);
  const update = writeIncrementalUpdate(pdf, model.chain.revision, draft.objects(), ctx, randomBytes(16));
  return { pdf: update.bytes, added, vriKeys };
}
