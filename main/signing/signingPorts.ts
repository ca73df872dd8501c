import type { DocumentSignaturePlaces, InboxItem, PlaceTarget } from '../../preload/common/contract';
import type { PenDeviceInfo, PenSample } from '../../native/pen/penSample';
import type { SignedPlaceReport } from '../../preload/common/signingPlan';
import type { BiometricRecord } from '../pen/biometricRecord';
import type { PenStatusCode } from '../pen/penServiceTypes';

/**
 * What the signing session needs from the rest of the station. Each port is implemented by a
 * feature area (inbox: integrations; pen: pen service; sealer: documents; store: vault) and composed
 * in main/station.ts, so the session logic is testable with real parts or small stand-ins alike.
 */

export interface NewInboxDocument {
  source: InboxItem['source'];
  title: string;
  pdf: Uint8Array;
  pageCount: number;
  reference?: string;
  signerName?: string;
  /** Documents signed together in one sitting share it (the demo package). */
  packageId?: string;
  /** The sender's plan of signers and places (API, hot folder). */
  plan?: InboxItem['plan'];
}

export interface DocumentInbox {
  list(): InboxItem[];
  get(id: string): InboxItem | undefined;
  pdf(id: string): Promise<Uint8Array>;
  add(doc: NewInboxDocument): Promise<InboxItem>;
  /** The request is on the customer's screen: no other session may take it. */
  markInSession(id: string): void;
  /** Back to waiting (teller took it back or the session was cancelled without cancelling the request). */
  release(id: string): void;
  complete(id: string, signed: { documentId: string; sha256: string; pdf: Uint8Array; signatures?: SignedPlaceReport[] }): Promise<void>;
  /** Cancels the request: its document data are removed; the origin (API, print) is told. */
  cancel(id: string, reason: string): Promise<void>;
  onChange(listener: (items: InboxItem[]) => void): () => void;
}

export interface PenStatusInfo {
  connected: boolean;
  source: PenDeviceInfo['source'];
  device: string;
  profile: string;
  /** What is wrong (the window words it); message: the same in English, for the logs. */
  code?: PenStatusCode;
  message?: string;
}

export interface PenInput {
  status(): PenStatusInfo;
  /** Sample batches from the pen in use, with the kind of source and (where known) the device that produced them. */
  onSamples(listener: (samples: PenSample[], source: PenDeviceInfo['source'], device?: PenDeviceInfo) => void): () => void;
  onStatus(listener: (status: PenStatusInfo) => void): () => void;
  /** Starts the device's biometric record of one signature (and the pad's signing mode). */
  beginCapture(): Promise<void>;
  /** Ends it: the device's record (device info, samples, gaps), or undefined if no device wrote. */
  endCapture(): Promise<BiometricRecord | undefined>;
  /** The customer pressed "clear": the capture goes on, empty. */
  clearCapture(): void;
  /** Demo/training: play a recorded signature through the normal sample path. */
  simulateSignature(): Promise<void>;
  /** True while the simulated pen is still writing its signature ("Done" must wait for all of it). */
  replaying?(): boolean;
  close(): Promise<void>;
}

export interface SealRequest {
  pdf: Uint8Array;
  /** Absent: the sealer's own default (first empty field, anchor text, blank spot on the last page). */
  placement?: PlaceTarget;
  /** The pen's record; absent for the bank's seal. */
  record?: BiometricRecord;
  /** The bank's name for a staff place sealed without ink: no pen, no biometric container. */
  sealedBy?: string;
  signerName: string;
  place: string;
  /** Wall-clock signing time, printed under the ink and used as the seal's /M. */
  signedAt: Date;
}

/** What a document offers for a signature (documents area: inspectPdf and the default placement). */
export interface SignaturePlacesFinder {
  /** Throws with plain words when the document cannot be read. */
  find(pdf: Uint8Array): Promise<DocumentSignaturePlaces>;
}

export interface DocumentSealer {
  /** The sealed PDF, and where the ink went (the field's name, its 1-based page) when the sealer says. */
  seal(request: SealRequest): Promise<{ pdf: Uint8Array; sha256: string; fieldName?: string; page?: number }>;
  /** True while self-signed demo credentials are in use. */
  readonly demoCredentials: boolean;
  /** Why nothing can be sealed (demo credentials refused outside the demo tenant); a signing is then not even prepared. */
  readonly refusal?: string;
}

export interface SignedDocumentToStore {
  id: string;
  requestId: string;
  pdf: Uint8Array;
  sha256: string;
  signerName: string;
  title: string;
  source: InboxItem['source'];
  reference?: string;
  documentType?: string;
  consent: { language: string; at: string };
  identification?: { idType: string; lastDigits: string; checkedBy: string };
  signedAt: string;
}

export interface SignedDocumentStore {
  /** Throws NoRoomToStoreError when the station's disk has no room: nothing was stored, the caller may retry. */
  store(doc: SignedDocumentToStore): Promise<void>;
}

/**
 * The store (or the start of a signing) found no room on the station's disk. Its message is the
 * teller's words (which folder, how much is free and needed, that nothing was lost, what to do).
 */
export class NoRoomToStoreError extends Error {
  readonly code = 'disk-full';
  constructor(tellerMessage: string) {
    super(tellerMessage);
    this.name = 'NoRoomToStoreError';
  }
}
