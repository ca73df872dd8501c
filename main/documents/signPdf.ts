import { X509Certificate, randomBytes } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import fontkit from '@pdf-lib/fontkit';
import {
  PDFArray, PDFDict, PDFHexString, PDFName, PDFNumber, PDFRef, PDFString, StandardFonts, type PDFFont, type PDFObject,
} from 'pdf-lib';
import type { BiometricRecord } from '../pen/biometricRecord';
import { buildCadesDetached, type CadesResult } from './cadesSignature';
import { sealEscrowContainer, sha256Hex, type EscrowPayload } from './escrowContainer';
import type { UpdatedObject } from './incrementalUpdate';
import { writeSignedUpdate } from './signatureHole';
import { inkAppearanceContent } from './inkAppearance';
import { findInkFont } from './inkFont';
import { inspectPdf } from './inspectPdf';
import { tryEncodeIso } from './isoRecordCodec';
import { openPdfModel, type PdfDocumentModel, type PdfFieldNode } from './pdfDocumentModel';
import type { PdfInfo, PdfRect } from './pdfInfo';
import { PdfRejectedError } from './pdfRejectedError';
import type { Sealer } from './sealer';
import { escrowKeyIdOf } from './sealingCredentials';
import { tagSignatureWidget } from './signatureFieldTagging';
import { resolvePlacement, type SignaturePlacement } from './signaturePlacement';

/** Key under which the signature dictionary references its sealed biometric container (docs/biometric-container.md). */
export const ESCROW_KEY = 'SgSt_BiometricEscrow';

export interface SignPdfInput {
  pdf: Uint8Array;
  /** The pen's record; absent only for the bank's seal (`sealedBy`), where nothing was drawn. */
  record?: BiometricRecord;
  /**
   * The bank's seal without ink: the place is sealed by the station's seal certificate on behalf of
   * `signer` (a staff member), its appearance says so in words, and the revision carries no
   * biometric container (there is no hand to keep evidence of).
   */
  sealedBy?: string;
  signer: { name: string };
  /** Printed under the ink ("Vilnius"). */
  place?: string;
  /** Field name, anchor text or an explicit box; default: first empty signature field, else anchorText, else the last page. */
  placement?: SignaturePlacement;
  /** Anchor text configured for the document type (documents.anchorText), used when no field is free. */
  anchorText?: string;
  sealer: Sealer;
  escrowPublicKeyPem: string;
  /** RFC 3161 TSA: the seal becomes PAdES B-T. */
  tsaUrl?: string;
  maxBytes?: number;
  /** Claimed signing time (/M and the caption); default now. */
  signedAt?: Date;
  /** TrueType font file for the caption (documents.inkFont). */
  fontPath?: string;
}

export interface SignPdfResult {
  pdf: Uint8Array;
  /** SHA-256 (hex) of the signed PDF. */
  sha256: string;
  fieldName: string;
  page: number;
  rect: PdfRect;
  /** signPdf itself makes B-B or B-T; signAtLevel.ts and the sync augmentation go further. */
  level: 'B-B' | 'B-T' | 'B-LT' | 'B-LTA';
  timestampTime?: Date;
  /** SHA-256 of the revision that was signed (what the container is bound to). */
  documentSha256: string;
  inkSha256: string;
  escrowKeyId: string;
  /** What inspectPdf said about the input. */
  input: PdfInfo;
}

const BYTE_RANGE_PLACEHOLDER = 9_999_999_999;
/** Bytes a time-stamp token added to the CMS, per TSA URL (sizes vary by a few bytes between tokens). */
const lastTimestampOverhead = new Map<string, number>();

/** Length of the raw signature value: RSA's is the modulus size; DER ECDSA P-256 is at most 72. */
function expectedSignatureLength(sealer: Sealer): number {
  if (sealer.algorithm === 'ecdsa-sha256') return 72;
  const key = new X509Certificate(Buffer.from(sealer.certificate)).publicKey;
  return Math.ceil((key.asymmetricKeyDetails?.modulusLength ?? 2048) / 8);
}

function pdfDate(d: Date): PDFString {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return PDFString.of(`D:${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}+00'00'`);
}

/** "2026-11-26 14:05 UTC+02:00": the local wall time at the desk, with its offset (unambiguous in court). */
export function captionTime(d: Date): string {
  const off = -d.getTimezoneOffset();
  const local = new Date(d.getTime() + off * 60_000);
  const p = (n: number) => String(n).padStart(2, '0');
  const sign = off >= 0 ? '+' : '-';
  return `${local.toISOString().slice(0, 10)} ${local.toISOString().slice(11, 16)} UTC${sign}${p(Math.floor(Math.abs(off) / 60))}:${p(Math.abs(off) % 60)}`;
}

