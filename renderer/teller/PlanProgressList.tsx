import type { TellerSessionView } from '../../preload/common/contract';
import type { StationApi } from '../../preload/common/stationApi';
import { format, useTellerText } from './tellerText';

/**
 * The sitting's plan for the teller: every document of the package and every place, who signs it,
 * where, and how far it is — with the plan controls: apply the bank's seal to a staff seal place, skip the open place (only an optional one)
 * and cancel the open document without losing the rest of the package.
 */
export function PlanProgressList(props: { api: StationApi; session: TellerSessionView; act: (fn: () => Promise<unknown>) => Promise<void> }) {
  const { session, api, act } = props;
  const t = useTellerText();
  const plan = session.plan;
  if (!plan || (plan.count <= 1 && plan.documents.length <= 1)) return null;
  const current = plan.documents.flatMap((d) => d.places).find((p) => p.status === 'current');
  const onScreen = ['prepared', 'reading', 'consent', 'signing', 'review'].includes(session.state);
  const openDocuments = plan.documents.filter((d) => d.status === 'waiting' || d.status === 'open').length;
  return (
    <section className="plan-progress" aria-labelledby="plan-title" data-testid="plan-progress">
      <h3 id="plan-title">{plan.current ? format(t.planPlaceOf, { n: plan.current, count: plan.count }) : t.planTitle}</h3>
      <ol className="plan-documents">
        {plan.documents.map((d) => (
          <li key={d.requestId} data-status={d.status}>
            <strong>{d.title}</strong> <span className="muted small">({t.documentStatuses[d.status]})</span>
            <ul className="plan-places">
              {d.places.map((p) => (
                <li key={p.number} data-status={p.status} data-testid={`plan-place-${p.number}`} aria-current={p.status === 'current' ? 'step' : undefined}>
                  {p.number}. {format(p.kind === 'initials' ? t.placeInitials : t.placeSignature, { name: p.signerName })}{p.role === 'staff' ? (p.mark === 'seal' ? t.placeBankSeal : t.placeStaff) : ''} — {format(t.where[p.where.kind], p.where)}
                  {p.page ? format(t.placePage, { page: p.page }) : ''}{p.optional ? t.placeOptional : ''}: <em>{t.placeStatuses[p.status]}</em>
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ol>
      {onScreen && (
        <div className="plan-controls" role="group" aria-label={t.planControls}>
          {current?.mark === 'seal' && session.state === 'signing' && (
            <button className="primary" data-testid="apply-bank-seal" onClick={() => act(() => api.call('session.applyBankSeal', {}))}>{t.applyBankSeal}</button>
          )}
          {current?.optional && <button onClick={() => act(() => api.call('session.skipPlace', {}))}>{t.skipOptional}</button>}
          {openDocuments > 1 && session.state !== 'prepared' && (
            <button className="danger" onClick={() => act(() => api.call('session.cancelDocument', { reason: t.cancelDocumentReason }))}>
              {t.cancelDocumentOnly}
            </button>
          )}
        </div>
      )}
    </section>
  );
}
