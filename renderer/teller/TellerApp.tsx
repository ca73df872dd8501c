import { useCallback, useEffect, useRef, useState } from 'react';
import type { CustomerView, DeskAccess, InboxItem, Language, StationStatus, TellerSessionView } from '../../preload/common/contract';
import type { StationApi } from '../../preload/common/stationApi';
import { tellerMessages } from '../i18n/tellerMessages';
import { DeskLanguagePicker } from './DeskLanguagePicker';
import { QueuePanel } from './QueuePanel';
import { SessionPanel } from './SessionPanel';
import { SignInScreen } from './SignInScreen';
import { StartSessionForm } from './StartSessionForm';
import { StationHealth } from './StationHealth';
import { problemWords } from './stationWords';
import { format, lastDeskLanguage, rememberDeskLanguage, TellerText, useTellerText } from './tellerText';
import './teller.css';

/**
 * The teller's window. Nothing but the sign-in screen shows until a teller is signed in; the lock
 * (on demand, Ctrl+L, or after inactivity, decided by the services) returns to it.
 */
export function TellerApp({ api }: { api: StationApi }) {
  const [access, setAccess] = useState<DeskAccess>();
  const [connected, setConnected] = useState(false);
  // The signed-in teller's language; before anyone signs in, the last teller's at this window.
  const [language, setLanguage] = useState<Language>(lastDeskLanguage);
  const accountLanguage = access?.user?.language;
  useEffect(() => {
    if (!accountLanguage) return;
    setLanguage(accountLanguage);
    rememberDeskLanguage(accountLanguage);
  }, [accountLanguage]);
  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);

  useEffect(() => {
    const offs = [
      api.on('auth.changed', setAccess),
      api.onConnection((c) => {
        setConnected(c);
        if (c) api.call('auth.current', {}).then(setAccess).catch(() => undefined);
      }),
    ];
    return () => offs.forEach((off) => off());
  }, [api]);

  const t = tellerMessages[language];
  return (
    <TellerText.Provider value={t}>
      {!access ? (
        <main className="sign-in"><p role="status" className="sign-in-card">{t.connecting}</p></main>
      ) : !access.signedIn ? (
        <SignInScreen api={api} access={access} connected={connected} onAccess={setAccess} language={language} onLanguage={(l) => { setLanguage(l); rememberDeskLanguage(l); }} />
      ) : (
        <Desk api={api} access={access} connected={connected} onAccess={setAccess} language={language} />
      )}
    </TellerText.Provider>
  );
}

function Desk(props: { api: StationApi; access: DeskAccess; connected: boolean; onAccess: (a: DeskAccess) => void; language: Language }) {
  const { api, access, connected } = props;
  const t = useTellerText();
  const [status, setStatus] = useState<StationStatus>();
  const [inbox, setInbox] = useState<InboxItem[]>([]);
  const [session, setSession] = useState<TellerSessionView>();
  const [mirrorView, setMirrorView] = useState<CustomerView>();
  const [problem, setProblem] = useState<string>();
  const [info, setInfo] = useState<string>();
  const [selectedId, setSelectedId] = useState<string>();
  const lastPing = useRef(0);
  // Events arrive in whatever language is current when they come, not when the desk opened.
  const textRef = useRef(t);
  textRef.current = t;

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
      api.on('pen.calibrationSaved', (c) => setInfo(format(textRef.current.penCalibrated, { device: c.device, error: c.maxErrorPx.toFixed(1) }))),
      api.onConnection((c) => c && refresh()),
    ];
    return () => offs.forEach((off) => off());
  }, [api]);

  // Keys and pointer at the desk postpone the inactivity lock (at most one message per 20 s).
  // Ctrl+L locks at once, the way tellers lock a workstation when they step away.
  useEffect(() => {
    const activity = () => {
      if (Date.now() - lastPing.current < 20_000) return;
      lastPing.current = Date.now();
      api.call('auth.activity', {}).catch(() => undefined);
    };
    const keys = (e: KeyboardEvent) => {
      if (e.ctrlKey && !e.altKey && e.key.toLowerCase() === 'l') {
        e.preventDefault();
        api.call('auth.lock', {}).then(props.onAccess).catch(() => undefined);
        return;
      }
      activity();
    };
    window.addEventListener('keydown', keys);
    window.addEventListener('pointerdown', activity);
    return () => {
      window.removeEventListener('keydown', keys);
      window.removeEventListener('pointerdown', activity);
    };
  }, [api, props.onAccess]);

  // A started session closes the start form; a new empty desk forgets the selection.
  useEffect(() => {
    if (session && session.state !== 'idle' && session.state !== 'done') setSelectedId(undefined);
  }, [session?.state]);

  const act = useCallback(async (fn: () => Promise<unknown>) => {
    setProblem(undefined);
    try {
      await fn();
    } catch (err) {
      // Worded when it happens, in the desk's language of that moment.
      setProblem(problemWords(err, textRef.current));
    }
  }, []);

  // Administrators manage the station but never open customers' documents (main/accounts/roles.ts);
  // the services refuse it anyway, this only spares them buttons that cannot work.
  const maySign = access.user?.role !== 'administrator';
  const canStart = maySign && (!session || session.state === 'idle' || session.state === 'done');
  const selected = canStart ? inbox.find((i) => i.id === selectedId && i.status === 'waiting') : undefined;

  return (
    <div className="teller">
      <a className="skip-link" href="#queue-title">{t.skipToQueue}</a>
      <header className="teller-header">
        <h1>{t.appTitle}</h1>
        <StationHealth status={status} connected={connected} />
        <div className="who">
          {canStart && (
            <button className="on-dark" onClick={() => act(() => api.call('pen.calibrate', {}))} title={t.calibratePenHint}>
              {t.calibratePen}
            </button>
          )}
          <DeskLanguagePicker language={props.language} onChoose={(language) => act(async () => props.onAccess(await api.call('auth.setLanguage', { language })))} />
          <span>{access.user && format(t.signedInAs, { user: access.user.username, role: t.roles[access.user.role] })}</span>
          <button className="on-dark" onClick={() => act(async () => props.onAccess(await api.call('auth.lock', {})))} title="Ctrl+L">{t.lock}</button>
          <button className="on-dark" onClick={() => act(async () => props.onAccess(await api.call('auth.signOut', {})))}>{t.signOut}</button>
        </div>
      </header>
      {info && (
        <p className="notice" role="status">
          {info} <button className="quiet" onClick={() => setInfo(undefined)}>{t.dismiss}</button>
        </p>
      )}
      {problem && (
        <p className="notice problem" role="alert">
          {problem} <button className="quiet" onClick={() => setProblem(undefined)}>{t.dismiss}</button>
        </p>
      )}
      <main className="teller-body">
        <div className="teller-left">
          <QueuePanel api={api} items={inbox} sessionState={session?.state} canStart={canStart} mayAdd={maySign} selectedId={selected?.id} onSelect={setSelectedId} act={act} />
        </div>
        <div className="teller-right">
          {/* The form opens at the top of the desk's free column, its button in the first screen. */}
          {selected && <StartSessionForm key={selected.id} api={api} item={selected} teller={access.user?.username ?? ''} onClose={() => setSelectedId(undefined)} act={act} />}
          {session && <SessionPanel api={api} session={session} status={status} mirrorView={mirrorView} act={act} />}
        </div>
      </main>
    </div>
  );
}
