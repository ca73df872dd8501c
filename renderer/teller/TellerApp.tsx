import { useEffect, useRef, useState } from 'react';
import type { CustomerView, InboxItem, StationStatus, TellerSessionView } from '../../preload/common/contract';
import type { StationApi } from '../../preload/common/stationApi';
import { CustomerScreen } from '../components/CustomerScreen';

/**
 * The teller's window: the station's health, the queue of documents, the session controls and a
 * live mirror of the customer's screen.
 */
export function TellerApp({ api }: { api: StationApi }) {
  const [status, setStatus] = useState<StationStatus>();
  const [inbox, setInbox] = useState<InboxItem[]>([]);
  const [session, setSession] = useState<TellerSessionView>();
  const [mirrorView, setMirrorView] = useState<CustomerView>();
  const [connected, setConnected] = useState(false);
  const [problem, setProblem] = useState<string>();

  useEffect(() => {
    const refresh = () => {
      api.call('station.status', {}).then(setStatus).catch(() => undefined);
      api.call('inbox.list', {}).then(setInbox).catch(() => undefined);
      api.call('session.current', {}).then(setSession).catch(() => undefined);
    };
    const offs = [
      api.on('status.changed', setStatus),
      api.on('inbox.changed', setInbox),
      api.on('session.changed', setSession),
      api.on('mirror.view', setMirrorView),
      api.onConnection((c) => {
        setConnected(c);
        if (c) refresh();
      }),
    ];
    return () => offs.forEach((off) => off());
  }, [api]);

  const act = async (fn: () => Promise<unknown>) => {
    setProblem(undefined);
    try {
      await fn();
    } catch (err) {
      setProblem((err as Error).message);
    }
  };

  return (
    <div className="teller">
      <header className="teller-header">
        <h1>Signing Station</h1>
        {status && (
          <ul className="health" aria-label="Station health">
            <li>{status.branch} · {status.stationId}</li>
            <li className={status.pen.connected ? 'ok' : 'warn'}>Pen: {status.pen.device} ({status.pen.source}){status.pen.message ? ` — ${status.pen.message}` : ''}</li>
            <li className={status.sync.enabled && !status.sync.online ? 'warn' : 'ok'}>
              Sync: {status.sync.enabled ? (status.sync.online ? 'online' : 'offline') : 'off'} · {status.sync.waiting} waiting
              {status.sync.lastError ? ` · ${status.sync.lastError}` : ''}
            </li>
            {status.demoCredentials && <li className="warn">Demo seal and escrow keys — not for production</li>}
          </ul>
        )}
        {!connected && <p className="connection-banner" role="status">Connecting to the station…</p>}
      </header>
      {problem && <p className="notice" role="alert">{problem}</p>}
      <div className="teller-body">
        <InboxPanel api={api} items={inbox} session={session} act={act} />
        <SessionPanel api={api} session={session} status={status} mirrorView={mirrorView} act={act} />
      </div>
    </div>
  );
}

