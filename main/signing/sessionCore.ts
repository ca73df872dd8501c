import type { CustomerSessionView, CustomerView, Language, SessionState, TellerSessionView } from '../../preload/common/contract';
import type { InkPoint } from '../../native/pen/penSample';
import { InkStream } from './inkStream';
import { SessionTimers } from './sessionTimers';
import { transition, type EntryState, type SessionEvent } from './sessionTransitions';
import { customerView, tellerView, type SessionViewState } from './sessionViews';
import { SignatureCapture } from './signatureCapture';
import { currentDocument, entryState, isBankSeal, markWithdrawn, moveToNextPlace, openDocuments, type Sitting } from './sitting';
import { PenIntake } from './penIntake';
import { CustomerScreenExtras } from './customerScreenExtras';
import type { BiometricRecord } from '../pen/biometricRecord';
import { ContractError } from '../../preload/common/contract';
import type { SigningSessionOptions } from './signingSessionOptions';
import { stationText } from '../../preload/common/stationText';

/**
 * What a signing session holds and how it moves: its state and sitting, the capture and the ink,
 * the timers, the two views published on every change, and the moves every step shares (enter a
 * state, go on to the next place, wipe). The steps the windows ask for are in signingSession.ts.
 */
export abstract class SessionCore {
  protected state: SessionState = 'idle';
  protected sitting: Sitting | undefined;
  protected language: Language;
  protected notice: CustomerSessionView['notice'];
  protected error: string | undefined;
  protected customerReleased = false;
  protected lastCancel: TellerSessionView['lastCancel'];
  protected lastStop: TellerSessionView['lastStop'];
  protected lastCorrection: TellerSessionView['lastCorrection'];
  protected signed: { id: string; sha256: string; pdf?: Uint8Array; title: string } | undefined;
  protected signatureBox: CustomerView['signatureBox'];
  protected customerScreen: CustomerView['screen'];
  protected readonly capture = new SignatureCapture();
  /** A device's record, ended when "Done" took the signature for review: nothing drawn after it enters it. */
  protected heldRecord: Promise<BiometricRecord | undefined> | undefined;
  protected readonly extras: CustomerScreenExtras;
  protected readonly ink: InkStream;
  protected readonly intake: PenIntake;
  protected readonly timers: SessionTimers;
  protected readonly unsubscribe: (() => void)[] = [];
  protected readonly now: () => Date;

  constructor(protected readonly o: SigningSessionOptions) {
    this.now = o.now ?? (() => new Date());
    this.language = o.defaultLanguage ?? 'en';
    this.ink = new InkStream(o.events, () => this.sitting?.id);
    this.extras = new CustomerScreenExtras({ farewellMs: o.farewellMs ?? 4000, changed: () => this.publishSession() });
    this.timers = new SessionTimers({
      inactivityMs: o.inactivityTimeoutMs ?? 10 * 60_000,
      doneScreenMs: o.doneScreenMs ?? 6000,
      onInactive: () => void this.cancel('no activity on the customer screen', 'timeout').catch(() => undefined),
    });
    this.intake = new PenIntake({
      capture: this.capture,
      ink: this.ink,
      now: this.now,
      signing: () => Boolean(this.sitting) && this.state === 'signing' && !isBankSeal(this.sitting!),
      boxOnScreen: () => ({ box: this.signatureBox, screen: this.customerScreen }),
      notice: () => this.notice,
      setNotice: (notice) => {
        this.notice = notice;
        this.publishSession();
      },
      touch: () => this.timers.touch(),
      drawing: () => this.extras.clearRefusal(),
    });
    this.unsubscribe.push(o.pen.onSamples((s, source, device) => this.intake.samples(s, source, device)));
    this.unsubscribe.push(o.pen.onStatus((status) => this.intake.status(status.connected)));
    this.unsubscribe.push(o.inbox.onChange((items) => this.inboxChanged(items)));
  }

