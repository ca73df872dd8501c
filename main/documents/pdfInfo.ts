/** What the station knows about a document before it is signed (structured-cloneable: it crosses a worker boundary). */

/** A rectangle in PDF user space: [x1, y1, x2, y2] (points, origin bottom-left). */
export type PdfRect = [number, number, number, number];

export interface SignatureFieldInfo {
  /** Fully qualified field name (parents' /T joined by '.'). */
  name: string;
  /** 0-based page index of the field's first widget, or -1 when the widget is not on any page. */
  page: number;
  rect: PdfRect;
  /** Whether the field already holds a signature (/V present). */
  filled: boolean;
  /** A widget of zero area cannot show ink (an "invisible" signature field). */
  visible: boolean;
}

export interface ExistingSignatureInfo {
  fieldName: string;
  subFilter: string;
  /** /M as written in the signature dictionary (PDF date string), when present. */
  signingTime?: string;
  signerName?: string;
  byteRange?: number[];
  /** The signature is a certification (DocMDP) signature. */
  certification: boolean;
}

/** The last revision's cross-reference facts an incremental update must continue from. */
export interface PdfRevisionInfo {
  /** Offset of the newest cross-reference section (what the next /Prev must point to). */
  startxref: number;
  /** Trailer /Size: the first object number a new revision may use. */
  size: number;
  /** The newest section is a cross-reference stream (PDF 1.5+); the update then writes one too. */
  usesXrefStream: boolean;
  root: { num: number; gen: number };
  info?: { num: number; gen: number };
  /** Trailer /ID as two hex strings, when present. */
  id?: [string, string];
  /**
   * Set when a link of the chain behind the newest section is broken: every live object found by
   * scanning (newest sections first), so the next update writes a complete section without /Prev.
   */
  /** In a summary: the chain behind the newest section was broken and the objects were found by scanning. */
  xrefRebuilt?: boolean;
  completeXref?: { num: number; type: 1 | 2; offset: number; gen: number; index?: number }[];
}

export interface PdfInfo {
  byteLength: number;
  /** Header version, e.g. '1.7'. */
  version: string;
  pageCount: number;
  /** Page sizes (CropBox or MediaBox, points) and rotation, in page order. */
  pages: { width: number; height: number; rotate: number }[];
  title?: string;
  signatureFields: SignatureFieldInfo[];
  existingSignatures: ExistingSignatureInfo[];
  /** DocMDP permission of a certification signature: 1 no changes, 2 form fill + signing, 3 also annotations. */
  docMdpLevel?: 1 | 2 | 3;
  /** PDF/A part and conformance claimed in XMP, e.g. '2b'. A claim, not a validation. */
  pdfaClaim?: string;
  encrypted: boolean;
  revision: PdfRevisionInfo;
}
