import { X509Certificate, randomBytes } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { PDFDict, PDFHexString, PDFName, PDFString, type PDFRef } from 'pdf-lib';
import type { BiometricRecord } from '../pen/biometricRecord';
import { buildCadesDetached, type CadesResult } from './cadesSignature';
import { sealEscrowContainer, sha256Hex, type EscrowPayload } from './escrowContainer';
import { appearanceFrame, captionTime, drawInkAppearance } from './inkAppearanceXObject';
import { inspectPdf } from './inspectPdf';
import { tryEncodeIso } from './isoRecordCodec';
import { openPdfModel, type PdfDocumentModel } from './pdfDocumentModel';
import type { PdfInfo, PdfRect } from './pdfInfo';
import { PdfRejectedError } from './pdfRejectedError';
import { PdfUpdateDraft } from './pdfUpdateDraft';
import type { Sealer } from './sealer';
import { escrowKeyIdOf } from './sealingCredentials';
import { writeSignedUpdate } from './signatureHole';
import { resolvePlacement, type ResolvedPlacement, type SignaturePlacement } from './signaturePlacement';
import { addSignatureWidget, enlistInAcroForm, fillSignatureField } from './signatureWidget';

export { captionTime };

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

function uniqueFieldName(model: PdfDocumentModel): string {
  const names = new Set(model.signatureFields.map((f) => f.name));
  for (let i = 1; ; i++) if (!names.has(`Signature${i}`)) return `Signature${i}`;
}

/** Refuses what must not be signed (before anything is parsed in this thread); returns the ink to draw, if any. */
function checkSignable(input: SignPdfInput, info: PdfInfo): BiometricRecord | undefined {
  if (info.docMdpLevel === 1) {
    throw new PdfRejectedError('changes-forbidden', 'The PDF carries a certification signature that forbids any change (DocMDP P=1); signing it would invalidate that certification. Ask the sender for an uncertified copy.');
  }
  const record = input.sealedBy === undefined ? input.record : undefined;
  if (input.sealedBy === undefined && !record?.samples.some((s) => s.tip && Number.isFinite(s.nx) && Number.isFinite(s.ny))) {
    throw new PdfRejectedError('no-signature-place', 'The signature has no ink (no pen-down samples); nothing to sign with.');
  }
  return record;
}

/** Opens the document for one incremental update whose streams are compressed with Node's zlib. */
async function openForUpdate(pdf: Uint8Array): Promise<PdfUpdateDraft> {
  const draft = new PdfUpdateDraft(await openPdfModel(pdf));
  const ctx = draft.context;
  // pdf-lib compresses with pako (pure JS): most of a signature's CPU time went there. Node's zlib
  // produces the same FlateDecode data natively, for every stream of this update (font included).
  ctx.flateStream = (contents, dict = {}) =>
    ctx.stream(deflateSync(typeof contents === 'string' ? Buffer.from(contents, 'latin1') : contents), { ...dict, Filter: 'FlateDecode' });
  return draft;
}

/** The caption under the ink: who signed (or sealed for whom), when, where. */
function captionOf(input: SignPdfInput, signedAt: Date): string[] {
  const who = input.sealedBy === undefined ? [input.signer.name] : [`Sealed by ${input.sealedBy}`, `for ${input.signer.name}`];
  return [...who, captionTime(signedAt), input.place ?? ''];
}

interface ContainerBinding {
  documentSha256: string;
  inkSha256: string;
  fieldName: string;
  signedAt: Date;
}

/** The sealed biometric container as a stream object, bound to this revision and this ink. */
function addBiometricContainer(draft: PdfUpdateDraft, record: BiometricRecord, b: ContainerBinding, escrowPublicKeyPem: string): PDFRef {
  const iso = tryEncodeIso(record);
  const payload: EscrowPayload = {
    iso19794_7: iso.bytes ? Buffer.from(iso.bytes).toString('base64') : null,
    ...(iso.error ? { iso19794_7Error: iso.error } : {}),
    record,
  };
  const container = sealEscrowContainer(payload, {
    documentSha256: b.documentSha256, documentLength: draft.model.bytes.length, inkSha256: b.inkSha256, fieldName: b.fieldName, sealedAt: b.signedAt.toISOString(),
  }, escrowPublicKeyPem);
  const ctx = draft.context;
  return ctx.register(ctx.flateStream(container, { Type: 'SgSt_BiometricEscrowContainer' }));
}

/** The signature dictionary; /ByteRange and /Contents are filled when the update is written. */
function addSignatureDictionary(draft: PdfUpdateDraft, input: SignPdfInput, signedAt: Date, containerRef: PDFRef | undefined): { sigDict: PDFDict; sigRef: PDFRef } {
  const ctx = draft.context;
  const sigDict = PDFDict.withContext(ctx);
  sigDict.set(PDFName.of('Type'), PDFName.of('Sig'));
  sigDict.set(PDFName.of('Filter'), PDFName.of('Adobe.PPKLite'));
  sigDict.set(PDFName.of('SubFilter'), PDFName.of('ETSI.CAdES.detached'));
  // Placeholders keep the entries in their usual order; writeSignedUpdate sizes and fills both.
  sigDict.set(PDFName.of('ByteRange'), ctx.obj([0, BYTE_RANGE_PLACEHOLDER, BYTE_RANGE_PLACEHOLDER, BYTE_RANGE_PLACEHOLDER]));
  sigDict.set(PDFName.of('Contents'), PDFHexString.of('00'));
  sigDict.set(PDFName.of('M'), pdfDate(signedAt));
  const reason = input.sealedBy === undefined ? `Signed by ${input.signer.name}` : `Sealed by ${input.sealedBy} for ${input.signer.name}`;
  sigDict.set(PDFName.of('Reason'), PDFHexString.fromText(`${reason} at a Signing Station`));
  if (input.place) sigDict.set(PDFName.of('Location'), PDFHexString.fromText(input.place));
  if (containerRef) sigDict.set(PDFName.of(ESCROW_KEY), containerRef);
  return { sigDict, sigRef: ctx.register(sigDict) };
}