function InboxPanel(props: { api: StationApi; items: InboxItem[]; session?: TellerSessionView; act: (fn: () => Promise<unknown>) => Promise<void> }) {
  const { api, items, act } = props;
  const fileInput = useRef<HTMLInputElement>(null);
  const importFile = (file: File) =>
    act(async () => {
      const bytes = new Uint8Array(await file.arrayBuffer());
      let bin = '';
      for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      await api.call('inbox.importPdf', { fileName: file.name, base64: btoa(bin) });
    });
  return (
    <section className="inbox" aria-labelledby="inbox-title">
      <h2 id="inbox-title">Documents</h2>
      <div className="inbox-actions">
        <button onClick={() => fileInput.current?.click()}>Open PDF…</button>
        <input ref={fileInput} type="file" accept="application/pdf,.pdf" hidden aria-label="PDF file" onChange={(e) => e.target.files?.[0] && importFile(e.target.files[0])} />
        <button onClick={() => act(() => api.call('inbox.addDemo', {}))}>Add demo document</button>
      </div>
      {items.length === 0 ? (
        <p className="muted">No documents waiting.</p>
      ) : (
        <ul className="inbox-list">
          {items.map((item) => (
            <li key={item.id} data-status={item.status}>
              <strong>{item.title}</strong>
              <span className="muted"> · {item.source} · {item.pageCount} p. · {new Date(item.receivedAt).toLocaleTimeString()}</span>
              <span className={`badge ${item.status}`}>{item.syncState ? `${item.status}, ${item.syncState}` : item.status}</span>
              {item.status === 'waiting' && (!props.session || props.session.state === 'idle' || props.session.state === 'done') && <StartForm api={api} item={item} act={act} />}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function StartForm(props: { api: StationApi; item: InboxItem; act: (fn: () => Promise<unknown>) => Promise<void> }) {
  const [signerName, setSignerName] = useState(props.item.signerName ?? '');
  const [idType, setIdType] = useState<'passport' | 'national-id' | 'driving-licence' | 'other'>('national-id');
  const [lastDigits, setLastDigits] = useState('');
  const [checkedBy, setCheckedBy] = useState('');
  const [requireReadToEnd, setRequireReadToEnd] = useState(false);
  const id = props.item.id;
  return (
    <form
      className="start-form"
      onSubmit={(e) => {
        e.preventDefault();
        props.act(() =>
          props.api.call('session.start', {
            requestId: id,
            signerName,
            requireReadToEnd,
            identification: lastDigits ? { idType, lastDigits, checkedBy } : undefined,
          }),
        );
      }}
    >
      <label>Signer's full name <input required value={signerName} onChange={(e) => setSignerName(e.target.value)} autoComplete="off" /></label>
      <fieldset>
        <legend>Identification checked</legend>
        <label>Type <select value={idType} onChange={(e) => setIdType(e.target.value as typeof idType)}>
          <option value="national-id">National ID card</option>
          <option value="passport">Passport</option>
          <option value="driving-licence">Driving licence</option>
          <option value="other">Other</option>
        </select></label>
        <label>Last digits <input value={lastDigits} onChange={(e) => setLastDigits(e.target.value)} pattern="[A-Za-z0-9]{2,6}" inputMode="numeric" /></label>
        <label>Checked by <input value={checkedBy} onChange={(e) => setCheckedBy(e.target.value)} required={Boolean(lastDigits)} /></label>
      </fieldset>
      <label className="inline"><input type="checkbox" checked={requireReadToEnd} onChange={(e) => setRequireReadToEnd(e.target.checked)} /> Customer must read to the last page</label>
      <button type="submit" className="primary">Prepare signing</button>
    </form>
  );
}

function SessionPanel(props: { api: StationApi; session?: TellerSessionView; status?: StationStatus; mirrorView?: CustomerView; act: (fn: () => Promise<unknown>) => Promise<void> }) {
  const { api, session, act } = props;
  const [reason, setReason] = useState('');
  if (!session) return <section className="session" />;
  const open = ['reading', 'consent', 'signing'].includes(session.state);
  const mirror = { ...session, state: session.state === 'prepared' ? ('idle' as const) : session.state };
  return (
    <section className="session" aria-labelledby="session-title">
      <h2 id="session-title">Signing {session.document ? `— ${session.document.title}` : ''}</h2>
      <p className="session-state" data-state={session.state} aria-live="polite">
        State: <strong>{session.state}</strong>
        {session.signerName ? ` · signer ${session.signerName}` : ''}
        {session.signedDocument ? ` · sealed, SHA-256 ${session.signedDocument.sha256.slice(0, 16)}…` : ''}
      </p>
      {session.error && <p className="notice" role="alert">{session.error}</p>}
      <div className="session-controls">
        {session.state === 'prepared' && <button className="primary" onClick={() => act(() => api.call('session.sendToCustomer', {}))}>Send to customer</button>}
        {open && <button onClick={() => act(() => api.call('session.takeBack', {}))}>Take back</button>}
        {session.state === 'signing' && props.status?.pen.source === 'simulated' && (
          <button onClick={() => act(() => api.call('pen.simulateSignature', {}))}>Sign with simulated pen</button>
        )}
        {(open || session.state === 'prepared') && (
          <form className="cancel-form" onSubmit={(e) => { e.preventDefault(); act(() => api.call('session.cancel', { reason: reason || 'cancelled by the teller' })); }}>
            <label>Reason <input value={reason} onChange={(e) => setReason(e.target.value)} placeholder="e.g. customer left" /></label>
            <button type="submit" className="danger">Cancel signing</button>
          </form>
        )}
      </div>
      <figure className="mirror" aria-label="Customer screen (live mirror)">
        <figcaption>Customer screen</figcaption>
        <div className="mirror-frame">
          <CustomerScreen api={api} view={mirror} interactive={false} follow={props.mirrorView} />
        </div>
      </figure>
    </section>
  );
}
