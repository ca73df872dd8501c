import { inflateSync } from 'node:zlib';
import {
  PDFArray, PDFContext, PDFDict, PDFDocument, PDFHexString, PDFName, PDFNumber, PDFObject, PDFRawStream, PDFRef, PDFString,
  decodePDFRawStream,
} from 'pdf-lib';
import type { ExistingSignatureInfo, PdfInfo, PdfRect, PdfRevisionInfo, SignatureFieldInfo } from './pdfInfo';
import { PdfRejectedError } from './pdfRejectedError';
import { readXrefChain, type XrefChain } from './xrefChain';
import { guardCompressedObjectStreams } from './compressedStreamGuard';
import { lazyPdfContext, shallowLookup } from './lazyPdfContext';

/**
 * A parsed document as the signing code needs it: pdf-lib's object graph plus what pdf-lib does not
 * give (the cross-reference chain, the page list walked with loop and depth limits, the signature
 * fields with their object references, the certification level).
 */
export interface PdfPageNode {
  ref: PDFRef;
  /** The whole page dictionary, read when first asked for (signing needs one page's, not every page's). */
  readonly dict: PDFDict;
  /** The page's /Annots, as the page tree walk read it. */
  annots: PDFObject | undefined;
  /** CropBox (else MediaBox), normalised so that x1<x2, y1<y2. */
  box: PdfRect;
  rotate: number;
}

export interface PdfFieldNode {
  name: string;
  /** The terminal field dictionary (may be merged with its widget). */
  ref: PDFRef | undefined;
  dict: PDFDict;
  widgetRef: PDFRef | undefined;
  widget: PDFDict | undefined;
  page: number;
  rect: PdfRect;
  filled: boolean;
}

export interface PdfDocumentModel {
  bytes: Uint8Array;
  doc: PDFDocument;
  chain: XrefChain;
  version: string;
  catalog: PDFDict;
  pages: PdfPageNode[];
  acroFormRef: PDFRef | undefined;
  acroForm: PDFDict | undefined;
  signatureFields: PdfFieldNode[];
  docMdpLevel: 1 | 2 | 3 | undefined;
}

const MAX_PAGES = 100_000;
const MAX_TREE_DEPTH = 64;
const MAX_FIELDS = 10_000;
const latin1 = new TextDecoder('latin1');

/** Cheap checks on the raw bytes that need no parser: size, emptiness, the %PDF-x.y header. Returns the version. */
export function checkPdfEnvelope(bytes: Uint8Array, maxBytes: number): string {
  if (bytes.length === 0) throw new PdfRejectedError('empty', 'The file is empty (0 bytes); it is not a PDF document.');
  if (bytes.length > maxBytes) {
    throw new PdfRejectedError('too-large', `The PDF is ${(bytes.length / 1048576).toFixed(1)} MiB; the station accepts at most ${(maxBytes / 1048576).toFixed(1)} MiB.`);
  }
  const head = latin1.decode(bytes.subarray(0, 1024));
  const at = head.indexOf('%PDF-');
  if (at < 0) throw new PdfRejectedError('not-pdf', 'The file is not a PDF document (it does not start with %PDF-).');
  if (at > 0) throw new PdfRejectedError('damaged', 'The PDF has unexpected bytes before its %PDF- header; save or print it to a new PDF and try again.');
  const m = /^%PDF-(\d)\.(\d)/.exec(head);
  if (!m) throw new PdfRejectedError('not-pdf', `The PDF header '${head.slice(0, 12).replace(/[^\x20-\x7e]/g, '?')}' names no valid PDF version.`);
  return `${m[1]}.${m[2]}`;
}

export function textOf(obj: PDFObject | undefined): string | undefined {
  if (obj instanceof PDFString || obj instanceof PDFHexString) return obj.decodeText();
  return undefined;
}

function numberOf(obj: PDFObject | undefined): number | undefined {
  return obj instanceof PDFNumber ? obj.asNumber() : undefined;
}

function rectOf(obj: PDFObject | undefined): PdfRect | undefined {
  if (!(obj instanceof PDFArray) || obj.size() !== 4) return undefined;
  const v = obj.asArray().map((o) => numberOf(o));
  if (v.some((x) => x === undefined || !Number.isFinite(x))) return undefined;
  const [a, b, c, d] = v as number[];
  return [Math.min(a, c), Math.min(b, d), Math.max(a, c), Math.max(b, d)];
}

