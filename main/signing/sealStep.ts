import { randomUUID } from 'node:crypto';
import type { Language } from '../../preload/common/contract';
import type { Logger } from '../logging/logger';
import type { BiometricRecord } from '../pen/biometricRecord';
import type { DocumentInbox, DocumentSealer, SignedDocumentStore } from './signingPorts';
import { documentFinished, signedPlaces, signerOf, type Sitting, type SittingDocument, type SittingPlace } from './sitting';

/**
 * The seal step of one place and of one document: seal → store → complete.
 *
 * Each place is its own incremental PAdES revision over the document as signed so far, with its own
 * escrow-sealed biometric container bound to the revision it signs (signPdf binds the container to
 * the SHA-256 of its input): every signer's evidence stands alone, and a later change breaks the
 * seals after it. When a document's last place is sealed, the document is stored in the vault and
 * its request completed (which tells its origin), before the sitting goes on to the next one.
 */
export interface SealDeps {
  inbox: DocumentInbox;
  sealer: DocumentSealer;
  store: SignedDocumentStore;
  place: string;
  log: Logger;
  /** Whose seal a staff place with mark 'seal' carries (the bank's name from branding). */
  branding: { name: string };
}

type Stored = { id: string; sha256: string; pdf: Uint8Array; title: string };

/**
 * Seals the open place and, when it was its document's last, stores the document. On failure
 * nothing is lost: the document is as before and the place stays open to sign again.
 */
export async function sealAndClose(deps: SealDeps, sitting: Sitting, place: SittingPlace, record: BiometricRecord | undefined, signedAt: Date, language: Language): Promise<Stored | undefined> {
  const doc = sitting.documents[place.documentIndex];
  const before = { workingPdf: doc.workingPdf, workingSha256: doc.workingSha256, status: doc.status };
  try {
    await sealPlace(deps, sitting, place, record, signedAt);
    return await closeDocumentIfFinished(deps, sitting, place.documentIndex, language, signedAt);
  } catch (err) {
    Object.assign(doc, before);
    place.status = 'waiting';
    throw err;
  }
}

/** A document with no place left is stored (when something was signed) or given back to the queue. */
export async function closeDocumentIfFinished(deps: SealDeps, sitting: Sitting, documentIndex: number, language: Language, at: Date): Promise<Stored | undefined> {
  const doc = sitting.documents[documentIndex];
  if (!['waiting', 'open'].includes(doc.status) || !documentFinished(sitting, documentIndex)) return undefined;
  if (signedPlaces(sitting, documentIndex).length === 0) {
    doc.status = 'skipped';
    deps.inbox.release(doc.requestId);
    return undefined;
  }
  const stored = await storeDocument(deps, sitting, doc, language, at);
  deps.log.info('session signed', { sessionId: sitting.id, documentId: stored.id });
  return { ...stored, title: doc.title };
}

/** A place of a staff signer with mark 'seal' gets the bank's seal and no record (nothing was drawn). */
export async function sealPlace(deps: SealDeps, sitting: Sitting, place: SittingPlace, record: BiometricRecord | undefined, signedAt: Date): Promise<void> {
  const doc = sitting.documents[place.documentIndex];
  const pdf = doc.workingPdf ?? (await deps.inbox.pdf(doc.requestId));
  const signer = signerOf(sitting, place);
  const mark = signer.mark === 'seal' ? { sealedBy: deps.branding.name } : { record };
  const sealed = await deps.sealer.seal({ pdf, ...mark, signerName: signer.name, place: deps.place, signedAt, placement: place.placement });
  doc.workingPdf = sealed.pdf;
  doc.workingSha256 = sealed.sha256;
  doc.status = 'open';
  place.status = 'signed';
  place.sealedIn = { field: sealed.fieldName, page: sealed.page };
}

/** Stores a document whose places are all signed or skipped; returns the stored id and hash. */
export async function storeDocument(deps: SealDeps, sitting: Sitting, doc: SittingDocument, consentLanguage: Language, signedAt: Date): Promise<{ id: string; sha256: string; pdf: Uint8Array }> {
  const pdf = doc.workingPdf!;
  const sha256 = doc.workingSha256!;
  const documentIndex = sitting.documents.indexOf(doc);
  const signers = [...new Set(signedPlaces(sitting, documentIndex).map((p) => signerOf(sitting, p)))];
  const customers = signers.filter((s) => s.role === 'customer');
  const first = customers[0] ?? signers[0];
  const item = deps.inbox.get(doc.requestId);
  const id = randomUUID();
  await deps.store.store({
    id,
    requestId: doc.requestId,
    pdf,
    sha256,
    // The vault links the document to whoever signed it (GDPR access and erasure find it by name).
    signerName: signers.map((s) => s.name).join(', '),
    title: doc.title,
    source: item?.source ?? 'file',
    reference: item?.reference,
    documentType: item?.documentType,
    consent: { language: first?.language ?? consentLanguage, at: first?.consentAt ?? signedAt.toISOString() },
    identification: first?.identification,
    signedAt: signedAt.toISOString(),
  });
  const signatures = sitting.places.filter((p) => p.documentIndex === documentIndex).map((p) => {
    const signer = signerOf(sitting, p);
    return { signer: signer.name, role: signer.role, kind: p.kind, status: p.status === 'signed' ? 'signed' as const : 'skipped' as const, field: p.sealedIn?.field, page: p.sealedIn?.page ?? p.view?.page };
  });
  await deps.inbox.complete(doc.requestId, { documentId: id, sha256, pdf, signatures });
  doc.status = 'signed';
  doc.signedDocument = { id, sha256 };
  doc.workingPdf = undefined;
  doc.workingSha256 = undefined;
  return { id, sha256, pdf };
}

