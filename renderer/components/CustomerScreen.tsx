import { useEffect, useMemo, useRef, useState } from 'react';
import type { CustomerSessionView, CustomerView, Language } from '../../preload/common/contract';
import { languages } from '../../preload/common/contract';
import type { StationApi } from '../../preload/common/stationApi';
import type { CustomerStep } from '../../preload/common/planProgress';
import { customerMessages, format, type CustomerMessages } from '../i18n/customerMessages';
import { InkCanvas } from './InkCanvas';
import { ReadingView, type ReadingPosition } from './reading/ReadingView';
import { PointerSampleSource, pointerEventDeviceInfo } from '../../native/pointer/pointerEventSamples';
import { InkFrameBatcher } from '../../native/ink/liveInk';
import { PenConnectControl } from './PenConnectControl';
import type { CustomerPen } from './useCustomerPen';
import { windowSize } from './useCustomerPen';
import { sampleInBox } from './webHidSampleMapping';
import { pointerSampleInBox } from './boxPosition';
import { useInk } from './useInk';

/**
 * What the customer sees, step by step. The same component renders the customer's own window
 * (interactive) and the teller's live mirror (read-only, following the customer's page, zoom and
 * scroll), so the two cannot differ. Everything is reachable with a pen tap: no keyboard, no
 * scroll-only controls, no hover.
 */
