import type { Language } from '../../preload/common/contract';
import type { EventHub } from '../contract/eventHub';
import type { Logger } from '../logging/logger';
import type { SignatureMinimums } from './signatureQuality';
import type { DocumentInbox, DocumentSealer, PenInput, SignaturePlacesFinder, SignedDocumentStore } from './signingPorts';

/** What the signing session is made of: its ports (see signingPorts.ts) and the desk's settings. */
export interface SigningSessionOptions {
  inbox: DocumentInbox;
  pen: PenInput;
  sealer: DocumentSealer;
  store: SignedDocumentStore;
  /** The document's signature places; without it the teller cannot choose and the sealer decides. */
  places?: SignaturePlacesFinder;
  events: EventHub;
  log: Logger;
  place: string;
  branding: { name: string; logoUrl?: string };
  /** The tenant's GDPR Art. 13 notice per language; a language without one shows the built-in text. */
  consentNotices?: Partial<Record<Language, { title: string; body: string }>>;
  /** The customer screen's language between customers. */
  defaultLanguage?: Language;
  /** Customer inactivity after which an open session is cancelled (ms). */
  inactivityTimeoutMs?: number;
  /** How long the thank-you stays before the screen returns to idle (ms). */
  doneScreenMs?: number;
  /** Fewest ink points that count as a signature (a dot or an accidental touch does not). */
  minInkPoints?: number;
  /** The least a signature must be to be taken (desk settings `signing.*`); absent: anything drawn. */
  signatureMinimums?: SignatureMinimums;
  /** After "Done" the customer confirms the signature shown in its place, or signs again (desk.reviewSignature). */
  reviewSignature?: boolean;
  /** How long the customer reads why their screen went back to the welcome (ms). */
  farewellMs?: number;
  /** Free-space check before a new signing: the teller's words why it cannot start (no room for one document), or undefined. */
  roomToSign?: () => string | undefined;
  /** The signed-in staff member, who countersigns a plan's staff places. */
  staffName?: () => string | undefined;
  now?: () => Date;
}
