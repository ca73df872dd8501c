import { useEffect, useState } from 'react';
import type { CustomerSessionView } from '../../preload/common/contract';
import type { StationApi } from '../../preload/common/stationApi';
import { CustomerScreen } from '../components/CustomerScreen';
import { customerMessages } from '../i18n/customerMessages';
import { useCustomerPen } from '../components/useCustomerPen';

/**
 * The customer's window on the pen display: only the session's customer view, nothing of the
 * teller's side. The calibration the teller starts is part of that view (CustomerScreen shows it).
 */
export function CustomerApp({ api }: { api: StationApi }) {
  const [view, setView] = useState<CustomerSessionView>();
  const [connected, setConnected] = useState(false);
  const pen = useCustomerPen(api);

  useEffect(() => {
    const offs = [
      api.on('customer.sessionChanged', setView),
      api.onConnection((c) => {
        setConnected(c);
        if (c) api.call('customer.session', {}).then(setView).catch(() => undefined);
      }),
    ];
    return () => offs.forEach((off) => off());
  }, [api]);

  if (!view) return <div className="customer-screen"><main><p className="large" role="status">{customerMessages.en.disconnected}</p></main></div>;
  return (
    <>
      {!connected && <p className="connection-banner" role="status">{customerMessages[view.language].disconnected}</p>}
      <CustomerScreen api={api} view={view} interactive={true} pen={pen} />
    </>
  );
}