export function openPdfModel(bytes: Uint8Array, maxBytes = Number.MAX_SAFE_INTEGER): Promise<PdfDocumentModel> {
  const version = checkPdfEnvelope(bytes, maxBytes);
  const chain = readXrefChain(bytes);
  if (chain.encrypted) {
    throw new PdfRejectedError('encrypted', 'The PDF is encrypted (password-protected or permission-restricted); the station signs only unencrypted documents — ask the sender for an unprotected copy.');
  }
  return buildModel(bytes, version, chain);
}

async function buildModel(bytes: Uint8Array, version: string, chain: XrefChain): Promise<PdfDocumentModel> {
  guardCompressedObjectStreams(bytes);
  // Objects are read when first looked up (lazyPdfContext.ts), never all of them; the catalog is read
  // here, so a document whose catalog cannot be found is refused at once.
  const doc = documentOver(lazyPdfContext(bytes, chain));
  const context = doc.context;
  const rootRef = PDFRef.of(chain.revision.root.num, chain.revision.root.gen);
  const catalog = context.lookup(rootRef);
  if (!(catalog instanceof PDFDict)) throw new PdfRejectedError('damaged', 'The PDF has no readable catalog.');
  const pages = walkPages(doc, catalog);
  if (pages.length === 0) throw new PdfRejectedError('no-pages', 'The PDF has no readable pages (its page tree is missing or damaged).');
  const acroRaw = catalog.get(PDFName.of('AcroForm'));
  const acroFormRef = acroRaw instanceof PDFRef ? acroRaw : undefined;
  const acroForm = context.lookup(acroRaw);
  const model: PdfDocumentModel = {
    bytes, doc, chain, version, catalog, pages,
    acroFormRef,
    acroForm: acroForm instanceof PDFDict ? acroForm : undefined,
    signatureFields: [],
    docMdpLevel: docMdpLevelOf(doc, catalog),
  };
  model.signatureFields = walkSignatureFields(model);
  return model;
}

/** A pdf-lib document over an existing context (pdf-lib's own constructor, which its loader calls too). */
function documentOver(context: PDFContext): PDFDocument {
  const construct = PDFDocument as unknown as new (context: PDFContext, ignoreEncryption: boolean, updateMetadata: boolean) => PDFDocument;
  return new construct(context, true, false);
}

/** Names looked up per page (PDFName.of decodes its argument on every call). */
const NAME = {
  CropBox: PDFName.of('CropBox'), MediaBox: PDFName.of('MediaBox'), Rotate: PDFName.of('Rotate'), Kids: PDFName.of('Kids'),
  Type: PDFName.of('Type'), Page: PDFName.of('Page'), Annots: PDFName.of('Annots'), Pages: PDFName.of('Pages'),
};

/** What the page tree walk reads of each node: not /Resources, the bulk of a page dictionary. */
const PAGE_TREE_KEYS: ReadonlySet<string> = new Set(['Type', 'Kids', 'MediaBox', 'CropBox', 'Rotate', 'Annots']);

function pageNode(ctx: PDFContext, ref: PDFRef, annots: PDFObject | undefined, box: PdfRect, rotate: number): PdfPageNode {
  let full: PDFDict | undefined;
  return {
    ref, annots, box, rotate,
    get dict(): PDFDict {
      if (!full) {
        const d = ctx.lookup(ref);
        if (!(d instanceof PDFDict)) throw new PdfRejectedError('damaged', 'A page of the PDF cannot be read.');
        full = d;
      }
      return full;
    },
  };
}

function walkPages(doc: PDFDocument, catalog: PDFDict): PdfPageNode[] {
  const ctx = doc.context;
  const out: PdfPageNode[] = [];
  const seen = new Set<string>();
  const rootRef = catalog.get(NAME.Pages);
  const visit = (ref: PDFObject | undefined, depth: number, box: PdfRect | undefined, rotate: number) => {
    if (!(ref instanceof PDFRef)) return;
    const key = ref.toString();
    if (seen.has(key)) throw new PdfRejectedError('damaged', 'The PDF page tree contains a loop.');
    seen.add(key);
    if (depth > MAX_TREE_DEPTH) throw new PdfRejectedError('too-complex', 'The PDF page tree is nested too deeply.');
    const node = shallowLookup(ctx, ref, PAGE_TREE_KEYS) ?? ctx.lookup(ref);
    if (!(node instanceof PDFDict)) return;
    const ownBox = rectOf(ctx.lookup(node.get(NAME.CropBox))) ?? rectOf(ctx.lookup(node.get(NAME.MediaBox)));
    const effBox = ownBox ?? box;
    const ownRotate = numberOf(ctx.lookup(node.get(NAME.Rotate)));
    const effRotate = ownRotate !== undefined ? ((Math.round(ownRotate / 90) * 90) % 360 + 360) % 360 : rotate;
    const kids = ctx.lookup(node.get(NAME.Kids));
    const type = node.get(NAME.Type);
    if (kids instanceof PDFArray && type !== NAME.Page) {
      for (const kid of kids.asArray()) visit(kid, depth + 1, effBox, effRotate);
    } else {
      if (out.length >= MAX_PAGES) throw new PdfRejectedError('too-complex', `The PDF has more than ${MAX_PAGES} pages.`);
      out.push(pageNode(ctx, ref, node.get(NAME.Annots), effBox ?? [0, 0, 612, 792], effRotate));
    }
  };
  visit(rootRef, 0, undefined, 0);
  return out;
}

