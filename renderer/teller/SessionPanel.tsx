import { useEffect, useState } from 'react';
import { languages, type CustomerView, type Language, type StationStatus, type TellerSessionView } from '../../preload/common/contract';
import { customerMessages } from '../i18n/customerMessages';
import type { StationApi } from '../../preload/common/stationApi';
import { CustomerScreen } from '../components/CustomerScreen';
import { CorrectSignerForm } from './CorrectSignerForm';
import { MirrorFrame } from './MirrorFrame';
import { PlanProgressList } from './PlanProgressList';
import { ReasonForm } from './ReasonForm';
import { bankSealOpen, describePlace, describeState, signedPage } from './sessionDescription';
import { SignedDocumentDialog } from './SignedDocumentDialog';
import { format, useTellerText } from './tellerText';

type Correction = 'stop' | 'discard' | 'correct';

/**
 * The open signing: its state, the teller's controls (send, take back, stop an attempt and keep
 * the document, correct the signer, put it back in the queue, discard it with a reason, finish;
 * after signing show, save or print the sealed copy) and a live mirror of the customer's screen.
 */
export function SessionPanel(props: { api: StationApi; session: TellerSessionView; status?: StationStatus; mirrorView?: CustomerView; act: (fn: () => Promise<unknown>) => Promise<void> }) {
  const { api, session, act } = props;
  const t = useTellerText();
  // Which correction form is open; each opening mounts a new form (its own empty state).
  const [correction, setCorrection] = useState<{ kind?: Correction; opening: number }>({ opening: 0 });
  const [showSigned, setShowSigned] = useState<'show' | 'print'>();
  const open = ['reading', 'consent', 'signing', 'review'].includes(session.state);
  const prepared = session.state === 'prepared';
  const mirror = { ...session, state: session.customerState ?? (prepared ? ('idle' as const) : session.state) };
  const openForm = (kind: Correction) => setCorrection((c) => ({ kind, opening: c.opening + 1 }));
  const closeForm = () => setCorrection((c) => ({ opening: c.opening }));
  const shownKind = correction.kind;

  // A form belongs to the state it was opened in: a document that moved on (the customer stopped,
  // the next customer) closes it rather than leaving a stale question on screen.
  const formAllowed = shownKind === 'correct' ? prepared : shownKind === 'stop' ? open : open || prepared;
  useEffect(() => {
    if (shownKind && !formAllowed) closeForm();
  }, [shownKind, formAllowed]);
  useEffect(() => closeForm(), [session.requestId]);

  const run = (call: () => Promise<unknown>) => act(async () => {
    await call();
    closeForm();
  });
  // Before the customer has seen anything "changed their mind" cannot be the reason.
  const customerHasSeen = !prepared || Boolean(session.lastStop);

  return (
    <section className="session" aria-labelledby="session-title">
      <h2 id="session-title">{session.document ? format(t.signingTitle, { title: session.document.title }) : t.signing}</h2>
      {session.document && (
        <dl className="session-facts">
          <div><dt>{t.signer}</dt><dd data-testid="session-signer">{session.signerName}</dd></div>
          {session.identification && (
            <div><dt>{t.id}</dt><dd data-testid="session-id">{format(t.idChecked, { type: t.idTypes[session.identification.idType], digits: session.identification.lastDigits, name: session.identification.checkedBy })}</dd></div>
          )}
          {session.signaturePlace && <div><dt>{t.signature}</dt><dd data-testid="signature-place">{describePlace(session.signaturePlace, t)}</dd></div>}
          <div><dt>{t.pages}</dt><dd>{session.document.pageCount}</dd></div>
        </dl>
      )}
      <p className="session-state" data-state={session.state} aria-live="polite">{describeState(session, props.mirrorView, t)}</p>
      {session.lastStop && prepared && (
        <div className="notice stopped-notice" role="status" data-testid="attempt-stopped">
          <strong>{t.attemptStoppedReady}</strong>{' '}
          {format(t.lastStop, { by: t.stoppedBy[session.lastStop.by], reason: session.lastStop.reasonCode ? t.reasonCodes[session.lastStop.reasonCode] : session.lastStop.reason })} {t.afterStop}
        </div>
      )}
      {session.lastCorrection && session.lastCorrection.fields.length > 0 && (
        <p className="notice" role="status" data-testid="signer-corrected">
          {format(t.corrected, { fields: session.lastCorrection.fields.map((f) => t.correctedFields[f]).join(', ') })}
        </p>
      )}
      <PlanProgressList api={api} session={session} act={act} />
      {session.lastCancel && session.state === 'idle' && (
        <p className="notice" role="status">{format(t.lastDiscard, { by: t.discardedBy[session.lastCancel.by], reason: session.lastCancel.reasonCode ? t.reasonCodes[session.lastCancel.reasonCode] : session.lastCancel.reason })}</p>
      )}
      {/* The technical cause is for support (in the logs, and here on hover); the teller reads what to do. */}
      {session.error && <p className="notice" role="alert" title={session.error}>{session.notice === 'disk-full' ? t.sealingDiskFull : t.sealingFailed}</p>}
      {session.signedDocument && <p className="muted small">{format(t.signedHash, { hash: session.signedDocument.sha256.slice(0, 16) })}</p>}

      <div className="session-controls" role="group" aria-label={t.controls}>
        <div className="field inline-field">
          <label htmlFor="customer-language">{t.customerLanguage}</label>
          <select id="customer-language" value={session.language} onChange={(e) => act(() => api.call('customer.setLanguage', { language: e.target.value as Language }))}>
            {languages.map((l) => <option key={l} value={l}>{customerMessages[l].languageName}</option>)}
          </select>
        </div>
        {prepared && <button className="primary" onClick={() => act(() => api.call('session.sendToCustomer', {}))}>{t.send}</button>}
        {open && <button onClick={() => act(() => api.call('session.takeBack', {}))}>{t.takeBack}</button>}
        {session.state === 'signing' && props.status?.pen.source === 'simulated' && !bankSealOpen(session) && (
          <button onClick={() => act(() => api.call('pen.simulateSignature', {}))}>{t.simulate}</button>
        )}
        {session.state === 'done' && (
          <>
            <button onClick={() => setShowSigned('show')}>{t.showSigned}</button>
            <button onClick={() => setShowSigned('print')}>{t.printCopy}</button>
            <button className="primary" onClick={() => act(() => api.call('session.finish', {}))}>{t.finish}</button>
          </>
        )}
      </div>
      {(open || prepared) && (
        <div className="session-controls correction-controls" role="group" aria-label={t.correctTitle}>
          {open && <button onClick={() => openForm('stop')} aria-expanded={shownKind === 'stop'}>{t.stopAttempt}</button>}
          {prepared && <button onClick={() => openForm('correct')} aria-expanded={shownKind === 'correct'}>{t.correct}</button>}
          {prepared && <button onClick={() => act(() => api.call('session.returnToQueue', {}))}>{t.backToQueue}</button>}
          <button className="danger" onClick={() => openForm('discard')} aria-expanded={shownKind === 'discard'}>{t.discard}</button>
        </div>
      )}
      {shownKind === 'stop' && formAllowed && (
        <ReasonForm
          key={`stop-${correction.opening}`} id="stop" title={t.stopTitle} hint={t.stopHint} reasons={t.stopReasons}
          keepLabel={t.keepSigning} confirmLabel={t.stopNow} onClose={closeForm}
          onConfirm={(reason) => run(() => api.call('session.stopAttempt', { reason }))}
        />
      )}
      {shownKind === 'discard' && formAllowed && (
        <ReasonForm
          key={`discard-${correction.opening}`} id="discard" title={t.discardTitle} hint={t.discardHint} danger
          reasons={customerHasSeen ? t.discardReasonsShown : t.discardReasonsNotShown}
          keepLabel={t.keepDocument} confirmLabel={t.discardNow} onClose={closeForm}
          onConfirm={(reason) => run(() => api.call('session.cancel', { reason }))}
        />
      )}
      {shownKind === 'correct' && formAllowed && (
        <CorrectSignerForm
          key={`correct-${correction.opening}`} session={session} onClose={closeForm}
          onSave={(c) => run(() => (c.name || c.identification ? api.call('session.correctSigner', c) : Promise.resolve()))}
        />
      )}

      <figure className="mirror" aria-label={t.mirrorLabel}>
        <figcaption>{t.mirrorLive}{session.signaturePage && mirror.state !== 'idle' ? format(t.mirrorPage, { page: session.signaturePage }) : ''}</figcaption>
        <MirrorFrame screen={props.mirrorView?.screen}>
          <CustomerScreen api={api} view={mirror} interactive={false} follow={props.mirrorView} />
        </MirrorFrame>
      </figure>
      {showSigned && <SignedDocumentDialog api={api} printOnOpen={showSigned === 'print'} page={signedPage(session)} onClose={() => setShowSigned(undefined)} />}
    </section>
  );
}
