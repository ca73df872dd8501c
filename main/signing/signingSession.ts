import { ContractError, type CustomerView, type Language, type TellerSessionView } from '../../preload/common/contract';
import type { PenDeviceInfo, PenSample } from '../../native/pen/penSample';
import { closeDocumentIfFinished, sealAndClose } from './sealStep';
import { transition } from './sessionTransitions';
import { isClientSource } from './signatureCapture';
import type { BiometricRecord } from '../pen/biometricRecord';
import { currentDocument, currentPlace, describePlaces, isBankSeal, entryState, forgetUnsignedProgress, openDocuments, signerOf, type Sitting } from './sitting';
import { documentSignaturePlaces, planSitting, requireWaiting, type SittingRequest } from './sittingPlanner';
import { correctSigner, type SignerCorrection } from './sessionCorrections';
import { NoRoomToStoreError } from './signingPorts';
import { SessionCore } from './sessionCore';
import { everyPageSeen } from '../../preload/common/readingCoverage';
import { judgeSignature, noMinimums } from './signatureQuality';
import type { CustomerCalibration, CustomerDialog, SignatureRefusal } from '../../preload/common/customerScreenState';
import { stationText } from '../../preload/common/stationText';

/** The states in which the customer's screen shows the document (and a farewell may follow). */
const onCustomerScreen = (state: string) => ['reading', 'consent', 'signing', 'review'].includes(state);

export type { SigningSessionOptions } from './signingSessionOptions';

/**
 * The signing session: one sitting at the desk (one or more documents, each with places for named
 * signers in order) on the customer's screen, from "prepared" to "done". States move only by the
 * transition table (sessionTransitions.ts); both windows' views are pure functions of one view
 * state (sessionViews.ts). A cancel leaves nothing behind (samples and ink leave memory, the inbox
 * removes the request's data); documents of a package signed before it stay signed.
 */
export class SigningSession extends SessionCore {
  /** The customer may read only the document currently on their screen. */
  customerMayRead(documentId: string): boolean {
    const doc = this.sitting && currentDocument(this.sitting);
    return Boolean(doc && doc.requestId === documentId && this.state !== 'prepared' && this.state !== 'idle');
  }

  async start(input: SittingRequest): Promise<TellerSessionView> {
    // Refused before the customer signs in vain: no usable seal, or no room for one document.
    if (this.o.sealer.refusal) throw new ContractError('sealing-refused', `This station cannot seal documents: ${this.o.sealer.refusal}`, stationText('sealing-refused', { reason: this.o.sealer.refusal }));
    transition(this.state, 'start');
    const noRoom = this.o.roomToSign?.();
    if (noRoom) throw new ContractError('disk-full', noRoom, stationText('storage-full-start'));
    const sitting = await planSitting(input, { inbox: this.o.inbox, places: this.o.places, staffName: this.o.staffName?.() ?? 'Bank officer', log: this.o.log });
    // The documents were read meanwhile: another start, a withdrawal or a cancellation may have come first.
    const next = transition(this.state, 'start');
    for (const d of sitting.documents) requireWaiting(this.o.inbox, d.requestId);
    if (this.sitting) {
      // A prepared sitting replaced by another: its documents go back to the queue, not into limbo.
      for (const d of openDocuments(this.sitting)) if (!sitting.documents.some((x) => x.requestId === d.requestId)) this.o.inbox.release(d.requestId);
      this.toIdle();
    }
    for (const d of sitting.documents) this.o.inbox.markInSession(d.requestId);
    [this.lastCancel, this.signed, this.notice, this.error, this.customerReleased] = [undefined, undefined, undefined, undefined, false];
    [this.lastStop, this.lastCorrection] = [undefined, undefined];
    this.sitting = sitting;
    this.ink.clear(null);
    this.setState(next);
    this.o.log.info('session prepared', { sessionId: sitting.id, documents: sitting.documents.length, places: describePlaces(sitting) });
    return this.tellerView();
  }

  /** Where the signature of a document would go: its signature fields and the station's default. */
  signaturePlaces = (requestId: string) => documentSignaturePlaces(this.o, requestId);

