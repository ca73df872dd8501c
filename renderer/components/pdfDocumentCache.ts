import type { PDFDocumentProxy } from 'pdfjs-dist';

/** What the cache needs of a pdf.js document: to give it back. */
export interface Destroyable {
  destroy(): Promise<void>;
}

export interface HeldDocument<Doc> {
  readonly documentId: string;
  readonly doc: Promise<Doc>;
  /** This holder is done with it; the last one to let go destroys the document. */
  release(): void;
}

/**
 * A window's pdf.js documents, one per document id, shared by everything that draws it (the
 * reading view, the signing pad's page, the review, the teller's mirror): the bytes are fetched
 * and parsed once. Each user holds the document while it shows it; when the last holder lets go
 * (the sitting's next document, the end or cancellation of the signing, the window leaving) the
 * document is destroyed and forgotten — nothing of one customer's document stays for the next.
 */
export function createPdfDocumentCache<Doc extends Destroyable>(open: (documentId: string) => Promise<Doc>, onDestroyed?: (documentId: string) => void) {
  const entries = new Map<string, { holders: number; doc: Promise<Doc> }>();

  function hold(documentId: string): HeldDocument<Doc> {
    let entry = entries.get(documentId);
    if (!entry) {
      const created = { holders: 0, doc: open(documentId) };
      // A failed load is not kept: the next holder tries again.
      created.doc.catch(() => entries.get(documentId) === created && entries.delete(documentId));
      entries.set(documentId, created);
      entry = created;
    }
    const held = entry;
    held.holders++;
    let released = false;
    return {
      documentId,
      doc: held.doc,
      release() {
        if (released) return;
        released = true;
        if (--held.holders > 0) return;
        if (entries.get(documentId) === held) entries.delete(documentId);
        held.doc.then((d) => d.destroy()).then(() => onDestroyed?.(documentId), () => undefined);
      },
    };
  }

  return {
    hold,
    /** The documents held now (ids): for tests, to see that nothing is left. */
    heldIds: (): string[] => [...entries.keys()],
  };
}

export type PdfDocumentCache = ReturnType<typeof createPdfDocumentCache<PDFDocumentProxy>>;
