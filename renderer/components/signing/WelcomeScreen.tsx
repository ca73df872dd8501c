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
  if (view.state === 'done') {
    return (
      <section className="customer-idle" aria-labelledby="step-title">
        {brand}
        <h1 id="step-title">{t.thanks}</h1>
        <p className="large">{t.thanksHint}</p>
      </section>
    );
  }
  if (view.farewell) {
    return (
      <section className="customer-idle customer-farewell" aria-labelledby="step-title" data-testid="customer-farewell" data-farewell={view.farewell}>
        {brand}
        <h1 id="step-title">{view.farewell === 'taken-back' ? t.farewellTakenBack : t.farewellCancelled}</h1>
        <p className="large">{t.farewellHint}</p>
      </section>
    );
  }
  return (
    <section className="customer-idle" aria-labelledby="step-title">
      {brand}
      <h1 id="step-title">{t.welcome}</h1>
      <p className="large">{t.idleHint}</p>
    </section>
  );
}
