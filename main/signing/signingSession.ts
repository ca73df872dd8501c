import { randomUUID } from 'node:crypto';
import {
  ContractError,
  type CustomerSessionView,
  type CustomerView,
  type Language,
  type SignaturePlace,
  type SignaturePlacementChoice,
  type TellerSessionView,
} from '../../preload/common/contract';
import type { InkPoint, PenDeviceInfo, PenSample } from '../../native/pen/penSample';
import type { EventHub } from '../contract/eventHub';
import type { Logger } from '../logging/logger';
import type { BiometricRecord, CaptureGap } from '../pen/biometricRecord';
import { mapSampleToBox } from './inkMapping';
import { checkSignaturePlacement } from './signaturePlaceCheck';
import { NoRoomToStoreError, type DocumentInbox, type DocumentSealer, type PenInput, type SealPlacement, type SignaturePlacesFinder, type SignedDocumentStore } from './signingPorts';

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
  /** Free-space check before a new signing: the teller's words why it cannot start (no room for one document), or undefined. */
  roomToSign?: () => string | undefined;
  now?: () => Date;
}

interface ActiveSession {
  id: string;
  requestId: string;
  title: string;
  pageCount: number;
  signerName: string;
  identification?: TellerSessionView['identification'];
  requireReadToEnd: boolean;
  reachedEnd: boolean;
  /** Where the signature goes, checked against the document when the signing was prepared. */
  place?: SignaturePlace;
  language: Language;
  consentAt?: string;
  /** Raw samples as captured (the biometric truth), hover included. */
  samples: PenSample[];
  gaps: CaptureGap[];
  device?: PenDeviceInfo;
  captureStartedAt?: string;
  /** Ink already shown, by stroke, for windows that (re)connect mid-signature. */
  strokes: InkPoint[][];
  penDown: boolean;
  notice?: CustomerSessionView['notice'];
  signatureBox?: CustomerView['signatureBox'];
  signedDocument?: { id: string; sha256: string };
  /** The sealed PDF, held only while the teller may still show or print it (until finish/next/idle). */
  sealedPdf?: Uint8Array;
  /** The thank-you has been shown long enough: the customer's screen is back to idle. */
  customerReleased?: boolean;
  error?: string;
}

/**
 * The signing session: one document, one signer, on the customer's screen, from "prepared" to
 * "done". It is the only place that decides what both windows show, so the customer's screen and
 * the teller's mirror can never disagree, and a cancelled session leaves nothing behind (samples
 * and ink are dropped from memory; the inbox removes the request's document data).
 */
export class SigningSession {
  private state: TellerSessionView['state'] = 'idle';
  private active: ActiveSession | undefined;
  private language: Language = 'en';
  private pendingInk: InkPoint[][] = [];
  private pendingContinues = false;
  private flushTimer: NodeJS.Timeout | undefined;
  private inactivityTimer: NodeJS.Timeout | undefined;
  private doneTimer: NodeJS.Timeout | undefined;
  private readonly unsubscribe: (() => void)[] = [];
  private lastCancel: TellerSessionView['lastCancel'];
  private readonly now: () => Date;

  constructor(private readonly o: SigningSessionOptions) {
    this.now = o.now ?? (() => new Date());
    this.language = o.defaultLanguage ?? 'en';
    this.unsubscribe.push(o.pen.onSamples((s, source) => this.penSamples(s, source)));
    this.unsubscribe.push(o.pen.onStatus((status) => this.penStatus(status.connected)));
    this.unsubscribe.push(o.inbox.onChange((items) => {
      const current = this.active && items.find((i) => i.id === this.active!.requestId);
      // A request withdrawn at its origin (API, print) while on screen, or removed from the inbox.
      if (this.active && this.state !== 'done' && this.state !== 'sealing' && (!current || current.status === 'cancelled')) {
        this.lastCancel = { by: 'origin', reason: 'The request was withdrawn by the system that sent it.' };
        this.wipe('cancelled by its origin');
      }
    }));
  }