  sendToCustomer(): TellerSessionView {
    const s = this.requireSitting();
    const doc = currentDocument(s);
    if (doc) doc.reachedEnd = doc.pageCount === 1 && !doc.requireReadToEnd;
    this.enter(transition(this.state, 'send', entryState(s)));
    this.timers.touch();
    return this.tellerView();
  }

  takeBack(): TellerSessionView {
    const s = this.requireSitting();
    const wasSigning = this.state === 'signing';
    const next = transition(this.state, 'takeBack');
    if (wasSigning) this.discardDeviceCapture();
    this.dropCapture();
    forgetUnsignedProgress(s);
    this.extras.sayFarewell('taken-back', this.language);
    this.setState(next);
    this.ink.clear();
    this.timers.stopInactivity();
    return this.tellerView();
  }

  /**
   * Stops this attempt and keeps the document: the wrong person at the pen, or the customer's
   * "Yes, stop". The ink and the biometric samples leave memory at once; the sitting goes back to
   * prepared, where the teller corrects the signer, sends it again, puts it back in the queue or
   * discards it. Places already sealed stay sealed.
   */
  stopAttempt(reason: string, by: 'teller' | 'customer'): TellerSessionView {
    const s = this.requireSitting();
    const wasSigning = this.state === 'signing';
    const next = transition(this.state, 'stopAttempt');
    if (wasSigning) this.discardDeviceCapture();
    this.dropCapture();
    this.o.pen.clearCapture();
    forgetUnsignedProgress(s);
    this.notice = undefined;
    // The customer's stop has one reason, the station's own; the teller's is the teller's choice.
    this.lastStop = { by, reason, at: this.now().toISOString(), ...(by === 'customer' ? { reasonCode: 'customer-stopped' as const } : {}) };
    // The customer who stopped knows why; one the teller stopped is told.
    if (by === 'teller') this.extras.sayFarewell('taken-back', this.language);
    this.o.log.info('attempt stopped', { sessionId: s.id, by });
    this.setState(next);
    this.ink.clear();
    this.timers.stopInactivity();
    return this.tellerView();
  }

  /** The teller corrects a customer's name or identification while the signing is prepared. */
  correctSigner(correction: SignerCorrection): TellerSessionView {
    const s = this.requireSitting();
    transition(this.state, 'correctSigner');
    const { changed } = correctSigner(s, correction);
    if (changed.length === 0) return this.tellerView();
    this.lastCorrection = { fields: changed, at: this.now().toISOString() };
    this.o.log.info('signer corrected', { sessionId: s.id, fields: changed.join(',') });
    this.publishSession();
    return this.tellerView();
  }

  /** The prepared signing goes back to the queue as it was: nothing was captured, nothing is deleted. */
  returnToQueue(): TellerSessionView {
    const s = this.requireSitting();
    transition(this.state, 'returnToQueue');
    for (const d of openDocuments(s)) this.o.inbox.release(d.requestId);
    this.o.log.info('signing returned to the queue', { sessionId: s.id });
    this.wipe('returned to the queue', 'idle');
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
    this.lastCancel = { by, reason, ...(by === 'timeout' ? { reasonCode: 'no-activity' as const } : {}) };
    // A customer who stopped knows why, one who walked away (the timeout) is not there to read it.
    if (by === 'teller' && onCustomerScreen(this.state)) this.extras.sayFarewell('cancelled', this.language);
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
    this.dropCapture();
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
    if (!place) throw new ContractError('bad-state', 'There is no open place to skip.', stationText('no-place-to-skip'));
    transition(this.state, 'skipPlace', 'signing');
    if (!place.optional) throw new ContractError('not-optional', 'This place is required; only an optional place can be skipped.', stationText('place-required'));
    if (this.state === 'signing') this.discardDeviceCapture();
    this.dropCapture();
    place.status = 'skipped';
    const stored = await closeDocumentIfFinished(this.o, s, place.documentIndex, this.language, this.now());
    if (stored) this.signed = stored;
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
    if (this.state !== 'done' || !this.signed?.pdf) throw new ContractError('no-signed-document', 'There is no signed document open. Find it in the archive.', stationText('no-signed-document'));
    const safeTitle = this.signed.title.replace(/[^\p{L}\p{N} ()._-]+/gu, '').trim().slice(0, 80) || 'document';
    return { pdf: this.signed.pdf, fileName: `${safeTitle} (signed).pdf` };
  }