/**
 * fontkit parses the whole TrueType file on every embedFont (tens of ms for DejaVu Sans); the parsed
 * font is read-only for subsetting, so one parse per font file serves every signature.
 */
const parsedFonts = new WeakMap<Uint8Array, ReturnType<typeof fontkit.create>>();
const cachingFontkit: typeof fontkit = {
  create(buffer: Uint8Array, postscriptName?: string) {
    if (postscriptName) return fontkit.create(buffer, postscriptName);
    let font = parsedFonts.get(buffer);
    if (!font) parsedFonts.set(buffer, (font = fontkit.create(buffer)));
    return font;
  },
};

async function embedCaptionFont(model: PdfDocumentModel, fontPath: string | undefined, pdfaClaim: string | undefined): Promise<{ font: PDFFont; embedded: boolean }> {
  const found = findInkFont(fontPath ?? '');
  if (found) {
    model.doc.registerFontkit(cachingFontkit);
    // PDF/A-1 requires a CIDSet for CID font subsets, which pdf-lib does not write: embed the whole font there.
    const subset = !pdfaClaim?.startsWith('1');
    return { font: await model.doc.embedFont(found.bytes, { subset }), embedded: true };
  }
  return { font: await model.doc.embedFont(StandardFonts.Helvetica), embedded: false };
}

/** Standard fonts only write WinAnsi: replace what they cannot (only when no TrueType font exists). */
function fitCaption(font: PDFFont, embedded: boolean, line: string): string {
  if (embedded) return line;
  return [...line].map((ch) => { try { font.encodeText(ch); return ch; } catch { return '?'; } }).join('');
}

function uniqueFieldName(model: PdfDocumentModel): string {
  const names = new Set(model.signatureFields.map((f) => f.name));
  for (let i = 1; ; i++) if (!names.has(`Signature${i}`)) return `Signature${i}`;
}

/**
 * Signs a PDF the way the station does: visible ink in a signature field, the biometric record
 * sealed for the escrow holder and bound to this document, and a PAdES seal over the whole file as an
 * incremental update. Throws PdfRejectedError (stable code, one message) and never returns a partial result.
 */
