import type { Language } from '../../preload/common/contract';
import { customerMessages, format } from '../i18n/customerMessages';
import { penMessages } from './penMessages';
import type { CustomerPen } from './useCustomerPen';

/**
 * A discreet "Connect pen" for a pen attached to the customer's own machine (WebHID needs one tap
 * to choose it), the pen's name once connected, and the gentle notice when it is unplugged.
 * Nothing at all where the browser has no WebHID.
 */
export function PenConnectControl({ pen, language }: { pen: CustomerPen; language: Language }) {
  const t = penMessages[language];
  const state = pen.state;
  if (state.kind === 'unsupported') return null;
  return (
    <div className="pen-connect" data-testid="pen-connect" data-pen={state.kind} style={{ position: 'fixed', right: '0.5em', bottom: '0.5em', fontSize: '0.9rem', maxWidth: '40vw', textAlign: 'right' }}>
      {state.kind === 'unplugged' && <p className="notice" role="status">{customerMessages[language].penUnplugged}</p>}
      {pen.problem && <p className="notice" role="status">{t[pen.problem]}</p>}
      {state.kind === 'connected' ? (
        <span className="pen-name">{format(t.penConnected, { name: state.product })}</span>
      ) : (
        <button className="quiet" onClick={() => pen.choose()}>{t.connectPen}</button>
      )}
    </div>
  );
}
