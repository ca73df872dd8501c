import { useEffect, useMemo, useRef, useState } from 'react';
import type { CustomerSessionView, CustomerView, Language } from '../../preload/common/contract';
import { languages } from '../../preload/common/contract';
import type { PenSample } from '../../native/pen/penSample';
import type { StationApi } from '../../preload/common/stationApi';
import { customerMessages, format } from '../i18n/customerMessages';
import { InkCanvas } from './InkCanvas';
import { PdfPages } from './PdfPages';
import { pointerEventToSamples } from './pointerCapture';
import { useInk } from './useInk';

/**
 * What the customer sees, step by step. The same component renders the customer's own window
 * (interactive) and the teller's live mirror (read-only, following the customer's scroll), so the
 * two cannot differ.
 */
export function CustomerScreen(props: {
  api: StationApi;
  view: CustomerSessionView;
  interactive: boolean;
  follow?: CustomerView;
}) {
  const { api, view, interactive } = props;
  const t = customerMessages[view.language];
  const ink = useInk(api);
  const [zoom, setZoom] = useState(1);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string>();
  const box = useRef<HTMLDivElement>(null);
  const lastView = useRef<Omit<CustomerView, 'signatureBox'>>({ page: 1, scrollFraction: 0, zoom: 1, reachedEnd: false });

  const act = async (fn: () => Promise<unknown>) => {
    setBusy(true);
    setProblem(undefined);
    try {
      await fn();
    } catch (err) {
      setProblem((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const reportView = (v: Omit<CustomerView, 'signatureBox'>) => {
    lastView.current = v;
    if (!interactive) return;
    const r = box.current?.getBoundingClientRect();
    const signatureBox = r && r.width > 0 ? { x: r.left / window.innerWidth, y: r.top / window.innerHeight, width: r.width / window.innerWidth, height: r.height / window.innerHeight } : undefined;
    api.call('customer.view', { ...v, signatureBox }).catch(() => undefined);
  };

  // In the signing step, report where the box is so a pen display's digitizer maps into it.
  useEffect(() => {
    if (interactive && view.state === 'signing') reportView({ ...lastView.current, reachedEnd: view.reachedEnd });
  }, [view.state, interactive]);

  const pointerHandlers = useMemo(() => {
    if (!interactive) return {};
    let pending: PenSample[] = [];
    let scheduled = false;
    const flush = () => {
      scheduled = false;
      const samples = pending;
      pending = [];
      if (samples.length) api.call('customer.penSamples', { source: 'pointer-events', samples }).catch(() => undefined);
    };
    const handle = (e: React.PointerEvent<HTMLDivElement>) => {
      if (!box.current) return;
      if (e.type === 'pointerdown') box.current.setPointerCapture(e.pointerId);
      pending.push(...pointerEventToSamples(e.nativeEvent, box.current.getBoundingClientRect()));
      if (!scheduled) {
        scheduled = true;
        requestAnimationFrame(flush);
      }
    };
    return { onPointerDown: handle, onPointerMove: handle, onPointerUp: handle, onPointerCancel: handle };
  }, [api, interactive]);

  const languageBar = (
    <nav className="language-bar" aria-label="Language">
      {languages.map((l: Language) => (
        <button key={l} lang={l} aria-pressed={view.language === l} disabled={!interactive} onClick={() => api.call('customer.setLanguage', { language: l })}>
          {customerMessages[l].languageName}
        </button>
      ))}
    </nav>
  );

  const notice = view.notice && (
    <p className="notice" role="status">
      {{ 'pen-unplugged': t.penUnplugged, 'pen-left-box': t.penLeftBox, 'read-to-end': t.readToEnd, 'sealing-failed': t.sealingFailed }[view.notice]}
    </p>
  );

  let body: React.ReactNode;
  switch (view.state) {
    case 'idle':
      body = (
        <section className="customer-idle">
          <h1>{view.branding.name}</h1>
          <p className="large">{t.welcome}</p>
          <p>{t.idleHint}</p>
        </section>
      );
      break;
    case 'reading':
      body = (
        <section className="customer-reading">
          <header className="step-header">
            <h1>{t.readTitle}</h1>
            <p>{t.readHint}</p>
          </header>
          {view.document && <PdfPages api={api} documentId={view.document.id} zoom={zoom} onView={reportView} follow={props.follow} label={view.document.title} />}
          <footer className="step-actions">
            <button onClick={() => setZoom((z) => Math.max(0.5, z - 0.25))} disabled={!interactive} aria-label={t.zoomOut}>A−</button>
            <button onClick={() => setZoom((z) => Math.min(3, z + 0.25))} disabled={!interactive} aria-label={t.zoomIn}>A+</button>
            {notice}
            <button className="primary" disabled={!interactive || busy} onClick={() => act(() => api.call('customer.readDone', {}))}>{t.continue}</button>
          </footer>
        </section>
      );
      break;
    case 'consent':
      body = (
        <section className="customer-consent">
          <h1>{t.consentTitle}</h1>
          <p className="consent-text">{t.consentBody}</p>
          <div className="step-actions">
            <button disabled={!interactive || busy} onClick={() => act(() => api.call('customer.cancel', {}))}>{t.decline}</button>
            <button className="primary" disabled={!interactive || busy} onClick={() => act(() => api.call('customer.consent', { agreed: true, language: view.language }))}>{t.agree}</button>
          </div>
        </section>
      );
      break;
    case 'signing':
      body = (
        <section className="customer-signing">
          <h1>{t.signTitle}</h1>
          <p className="signing-for">{format(t.signingFor, { title: view.document?.title ?? '', name: view.signerName ?? '' })}</p>
          <div className="signature-box" ref={box} {...pointerHandlers} data-testid="signature-box">
            <InkCanvas strokes={ink.strokes} version={ink.version} label={t.signTitle} />
            <span className="signature-line" aria-hidden="true">✕</span>
          </div>
          {notice}
          <div className="step-actions">
            <button disabled={!interactive || busy} onClick={() => act(() => api.call('customer.clearInk', {}))}>{t.clear}</button>
            <button className="primary" disabled={!interactive || busy} onClick={() => act(() => api.call('customer.confirmSignature', {}))}>{t.done}</button>
          </div>
        </section>
      );
      break;
    case 'sealing':
      body = <section className="customer-idle"><p className="large" role="status">{t.sealing}</p></section>;
      break;
    case 'done':
      body = (
        <section className="customer-idle">
          <h1>{t.thanks}</h1>
          <p>{t.thanksHint}</p>
        </section>
      );
      break;
    default:
      body = <section className="customer-idle"><h1>{view.branding.name}</h1></section>;
  }

  return (
    <div className={`customer-screen state-${view.state}`} lang={view.language} data-state={view.state}>
      {languageBar}
      <main>{body}</main>
      {problem && interactive && <p className="notice" role="alert">{problem}</p>}
    </div>
  );
}
