import { useEffect, useRef, useState } from 'react';
import { languages, type CustomerView, type Language, type StationStatus, type TellerSessionView } from '../../preload/common/contract';
import { customerMessages } from '../i18n/customerMessages';
import type { StationApi } from '../../preload/common/stationApi';
import { CustomerScreen } from '../components/CustomerScreen';
import { PlanProgressList } from './PlanProgressList';
import { SignedDocumentDialog } from './SignedDocumentDialog';

const idTypeNames: Record<NonNullable<TellerSessionView['identification']>['idType'], string> = {
  passport: 'Passport',
  'national-id': 'National ID card',
  'driving-licence': 'Driving licence',
  other: 'Other ID',
};
const cancelReasons = ['The customer changed their mind', 'Wrong document', 'Wrong signer', 'The customer left', 'Technical problem'];
const cancelledBy: Record<NonNullable<TellerSessionView['lastCancel']>['by'], string> = {
  teller: 'at the desk',
  customer: 'by the customer',
  timeout: 'after no activity on the customer screen',
  origin: 'by the system that sent it',
};

/** Where the signature goes, in the teller's words. */
function describePlace(place: NonNullable<TellerSessionView['signaturePlace']>): string {
  const where = place.kind === 'field' ? `field “${place.field}” on page ${place.page}` : `${place.chosenBy === 'teller' ? 'the box drawn' : 'a blank spot'} on page ${place.page}`;
  return place.chosenBy === 'teller' ? where : `${where} (station's choice)`;
}

/** What is happening, in the teller's words. */
function describe(session: TellerSessionView, mirror?: CustomerView): string {
  switch (session.state) {
    case 'idle': return 'No signing open. Choose a document from the queue.';
    case 'prepared': return 'Prepared — not yet on the customer screen.';
    case 'reading': return `The customer is reading${mirror ? ` (page ${mirror.page} of ${session.document?.pageCount ?? '?'})` : ''}${session.requireReadToEnd ? (session.reachedEnd ? ' — reached the end' : ' — must reach the last page') : ''}.`;
    case 'consent': return 'The customer is reading the privacy notice.';
    case 'signing': if (bankSealOpen(session)) return "The bank's seal goes here: press “Apply bank seal”.";
      if (session.signatureRefusal && session.signatureRefusal !== 'empty') return `The signature was refused (${session.signatureRefusal.replace('-', ' ')}); the customer is asked to sign again.`;
      return session.inkPointCount > 0 ? 'The customer is signing.' : 'Waiting for the customer to sign.';
    case 'review': return 'The customer is checking the signature on the page (confirm or sign again).';
    case 'sealing': return 'Sealing the signed document…';
    case 'done': return session.customerState === 'idle' ? 'Signed and sealed. The customer screen is back to idle.' : 'Signed and sealed.';
    default: return session.state;
  }
}

/** The open place is a staff place for the bank's seal: the teller applies it, nobody draws. */
const bankSealOpen = (session: TellerSessionView) => Boolean(session.plan?.documents.some((d) => d.places.some((p) => p.status === 'current' && p.mark === 'seal')));

/**
 * The open signing: its state, the teller's controls (send, take back, cancel with a reason,
 * finish; after signing show or print the sealed copy) and a live mirror of the customer's screen.
 */