function walkSignatureFields(model: PdfDocumentModel): PdfFieldNode[] {
  const ctx = model.doc.context;
  const out: PdfFieldNode[] = [];
  if (!model.acroForm) return out;
  const annotPage = new Map<string, number>();
  model.pages.forEach((p, i) => {
    const annots = ctx.lookup(p.annots);
    if (annots instanceof PDFArray) for (const a of annots.asArray()) if (a instanceof PDFRef) annotPage.set(a.toString(), i);
  });
  const pageIndexOfRef = new Map(model.pages.map((p, i) => [p.ref.toString(), i]));
  const seen = new Set<string>();
  let count = 0;
  const visit = (raw: PDFObject | undefined, parentName: string, inheritedFt: PDFObject | undefined, depth: number) => {
    if (++count > MAX_FIELDS) throw new PdfRejectedError('too-complex', 'The PDF has too many form fields.');
    if (depth > MAX_TREE_DEPTH) throw new PdfRejectedError('too-complex', 'The PDF form fields are nested too deeply.');
    const ref = raw instanceof PDFRef ? raw : undefined;
    if (ref) {
      if (seen.has(ref.toString())) return;
      seen.add(ref.toString());
    }
    const dict = ctx.lookup(raw);
    if (!(dict instanceof PDFDict)) return;
    const partial = textOf(ctx.lookup(dict.get(PDFName.of('T'))));
    const name = partial === undefined ? parentName : parentName ? `${parentName}.${partial}` : partial;
    const ft = dict.get(PDFName.of('FT')) ?? inheritedFt;
    const kidsObj = ctx.lookup(dict.get(PDFName.of('Kids')));
    const kids = kidsObj instanceof PDFArray ? kidsObj.asArray() : [];
    const fieldKids = kids.filter((k) => {
      const d = ctx.lookup(k);
      return d instanceof PDFDict && d.has(PDFName.of('T'));
    });
    if (fieldKids.length > 0) {
      for (const k of fieldKids) visit(k, name, ft, depth + 1);
      return;
    }
    if (ft !== PDFName.of('Sig')) return;
    let widgetRef: PDFRef | undefined;
    let widget: PDFDict | undefined;
    if (dict.get(PDFName.of('Subtype')) === PDFName.of('Widget') || kids.length === 0) {
      widgetRef = ref;
      widget = dict;
    } else {
      widgetRef = kids.find((k): k is PDFRef => k instanceof PDFRef);
      const w = ctx.lookup(kids[0]);
      widget = w instanceof PDFDict ? w : undefined;
    }
    let page = -1;
    const pRef = widget?.get(PDFName.of('P'));
    if (pRef instanceof PDFRef && pageIndexOfRef.has(pRef.toString())) page = pageIndexOfRef.get(pRef.toString())!;
    else if (widgetRef && annotPage.has(widgetRef.toString())) page = annotPage.get(widgetRef.toString())!;
    const rect = rectOf(ctx.lookup(widget?.get(PDFName.of('Rect')))) ?? [0, 0, 0, 0];
    const v = ctx.lookup(dict.get(PDFName.of('V')));
    out.push({ name: name || `(unnamed ${out.length + 1})`, ref, dict, widgetRef, widget, page, rect, filled: v instanceof PDFDict });
  };
  const fields = ctx.lookup(model.acroForm.get(PDFName.of('Fields')));
  if (fields instanceof PDFArray) for (const f of fields.asArray()) visit(f, '', undefined, 0);
  return out;
}

