import { PDFArray, PDFDict, PDFName, PDFRawStream, PDFRef, type PDFObject } from 'pdf-lib';
import { decodeStreamBounded } from './boundedStreamDecode';
import type { PdfDocumentModel } from './pdfDocumentModel';

/**
 * The Document Security Store of a PDF (ISO 32000-2 12.8.4.3, ETSI EN 319 142-1 5.4.2): the
 * certificates, OCSP responses and CRLs embedded for long-term validation, and the per-signature
 * VRI keys. Read from the newest catalog, so every earlier DSS revision's data is included as long
 * as each later DSS kept it (ours always do).
 */
export interface DssContent {
  certs: Buffer[];
  ocsps: Buffer[];
  crls: Buffer[];
  /** Existing stream references, so an update can keep them without copying. */
  refs: { certs: PDFRef[]; ocsps: PDFRef[]; crls: PDFRef[] };
  vri: PDFDict | undefined;
  /** Byte offset of the DSS dictionary (or of the catalog holding it): where its revision begins. */
  offset: number | undefined;
}

const MAX_DSS_ITEM = 4 << 20;

function streamsOf(model: PdfDocumentModel, dss: PDFDict, key: string): { data: Buffer[]; refs: PDFRef[] } {
  const ctx = model.doc.context;
  const arr = ctx.lookup(dss.get(PDFName.of(key)));
  const data: Buffer[] = [];
  const refs: PDFRef[] = [];
  if (!(arr instanceof PDFArray)) return { data, refs };
  for (const item of arr.asArray()) {
    const s = ctx.lookup(item);
    if (!(s instanceof PDFRawStream)) continue;
    try {
      data.push(Buffer.from(decodeStreamBounded(s, MAX_DSS_ITEM, `DSS ${key}`)));
      if (item instanceof PDFRef) refs.push(item);
    } catch {
      // An unreadable entry is no evidence; the rest still is.
    }
  }
  return { data, refs };
}

function offsetOf(model: PdfDocumentModel, obj: PDFObject | undefined): number | undefined {
  const ref = obj instanceof PDFRef ? obj : PDFRef.of(model.chain.revision.root.num, model.chain.revision.root.gen);
  const entry = model.chain.entries.get(ref.objectNumber);
  return entry?.type === 1 ? entry.offset : undefined;
}

export function readDss(model: PdfDocumentModel): DssContent | undefined {
  const raw = model.catalog.get(PDFName.of('DSS'));
  const dss = model.doc.context.lookup(raw);
  if (!(dss instanceof PDFDict)) return undefined;
  const certs = streamsOf(model, dss, 'Certs');
  const ocsps = streamsOf(model, dss, 'OCSPs');
  const crls = streamsOf(model, dss, 'CRLs');
  const vri = model.doc.context.lookup(dss.get(PDFName.of('VRI')));
  return {
    certs: certs.data, ocsps: ocsps.data, crls: crls.data,
    refs: { certs: certs.refs, ocsps: ocsps.refs, crls: crls.refs },
    vri: vri instanceof PDFDict ? vri : undefined,
    offset: offsetOf(model, raw),
  };
}
