import { PDFArray, PDFDict, PDFHexString, PDFName, PDFNumber, type PDFRef } from 'pdf-lib';
import type { PdfFieldNode } from './pdfDocumentModel';
import type { PdfRect } from './pdfInfo';
import { PdfRejectedError } from './pdfRejectedError';
import type { PdfUpdateDraft } from './pdfUpdateDraft';
import { tagSignatureWidget } from './signatureFieldTagging';

/**
 * The field a signature lives in: an empty signature field the document brought gets the value and
 * the appearance; otherwise a new widget is added to the page (and tagged in a tagged PDF). Either
 * way the AcroForm lists the field and says that the document holds signatures.
 */
function appearanceDict(draft: PdfUpdateDraft, apRef: PDFRef): PDFDict {
  const ap = PDFDict.withContext(draft.context);
  ap.set(PDFName.of('N'), apRef);
  return ap;
}

/** Print the appearance; never hidden, invisible or unviewable (ISO 32000-1 12.5.3 annotation flags). */
function makePrintable(widget: PDFDict): void {
  const flags = widget.get(PDFName.of('F'));
  const old = flags instanceof PDFNumber ? flags.asNumber() : 0;
  widget.set(PDFName.of('F'), PDFNumber.of((old | 4) & ~(1 | 2 | 32)));
}

/** Fills an existing empty signature field; returns the field's reference. */
export function fillSignatureField(draft: PdfUpdateDraft, field: PdfFieldNode, sigRef: PDFRef, apRef: PDFRef): PDFRef {
  if (!field.ref || !field.widget) throw new PdfRejectedError('damaged', `The signature field '${field.name}' is not an indirect object; the station cannot fill it.`);
  field.dict.set(PDFName.of('V'), sigRef);
  draft.markChanged(field.ref, field.dict);
  field.widget.set(PDFName.of('AP'), appearanceDict(draft, apRef));
  makePrintable(field.widget);
  if (field.widgetRef) draft.markChanged(field.widgetRef, field.widget);
  return field.ref;
}

export interface NewSignatureWidget {
  page: number;
  rect: PdfRect;
  fieldName: string;
  sigRef: PDFRef;
  apRef: PDFRef;
  /** Description for assistive technology in a tagged PDF. */
  altText: string;
}

/** Adds a new signature field merged with its widget to the page's annotations; returns its reference. */
export function addSignatureWidget(draft: PdfUpdateDraft, w: NewSignatureWidget): PDFRef {
  const ctx = draft.context;
  const page = draft.model.pages[w.page];
  const widget = PDFDict.withContext(ctx);
  widget.set(PDFName.of('Type'), PDFName.of('Annot'));
  widget.set(PDFName.of('Subtype'), PDFName.of('Widget'));
  widget.set(PDFName.of('FT'), PDFName.of('Sig'));
  widget.set(PDFName.of('T'), PDFHexString.fromText(w.fieldName));
  widget.set(PDFName.of('Rect'), ctx.obj(w.rect));
  widget.set(PDFName.of('F'), PDFNumber.of(4));
  widget.set(PDFName.of('P'), page.ref);
  widget.set(PDFName.of('V'), w.sigRef);
  widget.set(PDFName.of('AP'), appearanceDict(draft, w.apRef));
  const widgetRef = ctx.register(widget);
  tagSignatureWidget({
    context: ctx, catalogRef: draft.catalogRef, catalog: draft.model.catalog, widgetRef, widget, pageRef: page.ref,
    altText: w.altText, markChanged: (ref, object) => draft.markChanged(ref, object),
  });
  draft.pushTo(page.dict, page.ref, 'Annots', widgetRef);
  return widgetRef;
}

/**
 * Lists a new field in the AcroForm (created when the document has none) and sets /SigFlags
 * (SignaturesExist | AppendOnly), marking whichever object holds the form as changed.
 */
export function enlistInAcroForm(draft: PdfUpdateDraft, fieldRef: PDFRef, isNewField: boolean): void {
  const { model } = draft;
  let acroForm = model.acroForm;
  let acroRef = model.acroFormRef;
  if (!acroForm) {
    acroForm = PDFDict.withContext(draft.context);
    acroForm.set(PDFName.of('Fields'), PDFArray.withContext(draft.context));
    acroRef = draft.context.register(acroForm);
    model.catalog.set(PDFName.of('AcroForm'), acroRef);
    draft.markChanged(draft.catalogRef, model.catalog);
  }
  const owner = acroRef ?? draft.catalogRef;
  if (isNewField) draft.pushTo(acroForm, owner, 'Fields', fieldRef);
  acroForm.set(PDFName.of('SigFlags'), PDFNumber.of(3));
  // A direct AcroForm is written as part of the catalog; pushTo above may have marked the form itself under the catalog's number.
  draft.markChanged(owner, acroRef ? acroForm : model.catalog);
}
