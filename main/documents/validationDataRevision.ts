import { PDFName } from 'pdf-lib';
import { openPdfModel, type PdfDocumentModel } from './pdfDocumentModel';

/**
 * Is everything after the signed revision only validation data (PAdES B-LT: a DSS added in an
 * unsigned incremental update, which ETSI EN 319 142-1 5.4.2 allows)? True when the later
 * revisions change no object of the signed revision but the catalog, and the catalog differs only in
 * /DSS; new objects are then reachable only through the DSS. Anything else is an unsigned change.
 */
export async function onlyValidationDataAfter(model: PdfDocumentModel, signedLength: number): Promise<boolean> {
  if (signedLength >= model.bytes.length) return true;
  let signed: PdfDocumentModel;
  try {
    signed = await openPdfModel(model.bytes.subarray(0, signedLength));
  } catch {
    return false;
  }
  const root = model.chain.revision.root;
  if (root.num !== signed.chain.revision.root.num || root.gen !== signed.chain.revision.root.gen) return false;
  for (const [num, entry] of model.chain.entries) {
    const before = signed.chain.entries.get(num);
    if (!before || num === root.num) continue;
    if (before.type !== entry.type || before.offset !== entry.offset || before.gen !== entry.gen) return false;
  }
  const dss = PDFName.of('DSS');
  const keys = (m: PdfDocumentModel) => m.catalog.keys().filter((k) => k !== dss).map((k) => k.toString()).sort();
  if (keys(model).join() !== keys(signed).join()) return false;
  return model.catalog.keys().filter((k) => k !== dss).every((k) => String(model.catalog.get(k)) === String(signed.catalog.get(k)));
}
