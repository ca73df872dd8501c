import type { CustomerSessionView } from '../../../preload/common/contract';
import type { StationApi } from '../../../preload/common/stationApi';
import type { CustomerMessages } from '../../i18n/customerMessages';

/**
 * "Stop", and its question once pressed. The question is open in the session's view (the customer
 * asks for it with customer.dialog), so the teller's mirror shows it the moment the customer does.
 * `quiet` is the word of the closed button ("Stop", or "I do not agree" on the consent step).
 */
export function StopControl(props: { api: StationApi; view: CustomerSessionView; t: CustomerMessages; interactive: boolean; busy: boolean; act: (fn: () => Promise<unknown>) => void; word?: string; quiet?: boolean }) {
  const { api, view, t, interactive, busy, act } = props;
  if (view.dialog === 'stop') {
    return (
      <div className="stop-question" role="group" aria-label={t.stopQuestion} data-testid="stop-question">
        <p className="large">{t.stopQuestion}</p>
        <button disabled={!interactive} onClick={() => act(() => api.call('customer.dialog', { dialog: null }))}>{t.stopNo}</button>
        <button className="danger" disabled={!interactive || busy} onClick={() => act(() => api.call('customer.cancel', {}))}>{t.stopYes}</button>
      </div>
    );
  }
  return <button className={props.quiet === false ? undefined : 'quiet'} disabled={!interactive || busy} onClick={() => act(() => api.call('customer.dialog', { dialog: 'stop' }))}>{props.word ?? t.stop}</button>;
}
