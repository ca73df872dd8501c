import { ContractError, type CustomerSessionView, type CustomerView, type Language, type SessionState, type TellerSessionView } from '../../preload/common/contract';
import type { InkPoint, PenDeviceInfo, PenSample } from '../../native/pen/penSample';
import type { EventHub } from '../contract/eventHub';
import type { Logger } from '../logging/logger';
import { InkStream } from './inkStream';
import { mapSampleToBox } from './inkMapping';
import { sealPlace, storeDocument } from './sealStep';
import { transition, type EntryState, type SessionEvent } from './sessionTransitions';
import { customerView, tellerView, type SessionViewState } from './sessionViews';
import { clientInkPoint, isClientSource, SignatureCapture } from './signatureCapture';
import type { DocumentInbox, DocumentSealer, PenInput, SignaturePlacesFinder, SignedDocumentStore } from './signingPorts';
import { currentDocument, currentPlace, documentFinished, entryState, moveToNextPlace, openDocuments, signedPlaces, signerOf, type Sitting } from './sitting';
import { planSitting, type SittingRequest } from './sittingPlanner';

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
  /** The signed-in staff member, who countersigns a plan's staff places. */
  staffName?: () => string | undefined;
  now?: () => Date;
}

/**
 * The signing session: one sitting at the desk — one or more documents, each with its places for
 * named signers in order — on the customer's screen, from "prepared" to "done". Its states move
 * only by the transition table (sessionTransitions.ts); both windows' views are pure functions of
 * one view state (sessionViews.ts), so the customer's screen and the teller's mirror cannot
 * disagree. A cancelled sitting leaves nothing behind (samples and ink are dropped from memory; the
 * inbox removes the request's document data), and documents of a package signed before the cancel
 * stay signed.
 */
export class SigningSession {
  private state: SessionState = 'idle';
  private sitting: Sitting | undefined;
  private language: Language;
  private notice: CustomerSessionView['notice'];
  private error: string | undefined;
  private customerReleased = false;
  private lastCancel: TellerSessionView['lastCancel'];
  private signed: { id: string; sha256: string; pdf?: Uint8Array; title: string } | undefined;
  private signatureBox: CustomerView['signatureBox'];
  private readonly capture = new SignatureCapture();
  private readonly ink: InkStream;
  private inactivityTimer: NodeJS.Timeout | undefined;
  private doneTimer: NodeJS.Timeout | undefined;
  private readonly unsubscribe: (() => void)[] = [];
  private readonly now: () => Date;

  constructor(private readonly o: SigningSessionOptions) {
    this.now = o.now ?? (() => new Date());
    this.language = o.defaultLanguage ?? 'en';
    this.ink = new InkStream(o.events, () => this.sitting?.id);
    this.unsubscribe.push(o.pen.onSamples((s, source) => this.penSamples(s, source)));
    this.unsubscribe.push(o.pen.onStatus((status) => this.penStatus(status.connected)));
    this.unsubscribe.push(o.inbox.onChange((items) => this.inboxChanged(items)));
  }

  // ── Views ────────────────────────────────────────────────────────────────────────────────────

  private viewState(): SessionViewState {
    return {
      state: this.state,
      sitting: this.sitting,
      language: this.language,
      inkPointCount: this.sitting ? this.ink.pointCount : 0,
      notice: this.notice,
      error: this.error,
      customerReleased: this.customerReleased,
      lastCancel: this.lastCancel,
      signedDocument: this.signed && { id: this.signed.id, sha256: this.signed.sha256 },
      branding: this.o.branding,
      consentNotices: this.o.consentNotices,
    };
  }

  tellerView(): TellerSessionView {
    return tellerView(this.viewState());
  }

  customerView(): CustomerSessionView {
    return customerView(this.viewState());
  }

  /** The ink drawn so far, for a window that connects mid-signature. */
  currentInk(): { sessionId: string; strokes: InkPoint[][] } {
    return { sessionId: this.sitting?.id ?? 'none', strokes: this.sitting ? this.ink.all() : [] };
  }

  /** The customer may read only the document currently on their screen. */
  customerMayRead(documentId: string): boolean {
    const doc = this.sitting && currentDocument(this.sitting);
    return Boolean(doc && doc.requestId === documentId && this.state !== 'prepared' && this.state !== 'idle');
  }