  protected viewState(): SessionViewState {
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
      screen: { dialog: this.extras.dialog, calibration: this.extras.calibration, signatureRefusal: this.extras.refusal, farewell: this.extras.farewell, farewellLanguage: this.extras.farewellLanguage },
    };
  }

  tellerView(): TellerSessionView {
    // The corrections' facts are the teller's alone (the customer's view never has them).
    const open = Boolean(this.sitting);
    return { ...tellerView(this.viewState()), lastStop: open ? this.lastStop : undefined, lastCorrection: open ? this.lastCorrection : undefined };
  }

  customerView(): CustomerSessionView {
    return customerView(this.viewState());
  }

  /** The ink drawn so far, for a window that connects mid-signature. */
  currentInk(): { sessionId: string; strokes: InkPoint[][] } {
    return { sessionId: this.sitting?.id ?? 'none', strokes: this.sitting ? this.ink.all() : [] };
  }

  close(): void {
    for (const u of this.unsubscribe) u();
    this.timers.close();
    this.extras.close();
    this.ink.close();
  }

  /** After a place is signed, skipped or its document cancelled: on to the next place, or done. */
  protected goOn(event: Extract<SessionEvent, 'sealed' | 'skipPlace' | 'cancelDocument'>): void {
    const s = this.sitting!;
    moveToNextPlace(s);
    let next: EntryState = entryState(s);
    if (next === 'done' && !s.documents.some((d) => d.status === 'signed')) {
      // Nothing of the sitting was signed: it ends like a cancel.
      this.lastCancel = { by: 'teller', reason: 'every place was skipped or cancelled', reasonCode: 'nothing-signed' };
      this.wipe('nothing signed', 'idle');
      return;
    }
    const doc = currentDocument(s);
    if (next === 'reading' && doc) doc.reachedEnd = doc.pageCount === 1 && !doc.requireReadToEnd;
    this.ink.clear();
    this.dropCapture();
    this.enter(transition(this.state, event, next));
    if (next === 'done') {
      // The customer's thank-you goes back to idle by itself; the teller finishes (or starts the next).
      this.timers.startDone(() => {
        if (this.sitting !== s) return;
        this.customerReleased = true;
        this.language = this.o.defaultLanguage ?? 'en';
        this.publishSession();
      });
    }
    else if (this.state !== 'prepared') this.timers.touch();
  }

  /** Enters a state; the pen's capture of a place begins when its signing does. */
  protected enter(state: SessionState): void {
    this.setState(state);
    const doc = this.sitting && currentDocument(this.sitting);
    if (doc && doc.status === 'waiting' && state !== 'prepared') doc.status = 'open';
    // Nobody draws for the bank's seal: the pen is not asked to capture.
    if (state === 'signing' && !isBankSeal(this.sitting!)) {
      this.o.pen.beginCapture().catch((err) => this.o.log.warn('pen capture did not start', { error: err instanceof Error ? err.message : String(err) }));
    }
  }

  protected inboxChanged(items: { id: string; status: string }[]): void {
    const s = this.sitting;
    if (!s || this.state === 'done' || this.state === 'sealing') return;
    const current = currentDocument(s);
    const withdrawn = markWithdrawn(s, items);
    if (withdrawn.length === 0) return;
    if (openDocuments(s).length === 0 && !s.documents.some((d) => d.status === 'signed')) {
      this.lastCancel = { by: 'origin', reason: 'The request was withdrawn by the system that sent it.', reasonCode: 'withdrawn' };
      this.extras.sayFarewell('cancelled', this.language);
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

  protected requireSitting(): Sitting {
    if (!this.sitting) throw new ContractError('no-session', 'There is no open signing.', stationText('no-session'));
    return this.sitting;
  }

  protected requireState(state: SessionState): Sitting {
    if (!this.sitting || this.state !== state) throw new ContractError('bad-state', `This step needs the session to be ${state}; it is ${this.state}.`, stationText('wrong-step'));
    return this.sitting;
  }

  /** Ends the device's capture and throws its samples away (take back, cancel, skip). */
  protected discardDeviceCapture(): void {
    this.o.pen.endCapture().catch(() => undefined);
  }

  protected wipe(reason: string, next: SessionState): void {
    const s = this.sitting;
    if (s) {
      if (this.state === 'signing') this.discardDeviceCapture();
      this.dropCapture();
      for (const d of s.documents) d.workingPdf = undefined;
      this.o.log.info('session wiped', { sessionId: s.id, reasonLength: reason.length });
    }
    this.sitting = undefined;
    this.notice = undefined;
    this.language = this.o.defaultLanguage ?? 'en';
    this.timers.stopInactivity();
    this.setState(next);
    this.ink.clear(s?.id);
  }

  protected toIdle(): void {
    this.timers.clearDone();
    // Only the reference goes: the same bytes may still be on their way into the vault.
    this.signed = undefined;
    if (this.sitting) this.language = this.o.defaultLanguage ?? 'en';
    this.sitting = undefined;
    this.notice = undefined;
    this.setState('idle');
  }

  /** The samples of the open place leave memory (the device's held record too). */
  protected dropCapture(): void {
    this.capture.drop();
    this.heldRecord = undefined;
  }

  protected setState(state: SessionState): void {
    if (state !== this.state) this.extras.newStep(state !== 'idle' && state !== 'prepared');
    this.state = state;
    this.publishSession();
  }

  protected publishSession(): void {
    this.o.events.publish('session.changed', this.tellerView());
    this.o.events.publish('customer.sessionChanged', this.customerView());
  }

  /** Cancels the sitting (the inactivity clock calls it). */
  abstract cancel(reason: string, by: 'teller' | 'customer' | 'timeout'): Promise<TellerSessionView>;
}