/** Puts the signature into the chosen field (an existing empty one, or a new widget) and the AcroForm. */
function placeSignatureField(draft: PdfUpdateDraft, target: ResolvedPlacement, w: { fieldName: string; rect: PdfRect; sigRef: PDFRef; apRef: PDFRef; altText: string }): void {
  // DocMDP P=2 ("form filling and signing") permits adding a signature field to sign in, as
  // Acrobat and pyHanko's modification rules do; P=1 was refused before.
  const fieldRef = target.kind === 'field'
    ? fillSignatureField(draft, target.field, w.sigRef, w.apRef)
    : addSignatureWidget(draft, { page: target.page, ...w });
  enlistInAcroForm(draft, fieldRef, target.kind === 'new');
}

/**
 * Writes the update with a /Contents hole sized to the exact CMS length (signatureHole.ts) and signs
 * its byte range: PAdES B-B, or B-T with a signature time-stamp when a TSA is given.
 */
async function sealUpdate(draft: PdfUpdateDraft, sig: { sigDict: PDFDict; sigRef: PDFRef }, sealer: Sealer, tsaUrl: string | undefined): Promise<{ pdf: Uint8Array; cades: CadesResult }> {
  // RSA signatures have a fixed length; ECDSA and time-stamp tokens vary by a few bytes, hence the bounded retry there.
  const sigLength = expectedSignatureLength(sealer);
  const untimed = (await buildCadesDetached(new Uint8Array(32), { ...sealer, sign: async () => new Uint8Array(sigLength) })).cms.length;
  let cades: CadesResult | undefined;
  const { pdf } = await writeSignedUpdate({
    original: draft.model.bytes, revision: draft.model.chain.revision, objects: draft.objects(), context: draft.context, ...sig, newId: randomBytes(16),
    // A time-stamp token's size is only known after asking; the last one from the same TSA is the best guess.
    guess: untimed + (tsaUrl ? lastTimestampOverhead.get(tsaUrl) ?? 0 : 0),
    async produce({ digest }) {
      cades = await buildCadesDetached(digest, sealer, { tsaUrl });
      if (tsaUrl) lastTimestampOverhead.set(tsaUrl, cades.cms.length - untimed);
      return cades.cms;
    },
  });
  if (!cades) throw new Error('internal: no CMS signature was made');
  return { pdf, cades };
}

/**
 * Signs a PDF the way the station does: visible ink in a signature field, the biometric record
 * sealed for the escrow holder and bound to this document, and a PAdES seal over the whole file as an
 * incremental update. Throws PdfRejectedError (stable code, one message) and never returns a partial result.
 */
export async function signPdf(input: SignPdfInput): Promise<SignPdfResult> {
  const signedAt = input.signedAt ?? new Date();
  const info = await inspectPdf(input.pdf, { maxBytes: input.maxBytes });
  const record = checkSignable(input, info);
  // The bytes passed the bounded parse above; parsing them here is now safe and deterministic.
  const draft = await openForUpdate(input.pdf);
  const target = await resolvePlacement(draft.model, input.placement, input.anchorText);
  const frame = target.kind === 'field' ? appearanceFrame(draft.model, target.field.page, target.field.rect) : appearanceFrame(draft.model, target.page, target.rect);
  const { apRef, inkSha256 } = await drawInkAppearance(draft.model, { frame, record, caption: captionOf(input, signedAt), fontPath: input.fontPath, pdfaClaim: info.pdfaClaim });
  const documentSha256 = sha256Hex(input.pdf);
  const fieldName = target.kind === 'field' ? target.field.name : uniqueFieldName(draft.model);
  const containerRef = record && addBiometricContainer(draft, record, { documentSha256, inkSha256, fieldName, signedAt }, input.escrowPublicKeyPem);
  const sig = addSignatureDictionary(draft, input, signedAt, containerRef);
  const altText = input.sealedBy === undefined ? `Signature of ${input.signer.name}` : `Seal of ${input.sealedBy} for ${input.signer.name}`;
  placeSignatureField(draft, target, { fieldName, rect: frame.rect, apRef, altText, ...sig });
  const { pdf, cades } = await sealUpdate(draft, sig, input.sealer, input.tsaUrl);
  return {
    pdf,
    sha256: sha256Hex(pdf),
    fieldName,
    page: frame.page,
    rect: frame.rect,
    level: cades.timestampTime ? 'B-T' : 'B-B',
    timestampTime: cades.timestampTime,
    documentSha256,
    inkSha256,
    escrowKeyId: escrowKeyIdOf(input.escrowPublicKeyPem),
    input: info,
  };
}
