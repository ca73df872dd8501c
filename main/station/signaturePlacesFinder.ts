import { holdsSignature, type DocumentSignaturePlaces, type PdfRectPoints, type SignaturePlace } from '../../preload/common/contract';
import { inspectPdf } from '../documents/inspectPdf';
import { openPdfModel } from '../documents/pdfDocumentModel';
import { resolvePlacement, type SignaturePlacement } from '../documents/signaturePlacement';
import type { PlaceTarget } from '../../preload/common/placeTarget';
import type { SignaturePlacesFinder } from '../signing/signingPorts';

/**
 * The documents area as the session's SignaturePlacesFinder: the fields from the bounded inspection,
 * and the default the sealer would choose, worked out by the same resolvePlacement the sealer runs,
 * so that what the teller is shown is where the ink lands. Page numbers become 1-based here (the
 * windows' numbering); toDocumentsPlacement turns them back for the sealer.
 */
export function createSignaturePlacesFinder(options: { maxBytes?: number; anchorText?: string }): SignaturePlacesFinder {
  return {
    async find(pdf): Promise<DocumentSignaturePlaces> {
      const info = await inspectPdf(pdf, { maxBytes: options.maxBytes });
      const fields = info.signatureFields.map((f) => ({
        name: f.name,
        page: f.page + 1,
        rect: f.rect as PdfRectPoints,
        filled: f.filled,
        usable: !f.filled && f.visible && f.page >= 0 && holdsSignature(f.rect),
      }));
      if (info.docMdpLevel === 1) {
        return { pages: [], fields, problem: 'document-certified' };
      }
      // The bytes passed the bounded parse above; parsing them here is safe (as signPdf does).
      const model = await openPdfModel(pdf);
      const pages = model.pages.map((p) => ({ box: p.box as PdfRectPoints, rotate: p.rotate }));
      const usual = async (m: typeof model): Promise<SignaturePlace | undefined> => {
        try {
          const r = await resolvePlacement(m, undefined, options.anchorText);
          return r.kind === 'field'
            ? { kind: 'field', field: r.field.name, page: r.field.page + 1, rect: r.field.rect as PdfRectPoints, chosenBy: 'default' }
            : { kind: 'box', page: r.page + 1, rect: r.rect as PdfRectPoints, chosenBy: 'default' };
        } catch {
          return undefined; /* no default the station can name: the sealer decides when sealing, as before */
        }
      };
      const fallback = await usual(model);
      // With every empty field taken by a plan's places, the sealer would go on to the anchor text or a blank spot.
      const spare = fallback?.kind === 'field' ? await usual({ ...model, signatureFields: [] }) : fallback;
      return { pages, fields, default: fallback, spare };
    },
  };
}

/** The session's placement (pages from 1) as the documents area takes it (pages from 0). */
export function toDocumentsPlacement(p: PlaceTarget | undefined): SignaturePlacement | undefined {
  if (!p) return undefined;
  if ('field' in p) return { field: p.field };
  if ('anchor' in p) return { anchor: p.anchor };
  return { page: p.page - 1, rect: [...p.rect] };
}