export async function signPdf(input: SignPdfInput): Promise<SignPdfResult> {
  const signedAt = input.signedAt ?? new Date();
  const info = await inspectPdf(input.pdf, { maxBytes: input.maxBytes });
  if (info.docMdpLevel === 1) {
    throw new PdfRejectedError('changes-forbidden', 'The PDF carries a certification signature that forbids any change (DocMDP P=1); signing it would invalidate that certification. Ask the sender for an uncertified copy.');
  }
  const record = input.sealedBy === undefined ? input.record : undefined;
  if (input.sealedBy === undefined && !record?.samples.some((s) => s.tip && Number.isFinite(s.nx) && Number.isFinite(s.ny))) {
    throw new PdfRejectedError('no-signature-place', 'The signature has no ink (no pen-down samples); nothing to sign with.');
  }
  // The bytes passed the bounded parse above; parsing them here is now safe and deterministic.
  const model = await openPdfModel(input.pdf);
  const ctx = model.doc.context;
  // pdf-lib compresses with pako (pure JS): most of a signature's CPU time went there. Node's zlib
  // produces the same FlateDecode data natively, for every stream of this update (font included).
  ctx.flateStream = (contents, dict = {}) =>
    ctx.stream(deflateSync(typeof contents === 'string' ? Buffer.from(contents, 'latin1') : contents), { ...dict, Filter: 'FlateDecode' });
  ctx.largestObjectNumber = Math.max(ctx.largestObjectNumber, model.chain.revision.size - 1);
  const target = await resolvePlacement(model, input.placement, input.anchorText);
  // DocMDP P=2 ("form filling and signing") permits adding a signature field to sign in, as
  // Acrobat and pyHanko's modification rules do; P=1 was refused above.
  const rect = target.kind === 'field' ? target.field.rect : target.rect;
  const pageIndex = target.kind === 'field' ? target.field.page : target.page;
  // On a page with /Rotate the appearance is drawn upright for the reader: the form's /Matrix turns
  // it back against the page rotation, and its box has the rect's sides swapped for 90/270.
  const rotate = model.pages[pageIndex]?.rotate ?? 0;
  const sideways = rotate === 90 || rotate === 270;
  const width = sideways ? rect[3] - rect[1] : rect[2] - rect[0];
  const height = sideways ? rect[2] - rect[0] : rect[3] - rect[1];
  const matrix = ({ 0: [1, 0, 0, 1, 0, 0], 90: [0, 1, -1, 0, 0, 0], 180: [-1, 0, 0, -1, 0, 0], 270: [0, -1, 1, 0, 0, 0] } as Record<number, number[]>)[rotate] ?? [1, 0, 0, 1, 0, 0];

  // 1. The ink appearance (a form XObject).
  const { font, embedded } = await embedCaptionFont(model, input.fontPath, info.pdfaClaim);
  const who = input.sealedBy === undefined ? [input.signer.name] : [`Sealed by ${input.sealedBy}`, `for ${input.signer.name}`];
  const caption = [...who, captionTime(signedAt), input.place ?? ''].map((l) => fitCaption(font, embedded, l));
  const content = inkAppearanceContent({ record, width, height, caption, font });
  await font.embed();
  const inkBytes = new TextEncoder().encode(content);
  const inkSha256 = sha256Hex(inkBytes);
  const fontDict = PDFDict.withContext(ctx);
  fontDict.set(PDFName.of('F1'), font.ref);
  const apStream = ctx.flateStream(inkBytes, {
    Type: 'XObject', Subtype: 'Form', BBox: [0, 0, width, height], Matrix: matrix, Resources: { Font: fontDict },
  });
  const apRef = ctx.register(apStream);

  // 2. The sealed biometric container, bound to this revision and this ink (none for the bank's seal).
  const documentSha256 = sha256Hex(input.pdf);
  const fieldName = target.kind === 'field' ? target.field.name : uniqueFieldName(model);
  let containerRef: PDFRef | undefined;
  if (record) {
    const iso = tryEncodeIso(record);
    const payload: EscrowPayload = {
      iso19794_7: iso.bytes ? Buffer.from(iso.bytes).toString('base64') : null,
      ...(iso.error ? { iso19794_7Error: iso.error } : {}),
      record,
    };
    const container = sealEscrowContainer(payload, {
      documentSha256, documentLength: input.pdf.length, inkSha256, fieldName, sealedAt: signedAt.toISOString(),
    }, input.escrowPublicKeyPem);
    containerRef = ctx.register(ctx.flateStream(container, { Type: 'SgSt_BiometricEscrowContainer' }));
  }

  // 3. The signature dictionary with placeholders for /ByteRange and /Contents.
  const sigDict = PDFDict.withContext(ctx);
  sigDict.set(PDFName.of('Type'), PDFName.of('Sig'));
  sigDict.set(PDFName.of('Filter'), PDFName.of('Adobe.PPKLite'));
  sigDict.set(PDFName.of('SubFilter'), PDFName.of('ETSI.CAdES.detached'));
  const brArray = ctx.obj([0, BYTE_RANGE_PLACEHOLDER, BYTE_RANGE_PLACEHOLDER, BYTE_RANGE_PLACEHOLDER]);
  sigDict.set(PDFName.of('ByteRange'), brArray);
  sigDict.set(PDFName.of('Contents'), PDFHexString.of('00'));
  sigDict.set(PDFName.of('M'), pdfDate(signedAt));
  const reason = input.sealedBy === undefined ? `Signed by ${input.signer.name}` : `Sealed by ${input.sealedBy} for ${input.signer.name}`;
  sigDict.set(PDFName.of('Reason'), PDFHexString.fromText(`${reason} at a Signing Station`));
  if (input.place) sigDict.set(PDFName.of('Location'), PDFHexString.fromText(input.place));
  if (containerRef) sigDict.set(PDFName.of(ESCROW_KEY), containerRef);
  const sigRef = ctx.register(sigDict);

  // 4. The field and its widget, the page's annotations and the AcroForm.
  const changed = new Map<string, UpdatedObject>();
  const markChanged = (ref: PDFRef | undefined, object: PDFObject | undefined) => {
    if (ref && object) changed.set(ref.toString(), { ref, object });
  };
  const apDict = PDFDict.withContext(ctx);
  apDict.set(PDFName.of('N'), apRef);
  const printable = (widget: PDFDict) => {
    const flags = widget.get(PDFName.of('F'));
    const old = flags instanceof PDFNumber ? flags.asNumber() : 0;
    widget.set(PDFName.of('F'), PDFNumber.of((old | 4) & ~(1 | 2 | 32)));
  };
  let fieldRef: PDFRef;
  if (target.kind === 'field') {
    const f: PdfFieldNode = target.field;
    if (!f.ref || !f.widget) throw new PdfRejectedError('damaged', `The signature field '${f.name}' is not an indirect object; the station cannot fill it.`);
    f.dict.set(PDFName.of('V'), sigRef);
    markChanged(f.ref, f.dict);
    f.widget.set(PDFName.of('AP'), apDict);
    printable(f.widget);
    markChanged(f.widgetRef, f.widget);
    fieldRef = f.ref;
  } else {
    const page = model.pages[target.page];
    const widget = PDFDict.withContext(ctx);
    widget.set(PDFName.of('Type'), PDFName.of('Annot'));
    widget.set(PDFName.of('Subtype'), PDFName.of('Widget'));
    widget.set(PDFName.of('FT'), PDFName.of('Sig'));
    widget.set(PDFName.of('T'), PDFHexString.fromText(fieldName));
    widget.set(PDFName.of('Rect'), ctx.obj(rect));
    widget.set(PDFName.of('F'), PDFNumber.of(4));
    widget.set(PDFName.of('P'), page.ref);
    widget.set(PDFName.of('V'), sigRef);
    widget.set(PDFName.of('AP'), apDict);
    fieldRef = ctx.register(widget);
    const catalogRef = PDFRef.of(model.chain.revision.root.num, model.chain.revision.root.gen);
    tagSignatureWidget({
      context: ctx, catalogRef, catalog: model.catalog, widgetRef: fieldRef, widget, pageRef: page.ref,
      altText: input.sealedBy === undefined ? `Signature of ${input.signer.name}` : `Seal of ${input.sealedBy} for ${input.signer.name}`, markChanged,
    });
    const annotsRaw = page.dict.get(PDFName.of('Annots'));
    if (annotsRaw instanceof PDFRef) {
      const arr = ctx.lookup(annotsRaw);
      if (!(arr instanceof PDFArray)) throw new PdfRejectedError('damaged', 'The page\'s annotation list is unreadable.');
      arr.push(fieldRef);
      markChanged(annotsRaw, arr);
    } else {
      const arr = annotsRaw instanceof PDFArray ? annotsRaw : PDFArray.withContext(ctx);
      arr.push(fieldRef);
      page.dict.set(PDFName.of('Annots'), arr);
      markChanged(page.ref, page.dict);
    }
  }
  let acroForm = model.acroForm;
  if (!acroForm) {
    acroForm = PDFDict.withContext(ctx);
    acroForm.set(PDFName.of('Fields'), PDFArray.withContext(ctx));
    const acroRef = ctx.register(acroForm);
    model.catalog.set(PDFName.of('AcroForm'), acroRef);
    markChanged(PDFRef.of(model.chain.revision.root.num, model.chain.revision.root.gen), model.catalog);
  } else if (model.acroFormRef) {
    markChanged(model.acroFormRef, acroForm);
  } else {
    markChanged(PDFRef.of(model.chain.revision.root.num, model.chain.revision.root.gen), model.catalog);
  }
  if (target.kind === 'new') {
    const fieldsRaw = acroForm.get(PDFName.of('Fields'));
    if (fieldsRaw instanceof PDFRef) {
      const arr = ctx.lookup(fieldsRaw);
      if (!(arr instanceof PDFArray)) throw new PdfRejectedError('damaged', 'The form\'s field list is unreadable.');
      arr.push(fieldRef);
      markChanged(fieldsRaw, arr);
    } else {
      const arr = fieldsRaw instanceof PDFArray ? fieldsRaw : PDFArray.withContext(ctx);
      arr.push(fieldRef);
      acroForm.set(PDFName.of('Fields'), arr);
    }
  }
  acroForm.set(PDFName.of('SigFlags'), PDFNumber.of(3));

  // 5. Everything new (object numbers from the old /Size up) plus what changed, as one update.
  const objects: UpdatedObject[] = [...changed.values()];
  for (const [ref, object] of ctx.enumerateIndirectObjects()) {
    if (ref.objectNumber >= model.chain.revision.size && !changed.has(ref.toString())) objects.push({ ref, object });
  }
  // The /Contents hole is sized to the exact CMS length (signatureHole.ts). RSA signatures have a
  // fixed length; ECDSA and time-stamp tokens vary by a few bytes, hence the bounded retry there.
  const sigLength = expectedSignatureLength(input.sealer);
  const untimed = (await buildCadesDetached(new Uint8Array(32), { ...input.sealer, sign: async () => new Uint8Array(sigLength) })).cms.length;
  let cades: CadesResult | undefined;
  const { pdf: out } = await writeSignedUpdate({
    original: input.pdf, revision: model.chain.revision, objects, context: ctx, sigDict, sigRef, newId: randomBytes(16),
    // A time-stamp token's size is only known after asking; the last one from the same TSA is the best guess.
    guess: untimed + (input.tsaUrl ? lastTimestampOverhead.get(input.tsaUrl) ?? 0 : 0),
    async produce({ digest }) {
      cades = await buildCadesDetached(digest, input.sealer, { tsaUrl: input.tsaUrl });
      if (input.tsaUrl) lastTimestampOverhead.set(input.tsaUrl, cades.cms.length - untimed);
      return cades.cms;
    },
  });
  if (!cades) throw new Error('internal: no CMS signature was made');

  return {
    pdf: out,
    sha256: sha256Hex(out),
    fieldName,
    page: pageIndex,
    rect,
    level: cades.timestampTime ? 'B-T' : 'B-B',
    timestampTime: cades.timestampTime,
    documentSha256,
    inkSha256,
    escrowKeyId: escrowKeyIdOf(input.escrowPublicKeyPem),
    input: info,
  };
}
