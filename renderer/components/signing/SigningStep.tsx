import type { CustomerSessionView } from '../../../preload/common/contract';
import type { StationApi } from '../../../preload/common/stationApi';
import { format, type CustomerMessages } from '../../i18n/customerMessages';
import { InkCanvas } from '../InkCanvas';
import type { InkSource } from '../useInk';
import { CustomerNotice } from './CustomerNotice';
import { SignaturePageWindow } from './SignaturePageWindow';

export interface StepProps {
  api: StationApi;
  view: CustomerSessionView;
  t: CustomerMessages;
  interactive: boolean;
  busy: boolean;
  act: (fn: () => Promise<unknown>) => void;
  ink: InkSource;
  stop: React.ReactNode;
  planLine?: string;
}

/**
 * The signing step: the pad has the place's own shape and sits on the page where the signature
 * goes, with as much of the page around it as the screen has room for — the customer signs in
 * context, and the ink has on the screen the shape it will have in the sealed PDF. Without a known
 * place (a sealer that decides by itself) the pad is a plain box.
 */
export function SigningStep(props: StepProps & { box: React.RefObject<HTMLDivElement | null>; handlers: object; onPadPlaced: () => void }) {
  const { api, view, t, interactive, busy, act, ink } = props;
  const pad = (
    <div className="signature-box" ref={props.box} {...props.handlers} data-testid="signature-box">
      <InkCanvas ink={ink} label={t.signTitle} />
      <span className="signature-line" aria-hidden="true">✕ {t.signHere}</span>
      {view.place && <span className="signature-place-mark" aria-hidden="true">{t.signatureGoesHere}</span>}
    </div>
  );
  return (
    <section className="customer-signing" aria-labelledby="step-title">
      <h1 id="step-title">{view.step?.kind === 'initials' ? t.initialsTitle : t.signTitle}</h1>
      <p className="signing-for">{view.step?.role === 'staff' ? format(t.staffSigns, { name: view.signerName ?? '' }) : format(t.signingFor, { title: view.document?.title ?? '', name: view.signerName ?? '' })}</p>
      {props.planLine && <p className="plan-step-line" data-testid="plan-step-line">{props.planLine}</p>}
      {view.place && view.document ? (
        <SignaturePageWindow api={api} documentId={view.document.id} place={view.place} fill={{ width: 0.86, height: 0.74 }} label={format(t.signaturePageValue, { page: view.place.page, pages: view.document.pageCount })} onLayout={props.onPadPlaced}>
          {pad}
        </SignaturePageWindow>
      ) : pad}
      {/* Always there, one notice high: the pad keeps its size when a notice appears. */}
      <div className="notice-slot"><CustomerNotice view={view} t={t} /></div>
      <div className="step-actions">
        {props.stop}
        {view.dialog !== 'stop' && <button disabled={!interactive || busy} onClick={() => act(() => api.call('customer.clearInk', {}))}>{t.clear}</button>}
        {view.dialog !== 'stop' && <button className="primary" disabled={!interactive || busy} onClick={() => act(() => api.call('customer.confirmSignature', {}))}>{t.done}</button>}
      </div>
    </section>
  );
}