  customerViewChanged(view: CustomerView): CustomerView {
    const doc = this.sitting && currentDocument(this.sitting);
    if (!doc || !['reading', 'consent', 'signing'].includes(this.state)) return view;
    if (everyPageSeen(view.pagesSeen, doc.pageCount)) doc.reachedEnd = true;
    this.signatureBox = view.signatureBox;
    this.customerScreen = view.screen ?? this.customerScreen;
    if (this.notice === 'read-to-end' && doc.reachedEnd) this.notice = undefined;
    this.timers.touch();
    this.publishSession();
    return view;
  }

  readDone(): void {
    const s = this.requireState('reading');
    const doc = currentDocument(s)!;
    if (doc.requireReadToEnd && !doc.reachedEnd) {
      this.notice = 'read-to-end';
      this.publishSession();
      throw new ContractError('read-to-end', 'Please read the document to the last page first.', stationText('read-to-end'));
    }
    doc.read = true;
    this.notice = undefined;
    this.enter(transition(this.state, 'readDone', entryState(s)));
    this.timers.touch();
  }

  consent(language: Language): void {
    const s = this.requireState('consent');
    const signer = signerOf(s, currentPlace(s)!);
    signer.consentAt = this.now().toISOString();
    signer.language = language;
    this.enter(transition(this.state, 'consent'));
    this.timers.touch();
  }

  setLanguage(language: Language): void {
    this.language = language;
    this.publishSession();
  }

  /** Samples the customer's page captured itself (Pointer Events, WebHID), with what the page knows of the pen. */
  clientSamples(samples: PenSample[], source: 'pointer-events' | 'webhid', device?: string, deviceInfo?: Omit<PenDeviceInfo, 'source'>): void {
    this.intake.client(samples, source, device, deviceInfo);
  }

  clearInk(): void {
    this.requireState('signing');
    this.dropCapture();
    this.o.pen.clearCapture();
    this.ink.clear();
    this.publishSession();
    this.timers.touch();
  }

  /**
   * The customer's "Done": a signature below the desk's minimums is refused (the ink cleared, the
   * customer and the teller told why); with the review on, the customer then sees it in its place
   * and confirms it or signs again, else it is sealed at once.
   */
  async confirmSignature(): Promise<void> {
    const s = this.requireState('signing');
    if (isBankSeal(s)) throw new ContractError('bank-seal', "This place takes the bank's seal: the teller applies it, nobody draws.", stationText('bank-seal-place'));
    if (this.o.pen.replaying?.()) throw new ContractError('still-writing', 'The simulated pen is still writing the signature. Wait until it has finished.', stationText('pen-still-writing'));
    const refusal = this.ink.pointCount < (this.o.minInkPoints ?? 8) ? 'empty' : judgeSignature(this.ink.all(), this.boxAspect(), this.o.signatureMinimums ?? noMinimums);
    if (refusal) this.refuseSignature(refusal);
    this.ink.flush();
    // A device's record ends with "Done": what the pen does while the customer looks is not part
    // of it. Nothing is awaited before the state moves on, so a second "Done" is refused.
    const fromClient = this.capture.device !== undefined && isClientSource(this.capture.device.source);
    if (!fromClient && !this.heldRecord) {
      this.heldRecord = this.o.pen.endCapture();
      // Awaited when sealing; a failure there is the sealing's.
      this.heldRecord.catch(() => undefined);
    }
    if (this.o.reviewSignature) {
      this.setState(transition(this.state, 'done'));
      this.timers.touch();
      return;
    }
    await this.sealHeldSignature(s);
  }

  /** The customer confirms the signature shown in its place on the page: it is sealed. */
  async acceptSignature(): Promise<void> {
    await this.sealHeldSignature(this.requireState('review'));
  }

  /** The customer wants to sign again: an empty box, a new capture. */
  signAgain(): void {
    this.requireState('review');
    this.dropCapture();
    this.o.pen.clearCapture();
    this.ink.clear();
    this.enter(transition(this.state, 'signAgain'));
    this.timers.touch();
  }

  /** Opens or closes a question on the customer's screen (both windows show it). */
  setDialog(dialog: CustomerDialog | null): void {
    if (!onCustomerScreen(this.state)) throw new ContractError('bad-state', 'There is no step on the customer screen to ask about.', stationText('no-customer-step'));
    this.extras.dialog = dialog ?? undefined;
    this.timers.touch();
    this.publishSession();
  }

