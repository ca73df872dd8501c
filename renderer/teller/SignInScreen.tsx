import { useEffect, useRef, useState } from 'react';
import type { DeskAccess, DeskHint, Language, StationText } from '../../preload/common/contract';
import type { TellerMessages } from '../i18n/tellerMessages';
import { DeskLanguagePicker } from './DeskLanguagePicker';
import { problemWords } from './stationWords';
import type { StationApi } from '../../preload/common/stationApi';
import { format, useTellerText } from './tellerText';
import { useCountdown } from './useCountdown';

/** The services refuse with a code and the wait in seconds; the window counts the wait down itself. */
function throttledUntil(err: unknown): number | undefined {
  const e = err as { code?: string; text?: StationText };
  if (e.code !== 'sign-in-throttled') return undefined;
  const seconds = Number(e.text?.params?.seconds ?? 30);
  return Date.now() + (Number.isFinite(seconds) ? seconds : 30) * 1000;
}

/** The sign-in screen's line about accounts, worded here. */
function hintWords(hint: DeskHint, t: TellerMessages): string {
  return hint.kind === 'demo' ? format(t.hintDemo, { username: hint.username, pin: hint.pin }) : t.hintNoAccounts;
}

/**
 * Sign-in and lock screen of the teller's window. Locked, it names whose work is open behind it and
 * offers that teller's sign-in first; another teller may sign in instead (the desk switches user).
 * Nothing of the queue or the customer's document shows here. The language picker is the desk's:
 * nobody is signed in yet, so the choice is this browser's until a teller signs in, and then the
 * teller's account's language (when it has one) takes over, as on the desk.
 */
export function SignInScreen(props: { api: StationApi; access: DeskAccess; connected: boolean; onAccess: (a: DeskAccess) => void; language: Language; onLanguage: (language: Language) => void }) {
  const { api, access } = props;
  const t = useTellerText();
  const [username, setUsername] = useState(access.lockedUser ?? '');
  const [secret, setSecret] = useState('');
  const [problem, setProblem] = useState<string>();
  const [blockedUntil, setBlockedUntil] = useState<number>();
  const [busy, setBusy] = useState(false);
  const secretInput = useRef<HTMLInputElement>(null);
  const userInput = useRef<HTMLInputElement>(null);
  const locked = Boolean(access.lockedUser);
  const waitSeconds = useCountdown(blockedUntil);

  useEffect(() => {
    setUsername(access.lockedUser ?? '');
    (access.lockedUser ? secretInput : userInput).current?.focus();
  }, [access.lockedUser]);

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setProblem(undefined);
    setBlockedUntil(undefined);
    try {
      props.onAccess(await api.call('auth.signIn', { username, secret }));
    } catch (err) {
      const until = throttledUntil(err);
      if (until) setBlockedUntil(until);
      else setProblem(problemWords(err, t));
      secretInput.current?.focus();
    } finally {
      setSecret('');
      setBusy(false);
    }
  };

  return (
    <main className="sign-in" aria-labelledby="sign-in-title">
      <form className="sign-in-card" onSubmit={submit}>
        <DeskLanguagePicker language={props.language} onChoose={props.onLanguage} />
        <h1 id="sign-in-title">{locked ? t.lockedTitle : t.signInTitle}</h1>
        {locked && <p>{format(t.lockedWhile, { user: access.lockedUser! })}</p>}
        <label>
          {t.userName}
          <input ref={userInput} value={username} onChange={(e) => setUsername(e.target.value)} autoComplete="username" required autoCapitalize="none" spellCheck={false} readOnly={busy} />
        </label>
        <label>
          {t.secret}
          <input ref={secretInput} type="password" value={secret} onChange={(e) => setSecret(e.target.value)} autoComplete="current-password" required readOnly={busy} />
        </label>
        {problem && <p className="notice" role="alert">{problem}</p>}
        {waitSeconds !== undefined && (
          <p className="notice" role="alert" data-testid="sign-in-wait" data-seconds={waitSeconds}>
            {waitSeconds > 0 ? format(t.tryAgainIn, { n: waitSeconds }) : t.tryAgainNow}
          </p>
        )}
        {!props.connected && <p className="notice" role="status">{t.connecting}</p>}
        <button type="submit" className="primary" disabled={busy || !props.connected}>{locked ? t.unlock : t.signIn}</button>
        {locked && (
          <button type="button" onClick={() => { setUsername(''); props.onAccess({ ...access, lockedUser: undefined }); }}>
            {t.someoneElse}
          </button>
        )}
        {access.hint && <p className="muted sign-in-hint">{hintWords(access.hint, t)}</p>}
      </form>
    </main>
  );
}
