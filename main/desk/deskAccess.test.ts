import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DeskAccess } from '../../preload/common/contract';
import type { Logger } from '../logging/logger';
import { createDemoDeskAccounts } from './demoDeskAccounts';
import { DeskAccessControl } from './deskAccess';
import { requireSignedInTeller, deskRequestHandlers } from './deskRequests';
import { stationDeskAccounts } from './stationDeskAccounts';
import type { RequestHandlers } from '../contract/contractHost';

const log: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => log };

function desk(lockAfterMs = 60_000) {
  const changes: DeskAccess[] = [];
  const control = new DeskAccessControl({ accounts: createDemoDeskAccounts({ pin: '4711' }), lockAfterMs, log, onChange: (a) => changes.push(a) });
  return { control, changes };
}

describe('the teller desk: sign-in, lock, inactivity', () => {
  afterEach(() => vi.useRealTimers());

  it('signs in with the right PIN only, and says nothing about which part was wrong', async () => {
    const { control } = desk();
    await expect(control.signIn('demo', '0000', 't')).rejects.toMatchObject({ code: 'sign-in-refused' });
    await expect(control.signIn('nobody', '4711', 't')).rejects.toMatchObject({ code: 'sign-in-refused', message: expect.stringMatching(/do not match/) });
    const view = await control.signIn('Demo', '4711', 't');
    expect(view).toMatchObject({ signedIn: true, user: { username: 'demo', role: 'teller' } });
  });

  it('throttles after five failures, even for the right PIN', async () => {
    let now = 1_000_000;
    const accounts = createDemoDeskAccounts({ pin: '4711', now: () => now });
    for (let i = 0; i < 4; i++) expect(accounts.signIn('demo', 'bad', 't')).toEqual({ ok: false, reason: 'refused' });
    expect(accounts.signIn('demo', 'bad', 't')).toMatchObject({ ok: false, reason: 'throttled', retryAfterMs: 30_000 });
    expect(accounts.signIn('demo', '4711', 't')).toMatchObject({ ok: false, reason: 'throttled' });
    now += 30_001;
    expect(accounts.signIn('demo', '4711', 't')).toMatchObject({ ok: true });
  });

  it('locks on demand and after inactivity, remembering whose work is behind the lock', async () => {
    vi.useFakeTimers();
    const { control, changes } = desk(5 * 60_000);
    await control.signIn('demo', '4711', 't');
    vi.advanceTimersByTime(4 * 60_000);
    control.activity();
    vi.advanceTimersByTime(4 * 60_000);
    expect(control.view().signedIn).toBe(true);
    vi.advanceTimersByTime(60_001);
    expect(control.view()).toMatchObject({ signedIn: false, lockedUser: 'demo' });
    expect(changes.map((c) => c.signedIn)).toEqual([true, false]);
    expect(() => control.requireSignedIn()).toThrow(/locked/);
    await control.signIn('demo', '4711', 't');
    expect(control.lock('on demand')).toMatchObject({ signedIn: false, lockedUser: 'demo' });
    expect(control.signOut()).toMatchObject({ signedIn: false, lockedUser: undefined });
  });

  it('refuses every teller request but sign-in while locked; the customer is never asked', async () => {
    const { control } = desk();
    const calls: string[] = [];
    const inner = {
      ...deskRequestHandlers(control),
      'inbox.list': () => (calls.push('teller'), []),
      'customer.readDone': () => (calls.push('customer'), { ok: true as const }),
    } as unknown as RequestHandlers;
    const guarded = requireSignedInTeller(inner, control);
    expect(() => guarded['inbox.list']({}, 'teller')).toThrow(/locked/);
    expect(guarded['customer.readDone']({}, 'customer')).toEqual({ ok: true });
    await guarded['auth.signIn']({ username: 'demo', secret: '4711' }, 'teller');
    expect(guarded['inbox.list']({}, 'teller')).toEqual([]);
    expect(calls).toEqual(['customer', 'teller']);
  });

  it("checks the signed-in role against the one permission matrix: an administrator sees the queue, not customers' documents", async () => {
    const control = new DeskAccessControl({
      accounts: { signIn: () => ({ ok: true, account: { id: 'a1', username: 'ada', role: 'administrator' } }) },
      lockAfterMs: 0,
      log,
    });
    const guarded = requireSignedInTeller({
      ...deskRequestHandlers(control),
      'inbox.list': () => [],
      'session.start': () => ({}),
      'customer.readDone': () => ({ ok: true }),
    } as unknown as RequestHandlers, control);
    await guarded['auth.signIn']({ username: 'ada', secret: 'x' }, 'teller');
    expect(guarded['inbox.list']({}, 'teller')).toEqual([]);
    expect(() => guarded['session.start']({} as never, 'teller')).toThrow(/administrator may not/);
    // A customer-only request can never be made from the teller window, whatever the role.
    expect(() => guarded['customer.readDone']({}, 'teller')).toThrow(/may not/);
  });

  it('a demo station offers the demo teller only until the first real account exists', async () => {
    let real = 0;
    const accounts = stationDeskAccounts({
      tenant: 'demo',
      countReal: () => real,
      real: { hint: undefined, signIn: () => ({ ok: false, reason: 'refused' }) },
      demo: () => createDemoDeskAccounts({ pin: '4711' }),
    });
    expect(accounts.hint).toEqual({ kind: 'demo', username: 'demo', pin: '4711' });
    expect(await accounts.signIn('demo', '4711', 't')).toMatchObject({ ok: true });
    real = 1;
    expect(accounts.hint).toBeUndefined();
    expect(await accounts.signIn('demo', '4711', 't')).toEqual({ ok: false, reason: 'refused' });
  });
});
