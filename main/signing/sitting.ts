import type { Language, SignaturePlace, TellerSessionView } from '../../preload/common/contract';
import type { PlanPlace, PlanSigner } from '../../preload/common/signingPlan';
import type { PlaceWhere } from '../../preload/common/planProgress';
import type { EntryState } from './sessionTransitions';
import type { PlaceTarget } from '../../preload/common/placeTarget';

/**
 * One sitting at the desk as the session holds it: the signers, the documents of the package and
 * every place in signing order, each with its progress. Plain data; the functions here only read or
 * step it, so the views and the session's decisions are testable without a session.
 */

export interface SittingSigner {
  key: string;
  role: PlanSigner['role'];
  mark: PlanSigner['mark'];
  order: number;
  name: string;
  identification?: TellerSessionView['identification'];
  /** Once per sitting: a customer who consented is not asked again for the next place or document. */
  consentAt?: string;
  language?: Language;
}

export interface SittingPlace {
  /** 1-based position in the sitting's signing order. */
  number: number;
  documentIndex: number;
  signerKey: string;
  kind: PlanPlace['kind'];
  optional: boolean;
  /** What the sealer is told (absent: its default); pages 1-based. */
  placement?: PlaceTarget;
  /** Where it goes as the windows show it; absent for an anchor text (sealing finds it). */
  view?: SignaturePlace;
  where: PlaceWhere;
  status: 'waiting' | 'signed' | 'skipped';
  /** After sealing: the field the ink went into and its page (1-based). */
  sealedIn?: { field?: string; page?: number };
}

export interface SittingDocument {
  requestId: string;
  title: string;
  pageCount: number;
  requireReadToEnd: boolean;
  status: 'waiting' | 'open' | 'signed' | 'cancelled' | 'skipped';
  read: boolean;
  reachedEnd: boolean;
  /** The document as signed so far: each place adds its own incremental revision to it. */
  workingPdf?: Uint8Array;
  workingSha256?: string;
  signedDocument?: { id: string; sha256: string };
}

export interface Sitting {
  id: string;
  signers: SittingSigner[];
  documents: SittingDocument[];
  /** In signing order. */
  places: SittingPlace[];
  /** Index into places of the open place; places.length when none is left. */
  current: number;
}

export function signerOf(s: Sitting, place: SittingPlace): SittingSigner {
  return s.signers.find((x) => x.key === place.signerKey)!;
}

export function currentPlace(s: Sitting): SittingPlace | undefined {
  return s.places[s.current];
}

/** True when the open place is a staff place sealed with the bank's seal (nobody draws). */
export function isBankSeal(s: Sitting): boolean {
  const p = currentPlace(s);
  return Boolean(p && signerOf(s, p).mark === 'seal');
}

export function currentDocument(s: Sitting): SittingDocument | undefined {
  const p = currentPlace(s);
  return p && s.documents[p.documentIndex];
}

const stillOpen = (s: Sitting, p: SittingPlace) => p.status === 'waiting' && ['waiting', 'open'].includes(s.documents[p.documentIndex].status);

/** Moves to the next place still to be signed (skipping places of cancelled documents). */
export function moveToNextPlace(s: Sitting): void {
  while (s.current < s.places.length && !stillOpen(s, s.places[s.current])) s.current++;
}

/** Where the open place begins: reading its document, the customer's consent, or signing; 'done' when none is left. */
export function entryState(s: Sitting): EntryState {
  const place = currentPlace(s);
  if (!place) return 'done';
  if (!s.documents[place.documentIndex].read) return 'reading';
  const signer = signerOf(s, place);
  return signer.role === 'customer' && !signer.consentAt ? 'consent' : 'signing';
}

/** The places of one document still to be signed. */
export function placesLeft(s: Sitting, documentIndex: number): SittingPlace[] {
  return s.places.filter((p) => p.documentIndex === documentIndex && p.status === 'waiting');
}

export function signedPlaces(s: Sitting, documentIndex: number): SittingPlace[] {
  return s.places.filter((p) => p.documentIndex === documentIndex && p.status === 'signed');
}

/** True when a document has no place left to sign: it can be stored. */
export function documentFinished(s: Sitting, documentIndex: number): boolean {
  return placesLeft(s, documentIndex).length === 0;
}

/** Documents still to do something with (not signed, cancelled or skipped). */
export function openDocuments(s: Sitting): SittingDocument[] {
  return s.documents.filter((d) => d.status === 'waiting' || d.status === 'open');
}

/**
 * Documents of the sitting whose request was withdrawn at its origin (API, print) or removed from
 * the inbox: marked cancelled (their working copy dropped) and returned.
 */
export function markWithdrawn(s: Sitting, items: { id: string; status: string }[]): SittingDocument[] {
  const withdrawn = openDocuments(s).filter((d) => {
    const item = items.find((i) => i.id === d.requestId);
    return !item || item.status === 'cancelled';
  });
  for (const d of withdrawn) {
    d.status = 'cancelled';
    d.workingPdf = undefined;
  }
  return withdrawn;
}

/** Taken back: the document is read again, and a customer who has signed nothing yet consents again. */
export function forgetUnsignedProgress(s: Sitting): void {
  const doc = currentDocument(s);
  if (doc && signedPlaces(s, s.documents.indexOf(doc)).length === 0) doc.read = false;
  for (const signer of s.signers) if (!s.places.some((p) => p.signerKey === signer.key && p.status === 'signed')) signer.consentAt = undefined;
}

/** Where a place goes, in English for the log and the CLI (the teller's window words it itself). */
export function whereInWords(w: PlaceWhere): string {
  switch (w.kind) {
    case 'field': return `field “${w.field}”`;
    case 'anchor': return `after “${w.anchor}”`;
    case 'box': return 'a box';
    case 'blank': return 'a blank spot near the bottom';
    case 'usual': return "the station's usual place";
  }
}

/** The places in one line for the log (no names: where and what kind only). */
export function describePlaces(s: Sitting): string {
  return s.places.map((p) => `${p.kind} ${whereInWords(p.where)}${p.view ? ` on page ${p.view.page} (${p.view.chosenBy})` : ''}`).join('; ');
}
