import { useMemo } from 'react';
import { format } from '../../i18n/customerMessages';
import { fixedInk, InkCanvas } from '../InkCanvas';
import { useInkVersion } from '../useInk';
import { placedInk } from './placedInk';
import { SignaturePageWindow } from './SignaturePageWindow';
import type { StepProps } from './SigningStep';

/**
 * After "Done": the signature where it will be, on its page, drawn as the sealed PDF will draw it
 * (fitted into the place above the signer's name). The customer confirms it or signs again; the
 * teller's mirror shows the same page and ink.
 */
export function ReviewStep(props: StepProps) {
  const { api, view, t, interactive, busy, act, ink } = props;
  const rect = view.place?.rect;
  const unturned = rect ? { width: Math.abs(rect[2] - rect[0]), height: Math.abs(rect[3] - rect[1]) } : { width: 3, height: 1 };
  // On a page turned a quarter, the place's sides swap for the reader: the ink is fitted as the sealed PDF fits it, upright.
  const signature = (place: { width: number; height: number }) => <PlacedSignature ink={ink} place={place} label={t.reviewTitle} signerName={view.signerName} />;
  return (
    <section className="customer-signing customer-review" aria-labelledby="step-title" data-testid="signature-review">
      <h1 id="step-title">{t.reviewTitle}</h1>
      <p className="signing-for">{t.reviewHint}</p>
      {view.place && view.document ? (
        <SignaturePageWindow api={api} documentId={view.document.id} place={view.place} fill={{ width: 0.5, height: 0.4 }} label={format(t.signaturePageValue, { page: view.place.page, pages: view.document.pageCount })}>
          {signature}
        </SignaturePageWindow>
      ) : <div className="signature-box">{signature(unturned)}</div>}
      <div className="step-actions">
        {props.stop}
        {view.dialog !== 'stop' && <button disabled={!interactive || busy} onClick={() => act(() => api.call('customer.signAgain', {}))}>{t.signAgain}</button>}
        {view.dialog !== 'stop' && <button className="primary" disabled={!interactive || busy} onClick={() => act(() => api.call('customer.acceptSignature', {}))}>{t.confirm}</button>}
      </div>
    </section>
  );
}

/** The ink fitted into the place (its size as the reader sees it) above the signer's name, as the sealed PDF draws it. */
function PlacedSignature(props: { ink: StepProps['ink']; place: { width: number; height: number }; label: string; signerName?: string }) {
  const { ink, place } = props;
  const version = useInkVersion(ink);
  const shown = useMemo(() => placedInk(ink.strokes.current, place, 2), [version, place.width, place.height]);
  const placed = useMemo(() => fixedInk(shown.strokes), [shown]);
  return (
    <div className="review-ink" data-testid="review-ink">
      <InkCanvas ink={placed} label={props.label} />
      <span className="review-caption" style={{ top: `${shown.captionTop * 100}%` }}>{props.signerName}</span>
    </div>
  );
}
