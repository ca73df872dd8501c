import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFNumber, PDFRef, type PDFContext, type PDFObject } from 'pdf-lib';
import { closePdfParser, inspectPdf } from './inspectPdf';
import { textOf } from './pdfDocumentModel';
import { signPdf, type SignPdfInput } from './signPdf';
import { corpusFiles, demoCredentials, haveCorpus, pdfsig, qpdfCheck, svcRecord, tempDir } from '../../test/support/documentTestKit';

afterAll(() => closePdfParser());

const file = (folder: string, part: string) => corpusFiles(folder).find((f) => f.includes(part))!;

/** Looks a key up in a number tree (ISO 32000-1 7.9.7), walking /Kids by their /Limits. */
function numberTreeLookup(ctx: PDFContext, node: PDFObject | undefined, key: number, depth = 0): PDFObject | undefined {
  const d = ctx.lookup(node);
  if (!(d instanceof PDFDict) || depth > 32) return undefined;
  const nums = ctx.lookup(d.get(PDFName.of('Nums')));
  if (nums instanceof PDFArray) {
    for (let i = 0; i < nums.size(); i += 2) if ((nums.get(i) as PDFNumber).asNumber() === key) return nums.get(i + 1);
  }
  const kids = ctx.lookup(d.get(PDFName.of('Kids')));
  if (kids instanceof PDFArray) {
    for (const kid of kids.asArray()) {
      const limits = ctx.lookup((ctx.lookup(kid) as PDFDict).get(PDFName.of('Limits')));
      if (limits instanceof PDFArray && (key < (limits.get(0) as PDFNumber).asNumber() || key > (limits.get(1) as PDFNumber).asNumber())) continue;
      const hit = numberTreeLookup(ctx, kid, key, depth + 1);
      if (hit) return hit;
    }
  }
  return undefined;
}

/** What the structure tree says about the widget of field `name`. */
async function structureOfField(pdf: Uint8Array, name: string) {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const ctx = doc.context;
  const widgetRef = doc.getForm().getFields().find((f) => f.getName() === name)!.acroField.ref;
  const widget = ctx.lookup(widgetRef) as PDFDict;
  const key = (widget.get(PDFName.of('StructParent')) as PDFNumber | undefined)?.asNumber();
  const root = ctx.lookup(doc.catalog.get(PDFName.of('StructTreeRoot'))) as PDFDict;
  const mapped = key === undefined ? undefined : numberTreeLookup(ctx, root.get(PDFName.of('ParentTree')), key);
  const element = ctx.lookup(mapped) as PDFDict | undefined;
  const objr = ctx.lookup(element?.get(PDFName.of('K'))) as PDFDict | undefined;
  const parent = ctx.lookup(element?.get(PDFName.of('P'))) as PDFDict | undefined;
  const parentKids = ctx.lookup(parent?.get(PDFName.of('K')));
  return {
    key,
    tu: textOf(ctx.lookup(widget.get(PDFName.of('TU')))),
    elementType: element?.get(PDFName.of('S'))?.toString(),
    objrTarget: objr?.get(PDFName.of('Type')) === PDFName.of('OBJR') ? (objr.get(PDFName.of('Obj')) as PDFRef).toString() : undefined,
    widgetRef: widgetRef.toString(),
    parentHasElement: parentKids instanceof PDFArray && parentKids.asArray().some((k) => k === mapped),
    nextKey: (root.get(PDFName.of('ParentTreeNextKey')) as PDFNumber | undefined)?.asNumber(),
    marked: (ctx.lookup(doc.catalog.get(PDFName.of('MarkInfo'))) as PDFDict).get(PDFName.of('Marked'))?.toString(),
  };
}

describe.skipIf(!haveCorpus)('a new signature field in a tagged PDF is tagged', () => {
  let base: Omit<SignPdfInput, 'pdf'>;

  beforeAll(async () => {
    const creds = demoCredentials();
    base = { record: await svcRecord('U3S2.TXT'), signer: { name: 'Ona Žemaitė' }, place: 'Vilnius', sealer: creds.sealer, escrowPublicKeyPem: creds.escrowPublicKeyPem };
  });

  it('PDF/A-2a (an empty structure root): Form element with an OBJR to the widget, ParentTree entry, /TU; still claims 2a', async () => {
    const original = readFileSync(file('pdfa', 'pdfa2a'));
    expect((await inspectPdf(original)).pdfaClaim).toBe('2a');
    const signed = await signPdf({ ...base, pdf: original, placement: { page: 0, rect: [60, 60, 260, 140] } });
    writeFileSync(join(tempDir('station-tagged-'), 'pdfa2a-signed.pdf'), signed.pdf);
    const s = await structureOfField(signed.pdf, signed.fieldName);
    expect(s).toMatchObject({ key: 0, tu: 'Signature of Ona Žemaitė', elementType: '/Form', parentHasElement: true, nextKey: 1, marked: 'true' });
    expect(s.objrTarget).toBe(s.widgetRef);
    expect((await inspectPdf(signed.pdf)).pdfaClaim).toBe('2a');
    expect(pdfsig(signed.pdf)).toEqual([{ field: signed.fieldName, validation: 'Signature is Valid.', total: true }]);
    const qpdf = qpdfCheck(signed.pdf);
    expect(qpdf.output).toMatch(/No syntax or stream encoding errors/);
    expect(qpdf.status, qpdf.output).toBe(0);
  });

  it('a form with a structure tree and a ParentTree: the new key follows ParentTreeNextKey, under the top element', async () => {
    const original = readFileSync(file('signature-fields', 'pdflib_sample_form'));
    const signed = await signPdf({ ...base, pdf: original, placement: { page: 0, rect: [60, 60, 260, 140] } });
    const s = await structureOfField(signed.pdf, signed.fieldName);
    expect(s).toMatchObject({ key: 3, elementType: '/Form', parentHasElement: true, nextKey: 4 });
    expect(s.objrTarget).toBe(s.widgetRef);
    expect(pdfsig(signed.pdf).at(-1)).toMatchObject({ validation: 'Signature is Valid.', total: true });
    expect(qpdfCheck(signed.pdf).status).toBe(0);
    // Two signatures in a row get two keys, both mapped.
    const twice = await signPdf({ ...base, pdf: signed.pdf, placement: { page: 0, rect: [300, 60, 500, 140] } });
    expect(await structureOfField(twice.pdf, twice.fieldName)).toMatchObject({ key: 4, elementType: '/Form', nextKey: 5 });
    expect((await structureOfField(twice.pdf, signed.fieldName)).key).toBe(3);
  });

  it('an untagged document gets no structure tree', async () => {
    const signed = await signPdf({ ...base, pdf: readFileSync(file('ordinary', 'libre-office-writer')) });
    const doc = await PDFDocument.load(signed.pdf, { updateMetadata: false });
    expect(doc.catalog.has(PDFName.of('StructTreeRoot'))).toBe(false);
  });
});
