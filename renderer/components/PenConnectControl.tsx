import type { Language } from '../../preload/common/contract';
import { customerMessages, format } from '../i18n/customerMessages';
import { penMessages } from './penMessages';
import type { CustomerPen } from './useCustomerPen';

/**
 * A discreet "Connect pen" for a pen attached to the customer's own machine (WebHID needs one tap
 * to choose it), the pen's name once connected, and the gentle notice when it is unplugged.
 * Nothing at all where the browser has no WebHID. It sits in the free left end of the language bar,
 * where it covers no step's controls.
 */
export function PenConnectControl({ pen, language }: { pen: CustomerPen; language: Language }) {
  const t = penMessages[language];
  const state = pen.state;
  if (state.kind === 'unsupported') return null;
  return (
    <div className="pen-connect" data-testid="pen-connect" data-pen={state.kind} style={{ position: 'fixed', left: '1rem', top: '0.5rem', fontSize: '1rem', maxWidth: 'calc(100vw - 36rem)', display: 'flex', gap: '0.5rem', alignItems: 'center' }}>
      {state.kind === 'unplugged' && <p className="notice" role="status" style={{ margin: 0 }}>{customerMessages[language].penUnplugged}</p>}
      {pen.problem && <p className="notice" role="status" style={{ margin: 0 }}>{t[pen.problem]}</p>}
      {state.kind === 'connected' ? (
        <span className="pen-name">{format(t.penConnected, { name: state.product })}</span>
      ) : (
        <button className="quiet" onClick={() => pen.choose()}>{t.connectPen}</button>
      )}
    </div>
  );
}
