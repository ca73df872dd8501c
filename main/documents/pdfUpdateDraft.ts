import { PDFArray, PDFDict, PDFHexString, PDFName, PDFNumber, PDFRef, type PDFObject } from 'pdf-lib';
import type { UpdatedObject } from './incrementalUpdate';
import { openPdfModel, type PdfDocumentModel } from './pdfDocumentModel';
import { PdfRejectedError } from './pdfRejectedError';

/** What a reader calls the arrays a signature is added to, for the error when one is unreadable. */
const LIST_NAMES: Record<string, string> = { Annots: "page's annotation list", Fields: "form's field list" };

/**
 * One incremental update being prepared on an opened PDF: new objects get numbers from the old
 * /Size up, changed ones are remembered by reference, and `objects()` lists exactly what the update
 * must write. Used by the signature, DSS and document time-stamp writers (each writes its own revision).
 */
export class PdfUpdateDraft {
  private readonly changed = new Map<string, UpdatedObject>();

  constructor(readonly model: PdfDocumentModel) {
    const ctx = model.doc.context;
    ctx.largestObjectNumber = Math.max(ctx.largestObjectNumber, model.chain.revision.size - 1);
  }

  static async open(pdf: Uint8Array): Promise<PdfUpdateDraft> {
    return new PdfUpdateDraft(await openPdfModel(pdf));
  }

  get context() {
    return this.model.doc.context;
  }

  markChanged(ref: PDFRef, object: PDFObject): void {
    this.changed.set(ref.toString(), { ref, object });
  }

  get catalogRef(): PDFRef {
    const root = this.model.chain.revision.root;
    return PDFRef.of(root.num, root.gen);
  }

  objects(): UpdatedObject[] {
    const list = [...this.changed.values()];
    for (const [ref, object] of this.context.enumerateIndirectObjects()) {
      if (ref.objectNumber >= this.model.chain.revision.size && !this.changed.has(ref.toString())) list.push({ ref, object });
    }
    return list;
  }

  /**
   * Appends `item` to the array under `key` of `owner` (in place when the array is indirect, else
   * `owner` itself is marked changed as `ownerRef`).
   */
  pushTo(owner: PDFDict, ownerRef: PDFRef, key: string, item: PDFRef): void {
    const raw = owner.get(PDFName.of(key));
    if (raw instanceof PDFRef) {
      const arr = this.context.lookup(raw);
      if (!(arr instanceof PDFArray)) throw new PdfRejectedError('damaged', `The ${LIST_NAMES[key] ?? `PDF's /${key} list`} is unreadable.`);
      arr.push(item);
      this.markChanged(raw, arr);
      return;
    }
    const arr = raw instanceof PDFArray ? raw : PDFArray.withContext(this.context);
    arr.push(item);
    owner.set(PDFName.of(key), arr);
    this.markChanged(ownerRef, owner);
  }

  /**
   * Adds an invisible signature field (zero-size widget on the first page) whose value is `sigRef`,
   * as document time-stamps are (ETSI EN 319 142-1 5.4.3).
   */
  addInvisibleSignatureField(name: string, sigRef: PDFRef): PDFRef {
    const ctx = this.context;
    const page = this.model.pages[0];
    const widget = PDFDict.withContext(ctx);
    widget.set(PDFName.of('Type'), PDFName.of('Annot'));
    widget.set(PDFName.of('Subtype'), PDFName.of('Widget'));
    widget.set(PDFName.of('FT'), PDFName.of('Sig'));
    widget.set(PDFName.of('T'), PDFHexString.fromText(name));
    widget.set(PDFName.of('Rect'), ctx.obj([0, 0, 0, 0]));
    widget.set(PDFName.of('F'), PDFNumber.of(132)); // print + locked
    widget.set(PDFName.of('P'), page.ref);
    widget.set(PDFName.of('V'), sigRef);
    const fieldRef = ctx.register(widget);
    this.pushTo(page.dict, page.ref, 'Annots', fieldRef);
    let acroForm = this.model.acroForm;
    let acroRef = this.model.acroFormRef;
    if (!acroForm) {
      acroForm = PDFDict.withContext(ctx);
      acroRef = ctx.register(acroForm);
      this.model.catalog.set(PDFName.of('AcroForm'), acroRef);
      this.markChanged(this.catalogRef, this.model.catalog);
    }
    const owner = acroRef ?? this.catalogRef;
    this.pushTo(acroForm, owner, 'Fields', fieldRef);
    acroForm.set(PDFName.of('SigFlags'), PDFNumber.of(3));
    this.markChanged(owner, acroRef ? acroForm : this.model.catalog);
    return fieldRef;
  }

  uniqueFieldName(stem: string): string {
    const names = new Set(this.model.signatureFields.map((f) => f.name));
    for (let i = 1; ; i++) if (!names.has(`${stem}${i}`)) return `${stem}${i}`;
  }
}