export function CustomerScreen(props: {
  api: StationApi;
  view: CustomerSessionView;
  interactive: boolean;
  follow?: CustomerView;
  /** The customer page's own pen (WebHID); absent in the teller's mirror. */
  pen?: CustomerPen;
}) {
  const { api, view, interactive, pen } = props;
  const t = customerMessages[view.language];
  const ink = useInk(api);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<keyof CustomerMessages>();
  const [askingStop, setAskingStop] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  const lastView = useRef<ReadingPosition>({ page: 1, scrollFraction: 0, zoom: 1 });

  // A new step or a new session starts without the previous one's messages or questions.
  useEffect(() => {
    setProblem(undefined);
    setAskingStop(false);
  }, [view.state, view.sessionId]);

  const act = async (fn: () => Promise<unknown>) => {
    setBusy(true);
    setProblem(undefined);
    try {
      await fn();
    } catch (err) {
      // The services answer in the teller's language; the customer gets their own, by code.
      const code = (err as { code?: string }).code;
      setProblem(code === 'no-signature' ? 'signatureEmpty' : code === 'read-to-end' ? 'readToEnd' : code === 'disk-full' ? 'savingWaits' : 'sealingFailed');
    } finally {
      setBusy(false);
    }
  };

  const reportView = (v: ReadingPosition) => {
    lastView.current = v;
    if (!interactive) return;
    const r = box.current?.getBoundingClientRect();
    const signatureBox = r && r.width > 0 ? { x: r.left / window.innerWidth, y: r.top / window.innerHeight, width: r.width / window.innerWidth, height: r.height / window.innerHeight } : undefined;
    const screen = { width: Math.round(window.innerWidth), height: Math.round(window.innerHeight) };
    api.call('customer.view', { ...v, signatureBox, screen }).catch(() => undefined);
  };

  // In the signing step, report where the box is so a pen display's digitizer maps into it.
  useEffect(() => {
    if (interactive && view.state === 'signing') reportView(lastView.current);
  }, [view.state, interactive]);

  // A pen on the customer's own machine (WebHID): its samples, batched per animation frame, mapped
  // into the box (through the stored calibration) and streamed to the station; hover and pen-up too.
  const webHidPen = pen?.state.kind === 'connected' ? pen.state : undefined;
  const calibration = pen?.calibration;
  useEffect(() => {
    if (!interactive || view.state !== 'signing' || !webHidPen || !pen) return;
    const batcher = new InkFrameBatcher((samples) => {
      const r = box.current?.getBoundingClientRect();
      if (!r || r.width <= 0) return;
      const screen = windowSize();
      // A calibration made at another window size does not fit this one (the display mode changed).
      const fits = calibration && calibration.window.width === screen.width && calibration.window.height === screen.height ? calibration : undefined;
      const inBox = samples.map((s) => sampleInBox(s, screen, r, fits));
      const { source: _source, ...device } = webHidPen.device;
      // The display covers the window: its pixels say what a raw unit is where the descriptor gives no millimetres.
      const deviceInfo = { ...device, product: device.product?.slice(0, 120), widthPx: screen.width, heightPx: screen.height };
      api.call('customer.penSamples', { source: 'webhid', device: `${webHidPen.product} (${webHidPen.key})`.slice(0, 120), deviceInfo, samples: inBox }).catch(() => undefined);
    }, (frame) => requestAnimationFrame(frame));
    const off = pen.onSamples((s) => batcher.push(s));
    return () => {
      off();
      batcher.flush();
    };
  }, [api, interactive, view.state, webHidPen?.key, calibration]);

  // With a WebHID pen the same pen may also move the system pointer: one pen, one source.
  const usingWebHid = useRef(false);
  usingWebHid.current = !!webHidPen;

  const pointerHandlers = useMemo(() => {
    if (!interactive) return {};
    // Pointer Events (a pen the operating system owns, touch, a mouse in the demo), with every
    // coalesced event; the first pointer down owns the signature until it leaves.
    const source = new PointerSampleSource(() => box.current!.getBoundingClientRect(), { accept: ['pen', 'touch', 'mouse'] });
    // The samples' x/y are CSS pixels of the box: the record says so (the box's size and the
    // pointer type), so the signature keeps its shape in the biometric record and the PDF.
    let surface: { width: number; height: number; pointerType: string } | undefined;
    const batcher = new InkFrameBatcher((samples) => {
      const { source: _source, ...deviceInfo } = pointerEventDeviceInfo({ left: 0, top: 0, width: surface?.width ?? 1, height: surface?.height ?? 1 }, surface?.pointerType);
      api.call('customer.penSamples', { source: 'pointer-events', deviceInfo, samples }).catch(() => undefined);
    }, (frame) => requestAnimationFrame(frame));
    const handle = (e: React.PointerEvent<HTMLDivElement>) => {
      if (!box.current || usingWebHid.current) return;
      if (e.type === 'pointerdown') box.current.setPointerCapture(e.pointerId);
      const rect = box.current.getBoundingClientRect();
      if (e.type === 'pointerdown' || !surface) surface = { width: rect.width, height: rect.height, pointerType: e.pointerType };
      const samples = source.handle(e.nativeEvent).map((s) => pointerSampleInBox(s, rect));
      batcher.push(samples);
      // Shown at the next frame from here, not after the round trip through the station.
      ink.showLocal(samples);
    };
    const leave = (e: React.PointerEvent<HTMLDivElement>) => {
      if (!box.current || usingWebHid.current) return;
      const rect = box.current.getBoundingClientRect();
      const samples = source.leave(e.nativeEvent).map((s) => pointerSampleInBox(s, rect));
      batcher.push(samples);
      ink.showLocal(samples);
    };
    return { onPointerDown: handle, onPointerMove: handle, onPointerUp: handle, onPointerCancel: leave, onPointerLeave: leave };
  }, [api, interactive, ink]);
  const languageBar = (
    <nav className="language-bar" aria-label={t.languagePrompt}>
      {languages.map((l: Language) => (
        <button key={l} lang={l} aria-pressed={view.language === l} disabled={!interactive} onClick={() => api.call('customer.setLanguage', { language: l }).catch(() => undefined)}>
          {customerMessages[l].languageName}
        </button>
      ))}
    </nav>
  );

  const noticeText = view.notice && { 'pen-unplugged': t.penUnplugged, 'pen-left-box': t.penLeftBox, 'read-to-end': t.readToEnd, 'sealing-failed': t.sealingFailed, 'disk-full': t.savingWaits }[view.notice];
  const message = (noticeText || (problem && interactive)) && (
    <p className="notice" role="status">
      {noticeText ?? (problem ? t[problem] : '')}
    </p>
  );

  // Which document and whose signature: on every step that shows the document, so that two
  // documents or two customers can never be confused.
  const whoBanner = view.document && (
    <dl className="who-banner" data-testid="who-banner">
      <div><dt>{t.documentLabel}</dt><dd>{view.document.title}</dd></div>
      {view.signerName && <div><dt>{t.signerLabel}</dt><dd>{view.signerName}</dd></div>}
      {view.signaturePage && (
        <div data-testid="signature-page"><dt>{t.signaturePageLabel}</dt><dd>{format(t.signaturePageValue, { page: view.signaturePage, pages: view.document.pageCount })}</dd></div>
      )}
      {view.step && (view.step.count > 1 || view.step.documentCount > 1) && (
        <div data-testid="plan-step" data-step={view.step.number} data-count={view.step.count}><dt>{t.stepLabel}</dt><dd>{describeStep(t, view.step)}</dd></div>
      )}
    </dl>
  );

  const stopControl = askingStop ? (
    <div className="stop-question" role="group" aria-label={t.stopQuestion}>
      <p className="large">{t.stopQuestion}</p>
      <button disabled={!interactive} onClick={() => setAskingStop(false)}>{t.stopNo}</button>
      <button className="danger" disabled={!interactive || busy} onClick={() => act(() => api.call('customer.cancel', {}))}>{t.stopYes}</button>
    </div>
  ) : (
    <button className="quiet" disabled={!interactive || busy} onClick={() => setAskingStop(true)}>{t.stop}</button>
  );

  const brand = (
    <div className="brand">
      {view.branding.logoUrl && <img src={view.branding.logoUrl} alt="" className="brand-logo" />}
      <p className="brand-name">{view.branding.name}</p>
    </div>
  );

  let body: React.ReactNode;
  switch (view.state) {
    case 'reading':
      body = (
        <ReadingView api={api} view={view} interactive={interactive} follow={props.follow} onView={reportView} notice={message}
          noticeIsReadToEnd={view.notice === 'read-to-end' || (!view.notice && problem === 'readToEnd')}
          stopControl={stopControl} askingStop={askingStop} busy={busy} onContinue={() => act(() => api.call('customer.readDone', {}))} />
      );
      break;
    case 'consent': {
      const notice = view.consentNotice ?? { title: t.consentTitle, body: t.consentBody };
      body = (
        <section className="customer-consent" aria-labelledby="step-title">
          <h1 id="step-title">{notice.title}</h1>
          <h2 className="consent-subtitle">{t.consentRecorded}</h2>
          <div className="consent-text" tabIndex={0}>
            {notice.body.split(/\n{2,}/).map((para, i) => <p key={i}>{para}</p>)}
          </div>
          <div className="step-actions">
            {askingStop ? stopControl : <button disabled={!interactive || busy} onClick={() => setAskingStop(true)}>{t.decline}</button>}
            {!askingStop && <button className="primary" disabled={!interactive || busy} onClick={() => act(() => api.call('customer.consent', { agreed: true, language: view.language }))}>{t.agree}</button>}
          </div>
        </section>
      );
      break;
    }
    case 'signing':
      // The bank's seal: nobody draws; the teller applies it with one button.
      if (view.step?.mark === 'seal') {
        body = <section className="customer-idle" data-testid="bank-seal-wait"><p className="large" role="status">{t.bankSeal}</p></section>;
        break;
      }
      body = (
        <section className="customer-signing" aria-labelledby="step-title">
          <h1 id="step-title">{view.step?.kind === 'initials' ? t.initialsTitle : t.signTitle}</h1>
          <p className="signing-for">{view.step?.role === 'staff' ? format(t.staffSigns, { name: view.signerName ?? '' }) : format(t.signingFor, { title: view.document?.title ?? '', name: view.signerName ?? '' })}</p>
          {view.step && view.step.count > 1 && <p className="plan-step-line" data-testid="plan-step-line">{describeStep(t, view.step)}</p>}
          <div className="signature-box" ref={box} {...pointerHandlers} data-testid="signature-box">
            <InkCanvas ink={ink} label={t.signTitle} />
            <span className="signature-line" aria-hidden="true">✕ {t.signHere}</span>
          </div>
          {message}
          <div className="step-actions">
            {stopControl}
            {!askingStop && <button disabled={!interactive || busy} onClick={() => act(() => api.call('customer.clearInk', {}))}>{t.clear}</button>}
            {!askingStop && <button className="primary" disabled={!interactive || busy} onClick={() => act(() => api.call('customer.confirmSignature', {}))}>{t.done}</button>}
          </div>
        </section>
      );
      break;
    case 'sealing':
      body = <section className="customer-idle"><p className="large" role="status">{t.sealing}</p></section>;
      break;
    case 'done':
      body = (
        <section className="customer-idle" aria-labelledby="step-title">
          {brand}
          <h1 id="step-title">{t.thanks}</h1>
          <p className="large">{t.thanksHint}</p>
        </section>
      );
      break;
    default:
      body = (
        <section className="customer-idle" aria-labelledby="step-title">
          {brand}
          <h1 id="step-title">{t.welcome}</h1>
          <p className="large">{t.idleHint}</p>
        </section>
      );
  }

  return (
    <div className={`customer-screen state-${view.state}`} lang={view.language} data-state={view.state} data-language={view.language}>
      {languageBar}
      {/* The mirror sits inside the teller's page, which has its own main landmark. */}
      {interactive ? <main>{view.state !== 'idle' && view.state !== 'done' && whoBanner}{body}{pen && <PenConnectControl pen={pen} language={view.language} />}</main> : <div className="main">{view.state !== 'idle' && view.state !== 'done' && whoBanner}{body}</div>}
    </div>
  );
}

/** "Signature 2 of 3 — page 4" (and "Document 2 of 2" in a package), in the screen's language. */
function describeStep(t: CustomerMessages, step: CustomerStep): string {
  const place = format(step.kind === 'initials' ? t.stepInitials : t.stepSignature, { number: step.number, count: step.count });
  const where = step.page ? format(t.stepPage, { step: place, page: step.page }) : place;
  return step.documentCount > 1 ? `${where} · ${format(t.stepDocument, { number: step.documentNumber, count: step.documentCount })}` : where;
}
