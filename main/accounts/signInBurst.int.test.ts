import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addAccountsWithCli, startStationProcess, type RunningStation } from '../../test/support/stationProcess';
import { openStationSocket, windowOf } from '../../test/support/stationSocket';

/**
 * Guessing a teller's PIN through the teller window's WebSocket. The binding
 * dispatches messages concurrently, so a burst of guesses used to pass the lock check before any
 * failure was counted (60 wrong and the right one in one burst: none throttled, the right one
 * signed in). Against the real `station serve` with accounts made by `station user add`.
 */
describe('sign-in throttling under a burst of guesses (real station, browser mode)', () => {
  let station: RunningStation;
  let storageDir: string;

  beforeAll(async () => {
    storageDir = mkdtempSync(join(tmpdir(), 'station-burst-'));
    await addAccountsWithCli(storageDir, { username: 'ada', password: 'correct horse battery staple' }, [{ username: 'tove', pin: '482913' }, { username: 'bo', pin: '731904' }]);
    station = await startStationProcess({ STATION_STORAGE_DIR: storageDir });
  });
  afterAll(async () => {
    expect(await station?.stop()).toBe(0);
    rmSync(storageDir, { recursive: true, force: true });
  });

  it('60 wrong PINs and the right one in one burst: throttled, the right PIN not accepted, other tellers unaffected', async () => {
    const { origin, token } = windowOf(station.tellerUrl);
    const teller = await openStationSocket(origin, { origin, token });
    expect(await teller.welcomed()).toMatchObject({ role: 'teller' });

    const wrong = Array.from({ length: 60 }, (_, i) => teller.send('auth.signIn', { username: 'tove', secret: String(100000 + i) }));
    const right = teller.send('auth.signIn', { username: 'tove', secret: '482913' });
    const results = await Promise.all([...wrong, right].map((id) => teller.result(id)));
    const codes = results.map((r) => (r.ok ? 'signed-in' : r.error.code));

    expect(codes.at(-1)).toBe('sign-in-throttled');
    expect(codes.filter((c) => c === 'sign-in-refused').length).toBeLessThanOrEqual(5);
    expect(codes.filter((c) => c === 'sign-in-throttled').length).toBeGreaterThanOrEqual(56);
    expect(await teller.call('auth.current')).toMatchObject({ ok: true, payload: { signedIn: false } });
    // Still throttled afterwards: the right PIN does not get in by waiting for the burst to end.
    expect(await teller.call('auth.signIn', { username: 'tove', secret: '482913' })).toMatchObject({ ok: false, error: { code: 'sign-in-throttled' } });

    // The throttle is tove's, not the desk's: another teller signs in at once.
    expect(await teller.call('auth.signIn', { username: 'bo', secret: '731904' })).toMatchObject({ ok: true, payload: { signedIn: true, user: { username: 'bo' } } });
    teller.ws.close();
  });
});