export function SessionPanel(props: { api: StationApi; session: TellerSessionView; status?: StationStatus; mirrorView?: CustomerView; act: (fn: () => Promise<unknown>) => Promise<void> }) {
  const { api, session, act } = props;
  const [cancelling, setCancelling] = useState(false);
  const [reason, setReason] = useState(cancelReasons[0]);
  const [otherReason, setOtherReason] = useState('');
  const [showSigned, setShowSigned] = useState<'show' | 'print'>();
  const open = ['reading', 'consent', 'signing', 'review'].includes(session.state);
  const mirror = { ...session, state: session.customerState ?? (session.state === 'prepared' ? ('idle' as const) : session.state) };

  const cancel = (e: React.FormEvent) => {
    e.preventDefault();
    act(async () => {
      await api.call('session.cancel', { reason: reason === 'Other' ? otherReason : reason });
      setCancelling(false);
    });
  };

  return (
    <section className="session" aria-labelledby="session-title">
      <h2 id="session-title">{session.document ? `Signing: ${session.document.title}` : 'Signing'}</h2>
      {session.document && (
        <dl className="session-facts">
          <div><dt>Signer</dt><dd>{session.signerName}</dd></div>
          {session.identification && <div><dt>ID</dt><dd>{idTypeNames[session.identification.idType]} …{session.identification.lastDigits}, checked by {session.identification.checkedBy}</dd></div>}
          {session.signaturePlace && <div><dt>Signature</dt><dd data-testid="signature-place">{describePlace(session.signaturePlace)}</dd></div>}
          <div><dt>Pages</dt><dd>{session.document.pageCount}</dd></div>
        </dl>
      )}
      <p className="session-state" data-state={session.state} aria-live="polite">{describe(session, props.mirrorView)}</p>
      <PlanProgressList api={api} session={session} act={act} />
      {session.lastCancel && session.state === 'idle' && (
        <p className="notice" role="status">Last signing cancelled {cancelledBy[session.lastCancel.by]}: {session.lastCancel.reason}. Its data were removed.</p>
      )}
      {session.error && <p className="notice" role="alert">Sealing problem: {session.error}</p>}
      {session.signedDocument && <p className="muted small">SHA-256 <code>{session.signedDocument.sha256.slice(0, 16)}…</code></p>}

      <div className="session-controls" role="group" aria-label="Signing controls">
        <div className="field inline-field">
          <label htmlFor="customer-language">Customer's language</label>
          <select id="customer-language" value={session.language} onChange={(e) => act(() => api.call('customer.setLanguage', { language: e.target.value as Language }))}>
            {languages.map((l) => <option key={l} value={l}>{customerMessages[l].languageName}</option>)}
          </select>
        </div>
        {session.state === 'prepared' && <button className="primary" onClick={() => act(() => api.call('session.sendToCustomer', {}))}>Send to customer</button>}
        {open && <button onClick={() => act(() => api.call('session.takeBack', {}))}>Take back</button>}
        {session.state === 'signing' && props.status?.pen.source === 'simulated' && !bankSealOpen(session) && (
          <button onClick={() => act(() => api.call('pen.simulateSignature', {}))}>Sign with simulated pen</button>
        )}
        {session.state === 'done' && (
          <>
            <button onClick={() => setShowSigned('show')}>Show signed PDF</button>
            <button onClick={() => setShowSigned('print')}>Print customer copy</button>
            <button className="primary" onClick={() => act(() => api.call('session.finish', {}))}>Finish</button>
          </>
        )}
        {(open || session.state === 'prepared') && !cancelling && (
          <button className="danger" onClick={() => setCancelling(true)}>Cancel signing…</button>
        )}
      </div>
      {cancelling && (open || session.state === 'prepared') && (
        <form className="cancel-form" onSubmit={cancel} onKeyDown={(e) => e.key === 'Escape' && setCancelling(false)} aria-labelledby="cancel-title">
          <h3 id="cancel-title">Cancel this signing</h3>
          <p className="small">The request and everything captured so far are removed; the customer screen returns to idle.</p>
          <div className="field">
            <label htmlFor="cancel-reason">Reason</label>
            <select id="cancel-reason" value={reason} onChange={(e) => setReason(e.target.value)} autoFocus>
              {cancelReasons.map((r) => <option key={r}>{r}</option>)}
              <option value="Other">Other…</option>
            </select>
          </div>
          {reason === 'Other' && (
            <label>
              Other reason
              <input required maxLength={200} value={otherReason} onChange={(e) => setOtherReason(e.target.value)} />
            </label>
          )}
          <div className="form-actions">
            <button type="button" onClick={() => setCancelling(false)}>Keep signing</button>
            <button type="submit" className="danger">Cancel signing</button>
          </div>
        </form>
      )}

      <figure className="mirror" aria-label="Customer screen (live mirror)">
        <figcaption>Customer screen — live{session.signaturePage && mirror.state !== 'idle' ? ` · the customer is told: your signature goes on page ${session.signaturePage}` : ''}</figcaption>
        <MirrorFrame screen={props.mirrorView?.screen}>
          <CustomerScreen api={api} view={mirror} interactive={false} follow={props.mirrorView} />
        </MirrorFrame>
      </figure>
      {showSigned && <SignedDocumentDialog api={api} printOnOpen={showSigned === 'print'} onClose={() => setShowSigned(undefined)} />}
    </section>
  );
}

/**
 * The customer's screen at its real size (as the customer window reports it), scaled down to fit:
 * the same layout, line breaks and page width as the customer sees, not a reflowed look-alike.
 */
function MirrorFrame(props: { screen?: { width: number; height: number }; children: React.ReactNode }) {
  const { width, height } = props.screen ?? { width: 1280, height: 800 };
  const frame = useRef<HTMLDivElement>(null);
  const [available, setAvailable] = useState(640);
  useEffect(() => {
    const el = frame.current;
    if (!el) return;
    const observer = new ResizeObserver(([entry]) => setAvailable(entry.contentRect.width));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  const scale = Math.min(1, available / width);
  return (
    <div className="mirror-frame" ref={frame} style={{ height: Math.round(height * scale) + 4 }} inert>
      <div className="mirror-screen" style={{ width, height, transform: `scale(${scale})` }}>
        {props.children}
      </div>
    </div>
  );
}