  /** The teller's pen calibration, shown on the welcome screen; the customer's page reports its progress and its end. */
  calibration(open: boolean, progress: CustomerCalibration = { step: 0, finished: false }): void {
    this.extras.calibration = open && this.customerView().state === 'idle' ? progress : undefined;
    this.publishSession();
  }

  private refuseSignature(refusal: SignatureRefusal): never {
    this.dropCapture();
    this.o.pen.clearCapture();
    this.ink.clear();
    this.extras.refusal = refusal;
    this.o.log.info('signature refused', { sessionId: this.sitting?.id, refusal });
    this.publishSession();
    this.timers.touch();
    if (refusal === 'empty') throw new ContractError('no-signature', 'Please sign in the box first.', stationText('no-signature'));
    throw new ContractError('signature-refused', `The signature was ${refusal.replace('-', ' ')} to be taken; the customer is asked to sign again.`, stationText('signature-refused', { refusal }));
  }

  /** Width over height of the box the ink was drawn in: its size on the screen, else the place's. */
  private boxAspect(): number {
    const [box, screen] = [this.signatureBox, this.customerScreen];
    if (box && screen) return (box.width * screen.width) / (box.height * screen.height);
    const rect = this.sitting && currentPlace(this.sitting)?.view?.rect;
    return rect ? Math.abs(rect[2] - rect[0]) / Math.abs(rect[3] - rect[1]) : 3;
  }

  private async sealHeldSignature(s: Sitting): Promise<void> {
    // A device keeps its own record (its ranges, clock and gaps); Pointer Events and WebHID
    // samples were collected here.
    await this.sealOpenPlace(s, async (signedAt) => (await this.heldRecord) ?? this.capture.record(signedAt));
  }

  /** The teller applies the bank's seal to a staff place marked 'seal': no pen, no biometric record. */
  async applyBankSeal(): Promise<void> {
    const s = this.requireState('signing');
    if (!isBankSeal(s)) throw new ContractError('not-bank-seal', 'This place is signed with the pen, not with the bank seal.', stationText('not-bank-seal'));
    await this.sealOpenPlace(s, async () => undefined);
  }

  /** seal → store → on: the open place sealed with what `record` gives (nothing for the bank's seal). */
  private async sealOpenPlace(s: Sitting, record: (signedAt: Date) => Promise<BiometricRecord | undefined>): Promise<void> {
    this.setState(transition(this.state, 'confirm'));
    this.timers.stopInactivity();
    const signedAt = this.now();
    const place = currentPlace(s)!;
    try {
      const stored = await sealAndClose(this.o, s, place, await record(signedAt), signedAt, this.language);
      if (stored) this.signed = stored;
    } catch (err) {
      this.o.log.error('sealing failed', { sessionId: s.id, error: err instanceof Error ? err.message : String(err) });
      this.error = err instanceof Error ? err.message : String(err);
      // A full disk: the ink stays, the customer is told gently to wait, Done again completes it.
      const noRoom = err instanceof NoRoomToStoreError;
      this.notice = noRoom ? 'disk-full' : 'sealing-failed';
      this.setState(transition(this.state, 'sealFailed'));
      if (noRoom) throw new ContractError('disk-full', 'Saving has to wait a moment. Please wait for your adviser.', stationText('saving-waits'));
      throw new ContractError('sealing-failed', 'The signature could not be sealed. The teller has been told.', stationText('sealing-failed'));
    }
    // The biometric samples now live only inside the sealed, encrypted document.
    this.dropCapture();
    this.error = undefined;
    this.notice = undefined;
    this.o.log.info('place signed', { sessionId: s.id, place: place.number, of: s.places.length });
    this.goOn('sealed');
  }

  async simulateSignature(): Promise<void> {
    this.requireState('signing');
    if (this.o.pen.replaying?.()) throw new ContractError('still-writing', 'The simulated pen is still writing the signature.', stationText('pen-still-writing'));
    // A second replay starts on an empty box, not on top of the first signature.
    if (this.ink.pointCount > 0) this.clearInk();
    await this.o.pen.simulateSignature();
  }
}
