import type { CustomerSessionView } from '../../../preload/common/contract';
import type { CustomerMessages } from '../../i18n/customerMessages';

/**
 * The customer's screen between documents: the welcome, the thank-you after signing, or — for a
 * few seconds after the teller took the document back or cancelled — a word of why, so that the
 * document does not simply vanish from under the customer's pen.
 */
export function WelcomeScreen({ view, t }: { view: CustomerSessionView; t: CustomerMessages }) {
  const brand = (
    <div className="brand">
      {view.branding.logoUrl && <img src={view.branding.logoUrl} alt="" className="brand-logo" />}
      <p className="brand-name">{view.branding.name}</p>
    </div>
  );
  const screen = (title: string, hint: string, extra: Record<string, string> = {}, className = 'customer-idle') => (
    <section className={className} aria-labelledby="step-title" {...extra}>
      {brand}
      <h1 id="step-title">{title}</h1>
      <p className="large">{hint}</p>
    </section>
  );
  if (view.state === 'done') return screen(t.thanks, t.thanksHint);
  if (view.farewell) {
    return screen(view.farewell === 'taken-back' ? t.farewellTakenBack : t.farewellCancelled, t.farewellHint,
      { 'data-testid': 'customer-farewell', 'data-farewell': view.farewell }, 'customer-idle customer-farewell');
  }
  return screen(t.welcome, t.idleHint);
}