/** The /P of the certification signature's DocMDP transform (ISO 32000-1 12.8.2.2); 2 when /P is absent. */
function docMdpLevelOf(doc: PDFDocument, catalog: PDFDict): 1 | 2 | 3 | undefined {
  const ctx = doc.context;
  const perms = ctx.lookup(catalog.get(PDFName.of('Perms')));
  if (!(perms instanceof PDFDict)) return undefined;
  const sig = ctx.lookup(perms.get(PDFName.of('DocMDP')));
  if (!(sig instanceof PDFDict)) return undefined;
  const refs = ctx.lookup(sig.get(PDFName.of('Reference')));
  let level: number | undefined = 2;
  if (refs instanceof PDFArray) {
    for (const r of refs.asArray()) {
      const d = ctx.lookup(r);
      if (d instanceof PDFDict && d.get(PDFName.of('TransformMethod')) === PDFName.of('DocMDP')) {
        const params = ctx.lookup(d.get(PDFName.of('TransformParams')));
        if (params instanceof PDFDict) level = numberOf(ctx.lookup(params.get(PDFName.of('P')))) ?? 2;
      }
    }
  }
  return level === 1 || level === 3 ? level : 2;
}

function pdfaClaimOf(model: PdfDocumentModel): string | undefined {
  const ctx = model.doc.context;
  const meta = ctx.lookup(model.catalog.get(PDFName.of('Metadata')));
  if (!(meta instanceof PDFRawStream)) return undefined;
  let text: string;
  try {
    const filter = meta.dict.get(PDFName.of('Filter'));
    const data = filter === undefined ? meta.contents
      : filter === PDFName.of('FlateDecode') ? inflateSync(meta.contents, { maxOutputLength: 16 << 20 })
        : decodePDFRawStream(meta).decode();
    text = new TextDecoder('utf-8').decode(data.subarray(0, 1 << 20));
  } catch {
    return undefined;
  }
  const part = /pdfaid:part\s*(?:=\s*["']|>)\s*(\d)/.exec(text)?.[1];
  if (!part) return undefined;
  const conf = /pdfaid:conformance\s*(?:=\s*["']|>)\s*([A-Za-z])/.exec(text)?.[1];
  return `${part}${conf ? conf.toLowerCase() : ''}`;
}

function existingSignaturesOf(model: PdfDocumentModel): ExistingSignatureInfo[] {
  const ctx = model.doc.context;
  const out: ExistingSignatureInfo[] = [];
  for (const f of model.signatureFields) {
    if (!f.filled) continue;
    const v = ctx.lookup(f.dict.get(PDFName.of('V'))) as PDFDict;
    const sub = v.get(PDFName.of('SubFilter'));
    const br = ctx.lookup(v.get(PDFName.of('ByteRange')));
    const refs = ctx.lookup(v.get(PDFName.of('Reference')));
    const certification = refs instanceof PDFArray && refs.asArray().some((r) => {
      const d = ctx.lookup(r);
      return d instanceof PDFDict && d.get(PDFName.of('TransformMethod')) === PDFName.of('DocMDP');
    });
    out.push({
      fieldName: f.name,
      subFilter: sub instanceof PDFName ? sub.decodeText() : 'unknown',
      signingTime: textOf(ctx.lookup(v.get(PDFName.of('M')))),
      signerName: textOf(ctx.lookup(v.get(PDFName.of('Name')))),
      byteRange: br instanceof PDFArray ? br.asArray().map((o) => numberOf(o) ?? -1) : undefined,
      certification,
    });
  }
  return out;
}

/** The plain-data summary of a model (what inspectPdf returns). */
export function describePdf(model: PdfDocumentModel): PdfInfo {
  const fields: SignatureFieldInfo[] = model.signatureFields.map((f) => ({
    name: f.name,
    page: f.page,
    rect: f.rect,
    filled: f.filled,
    visible: f.rect[2] - f.rect[0] >= 1 && f.rect[3] - f.rect[1] >= 1,
  }));
  let title: string | undefined;
  try {
    title = model.doc.getTitle() || undefined;
  } catch {
    title = undefined;
  }
  return {
    byteLength: model.bytes.length,
    version: model.version,
    pageCount: model.pages.length,
    pages: model.pages.map((p) => ({ width: p.box[2] - p.box[0], height: p.box[3] - p.box[1], rotate: p.rotate })),
    title,
    signatureFields: fields,
    existingSignatures: existingSignaturesOf(model),
    docMdpLevel: model.docMdpLevel,
    pdfaClaim: pdfaClaimOf(model),
    encrypted: model.chain.encrypted,
    // The recovered table is for the writer; the summary only says that the chain was rebuilt.
    revision: summaryOf(model.chain.revision),
  };
}

function summaryOf(revision: PdfRevisionInfo): PdfRevisionInfo {
  const { completeXref, ...facts } = revision;
  return completeXref ? { ...facts, xrefRebuilt: true } : facts;
}