  // ── Views ────────────────────────────────────────────────────────────────────────────────────

  tellerView(): TellerSessionView {
    const a = this.active;
    return {
      ...this.customerView(),
      // The teller sees the true state and the document even before it is sent to the customer.
      state: this.state,
      document: a ? { id: a.requestId, title: a.title, pageCount: a.pageCount } : undefined,
      signerName: a?.signerName,
      requestId: a?.requestId,
      identification: a?.identification,
      error: a?.error,
      signedDocument: a?.signedDocument,
      lastCancel: a ? undefined : this.lastCancel,
      customerState: this.customerView().state,
      signaturePlace: a?.place,
    };
  }

  customerView(): CustomerSessionView {
    const a = this.active;
    // Before the teller sends the document, the customer's screen shows only the branding.
    // After the thank-you, nothing of the customer stays on their screen, even while the teller
    // still has the sealed copy open.
    const released = this.state === 'done' && a?.customerReleased;
    const visible = a && this.state !== 'prepared' && this.state !== 'idle' && !released;
    return {
      sessionId: a && visible ? a.id : 'none',
      state: this.state === 'prepared' || released ? 'idle' : this.state,
      document: visible ? { id: a.requestId, title: a.title, pageCount: a.pageCount } : undefined,
      signerName: visible ? a.signerName : undefined,
      requireReadToEnd: a?.requireReadToEnd ?? false,
      reachedEnd: a?.reachedEnd ?? false,
      language: this.language,
      signaturePage: visible ? (a.place?.page ?? a.pageCount) : undefined,
      inkPointCount: a ? a.strokes.reduce((n, s) => n + s.length, 0) : 0,
      notice: visible ? a.notice : undefined,
      branding: this.o.branding,
      // A language the tenant did not translate shows the tenant's English notice, not a generic one.
      consentNotice: this.o.consentNotices?.[this.language] ?? this.o.consentNotices?.en,
    };
  }

  /** The ink drawn so far, for a window that connects mid-signature. */
  currentInk(): { sessionId: string; strokes: InkPoint[][] } {
    return { sessionId: this.active?.id ?? 'none', strokes: this.active?.strokes ?? [] };
  }

  /** The customer may read only the document currently on their screen. */
  customerMayRead(documentId: string): boolean {
    return Boolean(this.active && this.active.requestId === documentId && this.state !== 'prepared' && this.state !== 'idle');
  }

  // ── Teller ───────────────────────────────────────────────────────────────────────────────────

  async start(input: {
    requestId: string;
    signerName: string;
    identification?: TellerSessionView['identification'];
    requireReadToEnd: boolean;
    placement?: SignaturePlacementChoice;
  }): Promise<TellerSessionView> {
    // Refused before the customer signs in vain.
    if (this.o.sealer.refusal) throw new ContractError('sealing-refused', `This station cannot seal documents: ${this.o.sealer.refusal}`);
    const startable = () => {
      if (this.active && this.state !== 'done') throw new ContractError('session-open', 'A signing is already open. Finish or cancel it first.');
      const noRoom = this.o.roomToSign?.();
      if (noRoom) throw new ContractError('disk-full', noRoom);
      const found = this.o.inbox.get(input.requestId);
      if (!found) throw new ContractError('not-found', 'That document is no longer in the queue.');
      if (found.status !== 'waiting') throw new ContractError('not-waiting', `That document is ${found.status}.`);
      return found;
    };
    startable();
    const place = await this.signaturePlace(input.requestId, input.placement);
    // The document was read meanwhile: another start, a withdrawal or a cancellation may have come first.
    const item = startable();
    if (this.active) this.toIdle();
    this.o.inbox.markInSession(item.id);
    this.lastCancel = undefined;
    this.active = {
      id: randomUUID(),
      requestId: item.id,
      title: item.title,
      pageCount: item.pageCount,
      signerName: input.signerName,
      identification: input.identification,
      requireReadToEnd: input.requireReadToEnd,
      reachedEnd: item.pageCount === 1 && !input.requireReadToEnd,
      place,
      language: this.language,
      samples: [],
      gaps: [],
      strokes: [],
      penDown: false,
    };
    this.setState('prepared');
    this.o.log.info('session prepared', { sessionId: this.active.id, requestId: item.id, place: place ? `${place.kind} on page ${place.page} (${place.chosenBy})` : 'sealer default' });
    return this.tellerView();
  }

