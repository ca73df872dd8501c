import { useEffect, useRef, useState } from 'react';
import type { CustomerSessionView, CustomerView, Language } from '../../preload/common/contract';
import { languages } from '../../preload/common/contract';
import type { StationApi } from '../../preload/common/stationApi';
import type { CustomerStep } from '../../preload/common/planProgress';
import { customerMessages, format, type CustomerMessages } from '../i18n/customerMessages';
import { ReadingView, type ReadingPosition } from './reading/ReadingView';
import { PenConnectControl } from './PenConnectControl';
import type { CustomerPen } from './useCustomerPen';
import { useInk } from './useInk';
import { CalibrationScreen } from './CalibrationScreen';
import { CalibrationView } from './signing/CalibrationView';
import { CustomerNotice } from './signing/CustomerNotice';
import { ReviewStep } from './signing/ReviewStep';
import { SigningStep } from './signing/SigningStep';
import { StopControl } from './signing/StopControl';
import { useSignatureInput } from './signing/useSignatureInput';
import { WelcomeScreen } from './signing/WelcomeScreen';
import { useHeldPdf } from './windowPdfs';

/** The steps that show the sitting's document (or are about to): the window keeps its one copy through them. */
const documentSteps: readonly CustomerSessionView['state'][] = ['reading', 'consent', 'signing', 'review', 'sealing'];

/**
 * What the customer sees, step by step. The same component renders the customer's own window
 * (interactive) and the teller's live mirror (read-only, following the customer's page, zoom and
 * scroll), so the two cannot differ: every question, notice, refusal, farewell and the calibration
 * come from the session's one view state, none from this window's own. Everything is reachable
 * with a pen tap: no keyboard, no scroll-only controls, no hover.
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
  const askingStop = view.dialog === 'stop';
  const box = useRef<HTMLDivElement>(null);
  const lastView = useRef<ReadingPosition>({ page: 1, scrollFraction: 0, zoom: 1 });
  // One pdf.js copy of the document from reading to the review (the pad's page is the reading
  // view's); let go when the sitting moves to its next document, ends or is cancelled.
  useHeldPdf(api, documentSteps.includes(view.state) ? view.document?.id : undefined);

  // A refusal is in the session's view (a notice, a refused signature), in the customer's words:
  // nothing of it is kept here, where the mirror could not see it.
  const act = async (fn: () => Promise<unknown>) => {
    setBusy(true);
    try {
      await fn();
    } catch {
      // Shown through the view.
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

  const handlers = useSignatureInput({ api, interactive, signing: view.state === 'signing', box, pen, ink });
  const languageBar = (
    <nav className="language-bar" aria-label={t.languagePrompt}>
      {languages.map((l: Language) => (
        <button key={l} lang={l} aria-pressed={view.language === l} disabled={!interactive} onClick={() => api.call('customer.setLanguage', { language: l }).catch(() => undefined)}>
          {customerMessages[l].languageName}
        </button>
      ))}
    </nav>
  );

  const message = <CustomerNotice view={view} t={t} />;

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

  const stopControl = <StopControl api={api} view={view} t={t} interactive={interactive} busy={busy} act={act} />;
  const stepProps = { api, view, t, interactive, busy, act, ink, stop: stopControl, planLine: view.step && view.step.count > 1 ? describeStep(t, view.step) : undefined };

  let body: React.ReactNode;
  switch (view.state) {
    case 'reading':
      body = (
        <ReadingView api={api} view={view} interactive={interactive} follow={props.follow} onView={reportView} notice={message}
          noticeIsReadToEnd={view.notice === 'read-to-end'} stopControl={stopControl} askingStop={askingStop} busy={busy}
          onContinue={() => act(() => api.call('customer.readDone', {}))} />
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
            <StopControl api={api} view={view} t={t} interactive={interactive} busy={busy} act={act} word={t.decline} quiet={false} />
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
      body = <SigningStep {...stepProps} box={box} handlers={handlers} onPadPlaced={() => reportView(lastView.current)} />;
      break;
    case 'review':
      body = <ReviewStep {...stepProps} />;
      break;
    case 'sealing':
      body = <section className="customer-idle"><p className="large" role="status">{t.sealing}</p></section>;
      break;
    default:
      body = <WelcomeScreen view={view} t={t} />;
  }
  const calibration = view.state === 'idle' && view.calibration && (interactive && pen
    ? <CalibrationScreen api={api} pen={pen} language={view.language} onClose={() => api.call('customer.calibration', { open: false }).catch(() => undefined)} onProgress={(progress) => api.call('customer.calibration', { open: true, progress }).catch(() => undefined)} />
    : <CalibrationView language={view.language} progress={view.calibration} size={props.follow?.screen ?? { width: 1280, height: 800 }} />);
  const banner = view.state !== 'idle' && view.state !== 'done' && whoBanner;

  return (
    <>
      <div className={`customer-screen state-${view.state}`} lang={view.language} data-state={view.state} data-language={view.language}>
        {languageBar}
        {/* The mirror sits inside the teller's page, which has its own main landmark. */}
        {interactive ? <main>{banner}{body}</main> : <div className="main">{banner}{body}</div>}
        {calibration}
      </div>
      {/* The customer machine's own pen (WebHID): not part of the session's screen, not mirrored. */}
      {pen && <PenConnectControl pen={pen} language={view.language} />}
    </>
  );
}

/** "Signature 2 of 3 — page 4" (and "Document 2 of 2" in a package), in the screen's language. */
function describeStep(t: CustomerMessages, step: CustomerStep): string {
  const place = format(step.kind === 'initials' ? t.stepInitials : t.stepSignature, { number: step.number, count: step.count });
  const where = step.page ? format(t.stepPage, { step: place, page: step.page }) : place;
  return step.documentCount > 1 ? `${where} · ${format(t.stepDocument, { number: step.documentNumber, count: step.documentCount })}` : where;
}
