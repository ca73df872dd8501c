import { useEffect, useRef, useState } from 'react';
import type { DeskAccess } from '../../preload/common/contract';
import type { StationApi } from '../../preload/common/stationApi';

/**
 * Sign-in and lock screen of the teller's window. Locked, it names whose work is open behind it and
 * offers that teller's sign-in first; another teller may sign in instead (the desk switches user).
 * Nothing of the queue or the customer's document shows here.
 */
export function SignInScreen(props: { api: StationApi; access: DeskAccess; connected: boolean; onAccess: (a: DeskAccess) => void }) {
  const { api, access } = props;
  const [username, setUsername] = useState(access.lockedUser ?? '');
  const [secret, setSecret] = useState('');
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState(false);
  const secretInput = useRef<HTMLInputElement>(null);
  const userInput = useRef<HTMLInputElement>(null);
  const locked = Boolean(access.lockedUser);

  useEffect(() => {
    setUsername(access.lockedUser ?? '');
    (access.lockedUser ? secretInput : userInput).current?.focus();
  }, [access.lockedUser]);

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setProblem(undefined);
    try {
      props.onAccess(await api.call('auth.signIn', { username, secret }));
    } catch (err) {
      setProblem((err as Error).message);
      secretInput.current?.focus();
    } finally {
      setSecret('');
      setBusy(false);
    }
  };

  return (
    <main className="sign-in" aria-labelledby="sign-in-title">
      <form className="sign-in-card" onSubmit={submit}>
        <h1 id="sign-in-title">{locked ? 'Teller window locked' : 'Signing Station — sign in'}</h1>
        {locked && <p>Locked while <strong>{access.lockedUser}</strong> was signed in. Any signing in progress on the customer's screen continues.</p>}
        <label>
          User name
          <input ref={userInput} value={username} onChange={(e) => setUsername(e.target.value)} autoComplete="username" required autoCapitalize="none" spellCheck={false} readOnly={busy} />
        </label>
        <label>
          PIN or password
          <input ref={secretInput} type="password" value={secret} onChange={(e) => setSecret(e.target.value)} autoComplete="current-password" required readOnly={busy} />
        </label>
        {problem && <p className="notice" role="alert">{problem}</p>}
        {!props.connected && <p className="notice" role="status">Connecting to the station…</p>}
        <button type="submit" className="primary" disabled={busy || !props.connected}>{locked ? 'Unlock' : 'Sign in'}</button>
        {locked && (
          <button type="button" onClick={() => { setUsername(''); props.onAccess({ ...access, lockedUser: undefined }); }}>
            Sign in as someone else
          </button>
        )}
        {access.hint && <p className="muted sign-in-hint">{access.hint}</p>}
      </form>
    </main>
  );
}