  /**
   * Where the signature of a document would go: its signature fields and the station's default.
   * Throws ContractError('unreadable') with plain words when the document cannot be read.
   */
  async signaturePlaces(requestId: string) {
    if (!this.o.places) throw new ContractError('unavailable', 'This station cannot list signature places; the signature goes to the default place.');
    if (!this.o.inbox.get(requestId)) throw new ContractError('not-found', 'That document is no longer in the queue.');
    try {
      return await this.o.places.find(await this.o.inbox.pdf(requestId));
    } catch (err) {
      throw new ContractError('unreadable', `The document's signature places could not be read: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  /** The teller's choice checked against the document, or the default (undefined: the sealer decides). */
  private async signaturePlace(requestId: string, choice: SignaturePlacementChoice | undefined): Promise<SignaturePlace | undefined> {
    if (!this.o.places) {
      if (choice) throw new ContractError('placement-refused', 'This station cannot place signatures by choice; prepare the signing without choosing a place.');
      return undefined;
    }
    let places;
    try {
      places = await this.signaturePlaces(requestId);
    } catch (err) {
      // Without a choice the sealer still decides (and refuses a document it cannot read, with its own words).
      if (!choice) {
        this.o.log.warn('signature places not read; the sealer decides', { error: err instanceof Error ? err.message : String(err) });
        return undefined;
      }
      throw err;
    }
    return checkSignaturePlacement(places, choice);
  }

  sendToCustomer(): TellerSessionView {
    const a = this.require('prepared');
    a.reachedEnd = a.pageCount === 1 && !a.requireReadToEnd;
    this.setState('reading');
    this.touch();
    return this.tellerView();
  }

  takeBack(): TellerSessionView {
    const a = this.requireOpen();
    if (!['reading', 'consent', 'signing'].includes(this.state)) throw new ContractError('bad-state', `Cannot take back while ${this.state}.`);
    if (this.state === 'signing') this.discardDeviceCapture();
    this.dropCapture(a);
    a.consentAt = undefined;
    this.setState('prepared');
    this.publishInkCleared();
    this.stopInactivity();
    return this.tellerView();
  }

  async cancel(reason: string, by: 'teller' | 'customer' | 'timeout'): Promise<TellerSessionView> {
    const a = this.active;
    if (!a || this.state === 'idle') throw new ContractError('no-session', 'There is no open signing to cancel.');
    if (this.state === 'sealing') throw new ContractError('bad-state', 'The document is being sealed; it cannot be cancelled now.');
    if (this.state === 'done') {
      this.toIdle();
      return this.tellerView();
    }
    this.o.log.info('session cancelled', { sessionId: a.id, by });
    this.lastCancel = { by, reason };
    const requestId = a.requestId;
    this.wipe(reason);
    await this.o.inbox.cancel(requestId, `${by}: ${reason}`).catch((err) => this.o.log.error('inbox cancel failed', { error: String(err) }));
    return this.tellerView();
  }

  /** The teller is done with this customer: the sealed copy is dropped from memory, both screens idle. */
  finish(): TellerSessionView {
    if (this.state !== 'done') throw new ContractError('bad-state', `There is no signed document to finish; the session is ${this.state}.`);
    this.toIdle();
    return this.tellerView();
  }

  /** The sealed PDF, while the session that made it is still open on the teller's side. */
  signedPdf(): { pdf: Uint8Array; fileName: string } {
    const a = this.active;
    if (!a || this.state !== 'done' || !a.sealedPdf) throw new ContractError('no-signed-document', 'There is no signed document open. Find it in the archive.');
    const safeTitle = a.title.replace(/[^\p{L}\p{N} ()._-]+/gu, '').trim().slice(0, 80) || 'document';
    return { pdf: a.sealedPdf, fileName: `${safeTitle} (signed).pdf` };
  }

  // ── Customer ─────────────────────────────────────────────────────────────────────────────────

  customerViewChanged(view: CustomerView): CustomerView {
    const a = this.active;
    if (!a || !['reading', 'consent', 'signing'].includes(this.state)) return view;
    if (view.reachedEnd || view.page >= a.pageCount) a.reachedEnd = true;
    a.signatureBox = view.signatureBox;
    if (a.notice === 'read-to-end' && a.reachedEnd) a.notice = undefined;
    this.touch();
    this.publishSession();
    return view;
  }

  readDone(): void {
    const a = this.require('reading');
    if (a.requireReadToEnd && !a.reachedEnd) {
      a.notice = 'read-to-end';
      this.publishSession();
      throw new ContractError('read-to-end', 'Please read the document to the last page first.');
    }
    a.notice = undefined;
    this.setState('consent');
    this.touch();
  }

  consent(language: Language): void {
    const a = this.require('consent');
    a.consentAt = this.now().toISOString();
    a.language = language;
    this.setState('signing');
    this.o.pen.beginCapture().catch((err) => this.o.log.warn('pen capture did not start', { error: err instanceof Error ? err.message : String(err) }));
    this.touch();
  }

  setLanguage(language: Language): void {
    this.language = language;
    if (this.active) this.active.language = language;
    this.publishSession();
  }

  /**
   * Samples the customer's page captured itself. A WebHID pen says what its raw units mean (the
   * decoding profile's ranges and size), so the record can be read by an examiner like a USB one.
   */
  clientSamples(samples: PenSample[], source: 'pointer-events' | 'webhid', device?: string, deviceInfo?: Omit<PenDeviceInfo, 'source'>): void {
    const a = this.active;
    if (!a || this.state !== 'signing') return;
    if (!a.device) {
      a.device = deviceInfo
        ? { ...deviceInfo, source, product: device ?? deviceInfo.product }
        : { source, profile: source, product: device, xRange: [0, 1], yRange: [0, 1], pressureRange: [0, 1] };
    }
    this.penSamples(samples, source);
  }

  clearInk(): void {
    const a = this.require('signing');
    this.dropCapture(a);
    this.o.pen.clearCapture();
    this.publishInkCleared();
    this.publishSession();
    this.touch();
  }

  async confirmSignature(): Promise<void> {
    const a = this.require('signing');
    const points = a.strokes.reduce((n, s) => n + s.length, 0);
    if (points < (this.o.minInkPoints ?? 8)) throw new ContractError('no-signature', 'Please sign in the box first.');
    this.flushInk();
    this.setState('sealing');
    this.stopInactivity();
    const signedAt = this.now();
    try {
      const pdf = await this.o.inbox.pdf(a.requestId);
      // A device keeps its own record (its ranges, clock and gaps); Pointer Events and WebHID
      // samples were collected here.
      const fromClient = a.device?.source === 'pointer-events' || a.device?.source === 'webhid';
      const deviceRecord = fromClient ? undefined : await this.o.pen.endCapture();
      const record: BiometricRecord = deviceRecord ?? {
        device: a.device ?? { source: 'pointer-events', profile: 'pointer-events', xRange: [0, 1], yRange: [0, 1], pressureRange: [0, 1] },
        samples: a.samples,
        gaps: a.gaps,
        capturedAt: a.captureStartedAt ?? signedAt.toISOString(),
      };
      const placement: SealPlacement | undefined = a.place && (a.place.kind === 'field' && a.place.field ? { field: a.place.field } : { page: a.place.page, rect: a.place.rect });
      const sealed = await this.o.sealer.seal({ pdf, record, signerName: a.signerName, place: this.o.place, signedAt, placement });
      const documentId = randomUUID();
      await this.o.store.store({
        id: documentId,
        requestId: a.requestId,
        pdf: sealed.pdf,
        sha256: sealed.sha256,
        signerName: a.signerName,
        title: a.title,
        source: this.o.inbox.get(a.requestId)?.source ?? 'file',
        reference: this.o.inbox.get(a.requestId)?.reference,
        documentType: this.o.inbox.get(a.requestId)?.documentType,
        consent: { language: a.language, at: a.consentAt ?? signedAt.toISOString() },
        identification: a.identification,
        signedAt: signedAt.toISOString(),
      });
      await this.o.inbox.complete(a.requestId, { documentId, sha256: sealed.sha256, pdf: sealed.pdf });
      // The biometric samples now live only inside the sealed, encrypted document.
      this.dropCapture(a);
      a.signedDocument = { id: documentId, sha256: sealed.sha256 };
      a.sealedPdf = sealed.pdf;
      this.o.log.info('session signed', { sessionId: a.id, documentId });
      this.setState('done');
      // The customer's thank-you goes back to idle by itself; the teller finishes (or starts the next).
      this.doneTimer = setTimeout(() => {
        this.doneTimer = undefined;
        if (this.active !== a) return;
        a.customerReleased = true;
        this.language = this.o.defaultLanguage ?? 'en';
        this.publishSession();
      }, this.o.doneScreenMs ?? 6000);
      this.doneTimer.unref?.();
    } catch (err) {
      // Nothing is lost: the request stays in the session, the customer may try again or the teller cancels.
      this.o.log.error('sealing failed', { sessionId: a.id, error: err instanceof Error ? err.message : String(err) });
      a.error = err instanceof Error ? err.message : String(err);
      // A full disk: the ink stays, the customer is told gently to wait, Done again completes it.
      const noRoom = err instanceof NoRoomToStoreError;
      a.notice = noRoom ? 'disk-full' : 'sealing-failed';
      this.setState('signing');
      if (noRoom) throw new ContractError('disk-full', 'Saving has to wait a moment. Please wait for your adviser.');
      throw new ContractError('sealing-failed', 'The signature could not be sealed. The teller has been told.');
    }
  }

  async simulateSignature(): Promise<void> {
    this.require('signing');
    await this.o.pen.simulateSignature();
  }

  close(): void {
    for (const u of this.unsubscribe) u();
    this.stopInactivity();
    this.clearDone();
    if (this.flushTimer) clearTimeout(this.flushTimer);
  }

  // ── Internals ────────────────────────────────────────────────────────────────────────────────

  private penSamples(samples: PenSample[], source: PenDeviceInfo['source']): void {
    const a = this.active;
    if (!a || this.state !== 'signing' || samples.length === 0) return;
    const origin = source === 'pointer-events' || source === 'webhid' ? 'client' : 'device';
    // One signature, one source: samples of another source during the same signature are refused
    // (ink from two pens at once cannot be one person's signature).
    if (a.device && a.device.source !== source) return;
    a.device ??= { source, profile: source, xRange: [0, 1], yRange: [0, 1], pressureRange: [0, 1] };
    a.captureStartedAt ??= this.now().toISOString();
    const isPenDisplay = a.device?.source === 'usb-hid' || a.device?.source === 'webhid';
    for (const s of samples) {
      a.samples.push(s);
      const point = origin === 'client' ? { x: s.nx, y: s.ny, p: s.np, t: s.t } : mapSampleToBox(s, isPenDisplay ? a.signatureBox : undefined);
      if (s.tip) {
        if (!a.penDown) {
          a.strokes.push([]);
          this.pendingInk.push([]);
          a.penDown = true;
        } else if (this.pendingInk.length === 0) {
          this.pendingInk.push([]);
          this.pendingContinues = true;
        }
        a.strokes[a.strokes.length - 1].push(point);
        this.pendingInk[this.pendingInk.length - 1].push(point);
        const outside = point.x < 0 || point.x > 1 || point.y < 0 || point.y > 1;
        if (outside !== (a.notice === 'pen-left-box')) {
          a.notice = outside ? 'pen-left-box' : undefined;
          this.publishSession();
        }
      } else {
        a.penDown = false;
      }
    }
    this.touch();
    // A window's samples arrive already batched per animation frame: pass them on at once (waiting
    // another frame here would only add lag). A device's reports arrive one by one, up to 8 kHz:
    // their ink goes out once per frame, smooth enough without one message per sample.
    if (origin === 'client') this.flushInk();
    else this.flushTimer ??= setTimeout(() => this.flushInk(), 16);
  }

  private flushInk(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    const a = this.active;
    const strokes = this.pendingInk.filter((s) => s.length > 0);
    const continues = this.pendingContinues;
    this.pendingInk = [];
    this.pendingContinues = false;
    if (!a || strokes.length === 0) return;
    this.o.events.publish('ink.points', { sessionId: a.id, strokes, continuesLastStroke: continues });
  }

  private penStatus(connected: boolean): void {
    const a = this.active;
    if (!a || this.state !== 'signing') return;
    if (!connected) {
      const last = a.samples.at(-1);
      a.gaps.push({ fromT: last?.t ?? 0, toT: last?.t ?? 0, reason: 'device-unplugged' });
      a.penDown = false;
      a.notice = 'pen-unplugged';
    } else if (a.notice === 'pen-unplugged') {
      a.notice = undefined;
    }
    this.publishSession();
  }

  private require(state: TellerSessionView['state']): ActiveSession {
    if (!this.active || this.state !== state) throw new ContractError('bad-state', `This step needs the session to be ${state}; it is ${this.state}.`);
    return this.active;
  }

  private requireOpen(): ActiveSession {
    if (!this.active) throw new ContractError('no-session', 'There is no open signing.');
    return this.active;
  }

  /** Ends the device's capture and throws its samples away (take back, cancel). */
  private discardDeviceCapture(): void {
    this.o.pen.endCapture().catch(() => undefined);
  }

  private dropCapture(a: ActiveSession): void {
    a.samples = [];
    a.gaps = [];
    a.strokes = [];
    a.penDown = false;
    a.captureStartedAt = undefined;
    a.device = undefined;
    this.pendingInk = [];
  }

  private wipe(reason: string): void {
    const a = this.active;
    if (a) {
      if (this.state === 'signing') this.discardDeviceCapture();
      this.dropCapture(a);
      this.o.log.info('session wiped', { sessionId: a.id, reasonLength: reason.length });
    }
    this.active = undefined;
    this.language = this.o.defaultLanguage ?? 'en';
    this.stopInactivity();
    this.setState('idle');
    this.publishInkCleared(a?.id);
  }

  private toIdle(): void {
    this.clearDone();
    // Only the reference goes: the same bytes may still be on their way into the vault.
    if (this.active) this.active.sealedPdf = undefined;
    if (this.active) this.language = this.o.defaultLanguage ?? 'en';
    this.active = undefined;
    this.setState('idle');
  }

  private clearDone(): void {
    if (this.doneTimer) clearTimeout(this.doneTimer);
    this.doneTimer = undefined;
  }

  private setState(state: TellerSessionView['state']): void {
    this.state = state;
    this.publishSession();
  }

  private publishSession(): void {
    this.o.events.publish('session.changed', this.tellerView());
    this.o.events.publish('customer.sessionChanged', this.customerView());
  }

  private publishInkCleared(sessionId = this.active?.id): void {
    if (sessionId) this.o.events.publish('ink.cleared', { sessionId });
  }

  private touch(): void {
    this.stopInactivity();
    const ms = this.o.inactivityTimeoutMs ?? 10 * 60_000;
    this.inactivityTimer = setTimeout(() => {
      this.cancel('no activity on the customer screen', 'timeout').catch(() => undefined);
    }, ms);
    this.inactivityTimer.unref?.();
  }

  private stopInactivity(): void {
    if (this.inactivityTimer) clearTimeout(this.inactivityTimer);
    this.inactivityTimer = undefined;
  }
}
