import { PDFDocument, PDFName, PDFRef, type PDFContext, type PDFObject } from 'pdf-lib';
import { openPdfModel } from '../../pdfDocumentModel';
import { pageTextItems, type PageTextLimits } from '../pageTextItems';
import type { TextItem } from '../textItemCollector';

/**
 * Builds one-page PDFs with a hand-written content stream and resources (pdf-lib objects), to test
 * the text reader operator by operator and font by font.
 */
/** A content stream: its data as written, or with a stream dictionary (a /Filter the data is encoded with). */
export type ContentPart = string | Uint8Array | { data: Uint8Array; dict: Record<string, unknown> };

export interface ContentPdfOptions {
  /** The page's content: one stream, or several (an array of streams). */
  content: ContentPart | ContentPart[];
  /** Makes the page's /Resources; strings become names, as with pdf-lib's context.obj. */
  resources?: (ctx: PDFContext) => Record<string, PDFObject | unknown>;
  /** Put the resources on the page tree's root instead of the page (inherited). */
  inheritResources?: boolean;
  size?: [number, number];
}

export async function contentPdf(opts: ContentPdfOptions): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const page = doc.addPage(opts.size ?? [600, 800]);
  const ctx = doc.context;
  const parts = Array.isArray(opts.content) ? opts.content : [opts.content];
  const refs = parts.map((p) => (typeof p === 'string' || p instanceof Uint8Array ? ctx.register(ctx.stream(p)) : streamRef(ctx, p.data, p.dict)));
  page.node.set(PDFName.of('Contents'), refs.length === 1 ? refs[0] : ctx.obj(refs));
  const resources = ctx.obj((opts.resources?.(ctx) ?? {}) as Record<string, PDFObject>);
  page.node.delete(PDFName.of('Resources'));
  if (opts.inheritResources) doc.catalog.Pages().set(PDFName.of('Resources'), resources);
  else page.node.set(PDFName.of('Resources'), resources);
  return doc.save({ useObjectStreams: false });
}

/** A registered stream (a ToUnicode CMap, a form) with its dictionary. */
export function streamRef(ctx: PDFContext, data: string | Uint8Array, dict: Record<string, unknown> = {}): PDFRef {
  return ctx.register(ctx.stream(data, dict as Record<string, PDFObject>));
}

export async function itemsOf(bytes: Uint8Array, limits?: PageTextLimits): Promise<TextItem[]> {
  return pageTextItems(await openPdfModel(bytes), 0, limits);
}

/** The standard Helvetica as a simple font resource. */
export const helvetica = (ctx: PDFContext) => ctx.obj({ Type: 'Font', Subtype: 'Type1', BaseFont: 'Helvetica', Encoding: 'WinAnsiEncoding' });