  // ── Teller ───────────────────────────────────────────────────────────────────────────────────

  async start(input: SittingRequest): Promise<TellerSessionView> {
    transition(this.state, 'start');
    const sitting = await planSitting(input, { inbox: this.o.inbox, places: this.o.places, staffName: this.o.staffName?.() ?? 'Bank officer', log: this.o.log });
    // The documents were read meanwhile: another start, a withdrawal or a cancellation may have come first.
    const next = transition(this.state, 'start');
    for (const d of sitting.documents) {
      const item = this.o.inbox.get(d.requestId);
      if (!item) throw new ContractError('not-found', 'That document is no longer in the queue.');
      if (item.status !== 'waiting') throw new ContractError('not-waiting', `That document is ${item.status}.`);
    }
    if (this.sitting) this.toIdle();
    for (const d of sitting.documents) this.o.inbox.markInSession(d.requestId);
    this.lastCancel = undefined;
    this.signed = undefined;
    this.notice = undefined;
    this.error = undefined;
    this.customerReleased = false;
    this.sitting = sitting;
    this.ink.clear(null);
    this.setState(next);
    this.o.log.info('session prepared', {
      sessionId: sitting.id,
      documents: sitting.documents.length,
      places: sitting.places.map((p) => `${p.kind} ${p.where}${p.view ? ` on page ${p.view.page} (${p.view.chosenBy})` : ''}`).join('; '),
    });
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

  sendToCustomer(): TellerSessionView {
    const s = this.requireSitting();
    const doc = currentDocument(s);
    if (doc) doc.reachedEnd = doc.pageCount === 1 && !doc.requireReadToEnd;
    this.enter(transition(this.state, 'send', entryState(s)));
    this.touch();
    return this.tellerView();
  }

  takeBack(): TellerSessionView {
    const s = this.requireSitting();
    const wasSigning = this.state === 'signing';
    const next = transition(this.state, 'takeBack');
    if (wasSigning) this.discardDeviceCapture();
    this.capture.drop();
    // Sent again, the document is read again, and a customer who has signed nothing yet consents again.
    const doc = currentDocument(s);
    if (doc && signedPlaces(s, s.documents.indexOf(doc)).length === 0) doc.read = false;
    for (const signer of s.signers) if (!s.places.some((p) => p.signerKey === signer.key && p.status === 'signed')) signer.consentAt = undefined;
    this.setState(next);
    this.ink.clear();
    this.stopInactivity();
    return this.tellerView();
  }

  async cancel(reason: string, by: 'teller' | 'customer' | 'timeout'): Promise<TellerSessionView> {
    const next = transition(this.state, 'cancel');
    if (this.state === 'done') {
      this.toIdle();
      return this.tellerView();
    }
    const s = this.requireSitting();
    this.o.log.info('session cancelled', { sessionId: s.id, by });
    this.lastCancel = { by, reason };
    const open = openDocuments(s).map((d) => d.requestId);
    this.wipe(reason, next);
    for (const id of open) await this.o.inbox.cancel(id, `${by}: ${reason}`).catch((err) => this.o.log.error('inbox cancel failed', { error: String(err) }));
    return this.tellerView();
  }

  /** Cancels the open document of a package; the others (signed or still to sign) are kept. */
  async cancelDocument(reason: string): Promise<TellerSessionView> {
    const s = this.requireSitting();
    const doc = currentDocument(s);
    transition(this.state, 'cancelDocument', 'signing');
    if (!doc || openDocuments(s).length === 1 && !s.documents.some((d) => d.status === 'signed')) return this.cancel(reason, 'teller');
    if (this.state === 'signing') this.discardDeviceCapture();
    this.capture.drop();
    doc.status = 'cancelled';
    doc.workingPdf = undefined;
    await this.o.inbox.cancel(doc.requestId, `teller: ${reason}`).catch((err) => this.o.log.error('inbox cancel failed', { error: String(err) }));
    this.o.log.info('document cancelled inside the sitting', { sessionId: s.id, requestId: doc.requestId });
    this.goOn('cancelDocument');
    return this.tellerView();
  }

  /** The teller skips the open place; only an optional one may be skipped. */
  async skipPlace(): Promise<TellerSessionView> {
    const s = this.requireSitting();
    const place = currentPlace(s);
    if (!place) throw new ContractError('bad-state', 'There is no open place to skip.');
    transition(this.state, 'skipPlace', 'signing');
    if (!place.optional) throw new ContractError('not-optional', 'This place is required; only an optional place can be skipped.');
    if (this.state === 'signing') this.discardDeviceCapture();
    this.capture.drop();
    place.status = 'skipped';
    await this.closeDocumentIfFinished(place.documentIndex);
    this.goOn('skipPlace');
    return this.tellerView();
  }

  /** The teller is done with this customer: the sealed copy is dropped from memory, both screens idle. */
  finish(): TellerSessionView {
    transition(this.state, 'finish');
    this.toIdle();
    return this.tellerView();
  }

  /** The sealed PDF, while the session that made it is still open on the teller's side. */
  signedPdf(): { pdf: Uint8Array; fileName: string } {
    if (this.state !== 'done' || !this.signed?.pdf) throw new ContractError('no-signed-document', 'There is no signed document open. Find it in the archive.');
    const safeTitle = this.signed.title.replace(/[^\p{L}\p{N} ()._-]+/gu, '').trim().slice(0, 80) || 'document';
    return { pdf: this.signed.pdf, fileName: `${safeTitle} (signed).pdf` };
  }

  // ── Customer ─────────────────────────────────────────────────────────────────────────────────

  customerViewChanged(view: CustomerView): CustomerView {
    const doc = this.sitting && currentDocument(this.sitting);
    if (!doc || !['reading', 'consent', 'signing'].includes(this.state)) return view;
    if (view.reachedEnd || view.page >= doc.pageCount) doc.reachedEnd = true;
    this.signatureBox = view.signatureBox;
    if (this.notice === 'read-to-end' && doc.reachedEnd) this.notice = undefined;
    this.touch();
    this.publishSession();
    return view;
  }

  readDone(): void {
    const s = this.requireState('reading');
    const doc = currentDocument(s)!;
    if (doc.requireReadToEnd && !doc.reachedEnd) {
      this.notice = 'read-to-end';
      this.publishSession();
      throw new ContractError('read-to-end', 'Please read the document to the last page first.');
    }
    doc.read = true;
    this.notice = undefined;
    this.enter(transition(this.state, 'readDone', entryState(s)));
    this.touch();
  }

  consent(language: Language): void {
    const s = this.requireState('consent');
    const signer = signerOf(s, currentPlace(s)!);
    signer.consentAt = this.now().toISOString();
    signer.language = language;
    this.enter(transition(this.state, 'consent'));
    this.touch();
  }

  setLanguage(language: Language): void {
    this.language = language;
    this.publishSession();
  }

  /**
   * Samples the customer's page captured itself. A WebHID pen says what its raw units mean (the
   * decoding profile's ranges and size), so the record can be read by an examiner like a USB one.
   */
  clientSamples(samples: PenSample[], source: 'pointer-events' | 'webhid', device?: string, deviceInfo?: Omit<PenDeviceInfo, 'source'>): void {
    if (!this.sitting || this.state !== 'signing') return;
    if (!this.capture.device) {
      this.capture.adopt(source, deviceInfo
        ? { ...deviceInfo, product: device ?? deviceInfo.product }
        : { profile: source, product: device, xRange: [0, 1], yRange: [0, 1], pressureRange: [0, 1] });
    }
    this.penSamples(samples, source);
  }

  clearInk(): void {
    this.requireState('signing');
    this.capture.drop();
    this.o.pen.clearCapture();
    this.ink.clear();
    this.publishSession();
    this.touch();
  }

  async confirmSignature(): Promise<void> {
    const s = this.requireState('signing');
    if (this.ink.pointCount < (this.o.minInkPoints ?? 8)) throw new ContractError('no-signature', 'Please sign in the box first.');
    this.ink.flush();
    this.setState(transition(this.state, 'confirm'));
    this.stopInactivity();
    const signedAt = this.now();
    const place = currentPlace(s)!;
    const doc = s.documents[place.documentIndex];
    const before = { pdf: doc.workingPdf, sha256: doc.workingSha256, status: doc.status };
    try {
      // A device keeps its own record (its ranges, clock and gaps); Pointer Events and WebHID
      // samples were collected here.
      const fromClient = this.capture.device !== undefined && isClientSource(this.capture.device.source);
      const deviceRecord = fromClient ? undefined : await this.o.pen.endCapture();
      await sealPlace(this.o, s, place, deviceRecord ?? this.capture.record(signedAt), signedAt);
      await this.closeDocumentIfFinished(place.documentIndex);
    } catch (err) {
      // Nothing is lost: the place stays open, the customer may try again or the teller cancels.
      Object.assign(doc, { workingPdf: before.pdf, workingSha256: before.sha256, status: before.status });
      place.status = 'waiting';
      this.o.log.error('sealing failed', { sessionId: s.id, error: err instanceof Error ? err.message : String(err) });
      this.error = err instanceof Error ? err.message : String(err);
      this.notice = 'sealing-failed';
      this.setState(transition(this.state, 'sealFailed'));
      throw new ContractError('sealing-failed', 'The signature could not be sealed. The teller has been told.');
    }
    // The biometric samples now live only inside the sealed, encrypted document.
    this.capture.drop();
    this.error = undefined;
    this.notice = undefined;
    this.o.log.info('place signed', { sessionId: s.id, place: place.number, of: s.places.length });
    this.goOn('sealed');
  }

  async simulateSignature(): Promise<void> {
    this.requireState('signing');
    await this.o.pen.simulateSignature();
  }

  close(): void {
    for (const u of this.unsubscribe) u();
    this.stopInactivity();
    this.clearDone();
    this.ink.close();
  }

  // ── Internals ────────────────────────────────────────────────────────────────────────────────

  /** A document with no place left is stored (when something was signed) or given back to the queue. */
  private async closeDocumentIfFinished(documentIndex: number): Promise<void> {
    const s = this.sitting!;
    const doc = s.documents[documentIndex];
    if (!['waiting', 'open'].includes(doc.status) || !documentFinished(s, documentIndex)) return;
    if (signedPlaces(s, documentIndex).length === 0) {
      doc.status = 'skipped';
      this.o.inbox.release(doc.requestId);
      return;
    }
    const stored = await storeDocument(this.o, s, doc, this.language, this.now());
    this.signed = { ...stored, title: doc.title };
    this.o.log.info('session signed', { sessionId: s.id, documentId: stored.id });
  }

  /** After a place is signed, skipped or its document cancelled: on to the next place, or done. */
  private goOn(event: Extract<SessionEvent, 'sealed' | 'skipPlace' | 'cancelDocument'>): void {
    const s = this.sitting!;
    moveToNextPlace(s);
    let next: EntryState = entryState(s);
    if (next === 'done' && !s.documents.some((d) => d.status === 'signed')) {
      // Nothing of the sitting was signed: it ends like a cancel.
      this.lastCancel = { by: 'teller', reason: 'every place was skipped or cancelled' };
      this.wipe('nothing signed', 'idle');
      return;
    }
    const doc = currentDocument(s);
    if (next === 'reading' && doc) doc.reachedEnd = doc.pageCount === 1 && !doc.requireReadToEnd;
    this.ink.clear();
    this.capture.drop();
    this.enter(transition(this.state, event, next));
    if (next === 'done') this.startDoneTimer(s);
    else if (this.state !== 'prepared') this.touch();
  }

  /** Enters a state; the pen's capture of a place begins when its signing does. */
  private enter(state: SessionState): void {
    this.setState(state);
    const doc = this.sitting && currentDocument(this.sitting);
    if (doc && doc.status === 'waiting' && state !== 'prepared') doc.status = 'open';
    if (state === 'signing') {
      this.o.pen.beginCapture().catch((err) => this.o.log.warn('pen capture did not start', { error: err instanceof Error ? err.message : String(err) }));
    }
  }

  private startDoneTimer(s: Sitting): void {
    // The customer's thank-you goes back to idle by itself; the teller finishes (or starts the next).
    this.clearDone();
    this.doneTimer = setTimeout(() => {
      this.doneTimer = undefined;
      if (this.sitting !== s) return;
      this.customerReleased = true;
      this.language = this.o.defaultLanguage ?? 'en';
      this.publishSession();
    }, this.o.doneScreenMs ?? 6000);
    this.doneTimer.unref?.();
  }

  private inboxChanged(items: { id: string; status: string }[]): void {
    const s = this.sitting;
    if (!s || this.state === 'done' || this.state === 'sealing') return;
    // A request withdrawn at its origin (API, print) while in the sitting, or removed from the inbox.
    const withdrawn = openDocuments(s).filter((d) => {
      const item = items.find((i) => i.id === d.requestId);
      return !item || item.status === 'cancelled';
    });
    if (withdrawn.length === 0) return;
    const current = currentDocument(s);
    for (const d of withdrawn) {
      d.status = 'cancelled';
      d.workingPdf = undefined;
    }
    if (openDocuments(s).length === 0 && !s.documents.some((d) => d.status === 'signed')) {
      this.lastCancel = { by: 'origin', reason: 'The request was withdrawn by the system that sent it.' };
      this.wipe('cancelled by its origin', 'idle');
      return;
    }
    if (current && withdrawn.includes(current)) {
      if (this.state === 'signing') this.discardDeviceCapture();
      this.goOn('cancelDocument');
    } else {
      this.publishSession();
    }
  }

  private penSamples(samples: PenSample[], source: PenDeviceInfo['source']): void {
    if (!this.sitting || this.state !== 'signing' || samples.length === 0) return;
    // One signature, one source: samples of another source during the same signature are refused.
    if (!this.capture.accepts(source)) return;
    this.capture.adopt(source);
    const client = isClientSource(source);
    const isPenDisplay = source === 'usb-hid' || source === 'webhid';
    for (const s of this.capture.add(samples, this.now())) {
      if (!s.tip) {
        this.ink.penUp();
        continue;
      }
      const point = client ? clientInkPoint(s) : mapSampleToBox(s, isPenDisplay ? this.signatureBox : undefined);
      this.ink.point(point);
      const outside = point.x < 0 || point.x > 1 || point.y < 0 || point.y > 1;
      if (outside !== (this.notice === 'pen-left-box')) {
        this.notice = outside ? 'pen-left-box' : undefined;
        this.publishSession();
      }
    }
    this.touch();
    this.ink.publish(client);
  }

  private penStatus(connected: boolean): void {
    if (!this.sitting || this.state !== 'signing') return;
    if (!connected) {
      this.capture.unplugged();
      this.ink.penUp();
      this.notice = 'pen-unplugged';
    } else if (this.notice === 'pen-unplugged') {
      this.notice = undefined;
    }
    this.publishSession();
  }

  private requireSitting(): Sitting {
    if (!this.sitting) throw new ContractError('no-session', 'There is no open signing.');
    return this.sitting;
  }

  private requireState(state: SessionState): Sitting {
    if (!this.sitting || this.state !== state) throw new ContractError('bad-state', `This step needs the session to be ${state}; it is ${this.state}.`);
    return this.sitting;
  }

  /** Ends the device's capture and throws its samples away (take back, cancel, skip). */
  private discardDeviceCapture(): void {
    this.o.pen.endCapture().catch(() => undefined);
  }

  private wipe(reason: string, next: SessionState): void {
    const s = this.sitting;
    if (s) {
      if (this.state === 'signing') this.discardDeviceCapture();
      this.capture.drop();
      for (const d of s.documents) d.workingPdf = undefined;
      this.o.log.info('session wiped', { sessionId: s.id, reasonLength: reason.length });
    }
    this.sitting = undefined;
    this.notice = undefined;
    this.language = this.o.defaultLanguage ?? 'en';
    this.stopInactivity();
    this.setState(next);
    this.ink.clear(s?.id);
  }

  private toIdle(): void {
    this.clearDone();
    // Only the reference goes: the same bytes may still be on their way into the vault.
    this.signed = undefined;
    if (this.sitting) this.language = this.o.defaultLanguage ?? 'en';
    this.sitting = undefined;
    this.notice = undefined;
    this.setState('idle');
  }

  private clearDone(): void {
    if (this.doneTimer) clearTimeout(this.doneTimer);
    this.doneTimer = undefined;
  }

  private setState(state: SessionState): void {
    this.state = state;
    this.publishSession();
  }

  private publishSession(): void {
    this.o.events.publish('session.changed', this.tellerView());
    this.o.events.publish('customer.sessionChanged', this.customerView());
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
