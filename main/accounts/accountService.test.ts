import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findPlaintextMarkers, openLocalVault, tempDir } from '../../test/support/vaultFixtures';
import type { Vault } from '../vault/vault';
import { createAccountService, type AccountService } from './accountService';
import { AccessDeniedError, actions, can, roles } from './roles';
import { hashSecret, verifySecret } from './secretHashing';
import { rawVaultDatabase } from '../../test/support/rawVaultDatabase';

const quiet = { info() {}, warn() {} };
const cheap = { logN: 10, r: 8, p: 1 };

describe('account service on a real vault', () => {
  let tmp: ReturnType<typeof tempDir>;
  let vault: Vault;
  let now: Date;
  let audited: { actor: string; action: string }[];
  let accounts: AccountService;

  beforeEach(async () => {
    tmp = tempDir('accounts-');
    ({ vault } = await openLocalVault(tmp.dir));
    now = new Date('2026-03-01T09:00:00Z');
    audited = [];
    accounts = createAccountService(vault, { log: quiet, clock: () => now, cost: cheap, audit: { append: (e) => audited.push(e) } });
  });
  afterEach(() => {
    vault.close();
    tmp.remove();
  });

  async function seed() {
    const admin = await accounts.addAccount('bootstrap', { username: 'admin', role: 'administrator', secret: 'correct horse battery' });
    const teller = await accounts.addAccount(admin, { username: 'anna.k', role: 'teller', secret: '482913', secretKind: 'pin' });
    const supervisor = await accounts.addAccount(admin, { username: 'sup', role: 'supervisor', secret: 'supervisor secret 1' });
    return { admin, teller, supervisor };
  }

  it('signs in with the right secret only, and never stores the secret in clear', async () => {
    await seed();
    const ok = await accounts.signIn('anna.k', '482913', 'desk-3');
    expect(ok).toEqual({ ok: true, account: { id: expect.any(String), username: 'anna.k', role: 'teller' } });
    expect(await accounts.signIn('anna.k', '482914', 'desk-3')).toEqual({ ok: false, reason: 'refused' });
    expect(await accounts.signIn('nobody', '482913', 'desk-3')).toEqual({ ok: false, reason: 'refused' });
    const stored = rawVaultDatabase(vault).prepare('SELECT secret_hash FROM accounts').all() as { secret_hash: string }[];
    expect(stored.every((r) => r.secret_hash.startsWith('scrypt$') && !r.secret_hash.includes('482913'))).toBe(true);
    expect(audited.map((e) => e.action)).toEqual(['user.added', 'user.added', 'user.added', 'sign-in', 'sign-in.refused', 'sign-in.refused']);
  });

  it('throttles after five failures, doubling the wait, known and unknown names alike, and survives a restart', async () => {
    await seed();
    for (const name of ['anna.k', 'ghost']) {
      for (let i = 0; i < 4; i++) expect((await accounts.signIn(name, '000000', 'desk')).ok).toBe(false);
      expect(await accounts.signIn(name, '000000', 'desk')).toEqual({ ok: false, reason: 'refused' });
      expect(await accounts.signIn(name, '482913', 'desk')).toEqual({ ok: false, reason: 'throttled', retryAfterSeconds: 30 });
    }
    // A fresh service over the same database (a restart) still knows the lock-out.
    const again = createAccountService(vault.sql, { log: quiet, clock: () => now, cost: cheap });
    expect((await again.signIn('anna.k', '482913', 'desk')).ok).toBe(false);
    now = new Date(now.getTime() + 30_000);
    expect(await again.signIn('anna.k', '000000', 'desk')).toEqual({ ok: false, reason: 'refused' });
    expect(await again.signIn('anna.k', '482913', 'desk')).toEqual({ ok: false, reason: 'throttled', retryAfterSeconds: 60 });
    now = new Date(now.getTime() + 60_000);
    expect((await again.signIn('anna.k', '482913', 'desk')).ok).toBe(true);
    // Success resets the counter: one more failure does not lock.
    expect(await again.signIn('anna.k', '000000', 'desk')).toEqual({ ok: false, reason: 'refused' });
    expect((await again.signIn('anna.k', '482913', 'desk')).ok).toBe(true);
  });

  it('throttles one desk spraying many names, and never stores a mistyped name (maybe a password) in clear', async () => {
    await seed();
    for (let i = 0; i < 19; i++) expect(await accounts.signIn(`guess${i}`, 'x', '10.1.2.3')).toEqual({ ok: false, reason: 'refused' });
    expect(await accounts.signIn('Hunter2-Zqxw-Secret', 'x', '10.1.2.3')).toEqual({ ok: false, reason: 'refused' });
    // The 20th failure from that address locks the address, even for a right secret…
    expect(await accounts.signIn('anna.k', '482913', '10.1.2.3')).toEqual({ ok: false, reason: 'throttled', retryAfterSeconds: 30 });
    // …but not the account from another desk.
    expect((await accounts.signIn('anna.k', '482913', 'desk-3')).ok).toBe(true);
    vault.checkpoint();
    expect(findPlaintextMarkers(tmp.dir, ['Hunter2-Zqxw', 'hunter2-zqxw'])).toEqual([]);
  });

  it('checks a burst of guesses one at a time: throttled, the right secret not let in, other accounts not locked out', async () => {
    await seed();
    const burst = await Promise.all([...Array.from({ length: 60 }, (_, i) => accounts.signIn('anna.k', String(100000 + i), 'desk')), accounts.signIn('anna.k', '482913', 'desk')]);
    expect(burst.filter((r) => !r.ok && r.reason === 'refused')).toHaveLength(5);
    expect(burst.at(-1)).toEqual({ ok: false, reason: 'throttled', retryAfterSeconds: 30 });
    // One account's guesses count against its desk only for its free attempts: colleagues still sign in there.
    expect((await accounts.signIn('sup', 'supervisor secret 1', 'desk')).ok).toBe(true);
  });

  it('refuses disabled accounts, and keeps the last administrator', async () => {
    const { admin, teller } = await seed();
    accounts.disableAccount(admin, 'anna.k');
    expect(await accounts.signIn('anna.k', '482913', 'desk')).toEqual({ ok: false, reason: 'refused' });
    expect(() => accounts.disableAccount(admin, 'admin')).toThrow(/last active administrator/);
    expect(() => accounts.disableAccount(admin, 'nobody')).toThrow(/no account/);
    expect(accounts.listAccounts(admin).find((a) => a.id === teller.id)?.disabledAt).toBe(now.toISOString());
  });

  it('refuses bad input with a clear error and changes nothing', async () => {
    const { admin } = await seed();
    await expect(accounts.addAccount(admin, { username: 'x', role: 'teller', secret: '123456', secretKind: 'pin' })).rejects.toThrow(/username/);
    await expect(accounts.addAccount(admin, { username: 'bob', role: 'root' as never, secret: '123456', secretKind: 'pin' })).rejects.toThrow(/role/);
    await expect(accounts.addAccount(admin, { username: 'bob', role: 'teller', secret: '12ab56', secretKind: 'pin' })).rejects.toThrow(/PIN/);
    await expect(accounts.addAccount(admin, { username: 'bob', role: 'teller', secret: 'short' })).rejects.toThrow(/password/);
    await expect(accounts.addAccount(admin, { username: 'ANNA.K', role: 'teller', secret: '123456', secretKind: 'pin' })).rejects.toThrow(/exists/);
    await expect(accounts.addAccount('bootstrap', { username: 'eve', role: 'administrator', secret: 'another long one' })).rejects.toThrow(AccessDeniedError);
    expect(accounts.listAccounts(admin).map((a) => a.username)).toEqual(['admin', 'anna.k', 'sup']);
  });

  it('each role is refused what it may not do', async () => {
    const { admin, teller, supervisor } = await seed();
    await expect(accounts.addAccount(teller, { username: 'bob', role: 'teller', secret: '123456', secretKind: 'pin' })).rejects.toThrow(AccessDeniedError);
    await expect(accounts.addAccount(supervisor, { username: 'bob', role: 'teller', secret: '123456', secretKind: 'pin' })).rejects.toThrow(/supervisor may not user.manage/);
    expect(() => accounts.listAccounts(teller)).toThrow(AccessDeniedError);
    expect(() => accounts.disableAccount(supervisor, 'anna.k')).toThrow(AccessDeniedError);
    await expect(accounts.changeSecret(teller, 'sup', '999999', 'pin')).rejects.toThrow(AccessDeniedError);
    // One's own secret: allowed. An administrator's reset: allowed, and it clears a lock-out.
    await accounts.changeSecret(teller, 'anna.k', '135790');
    expect((await accounts.signIn('anna.k', '135790', 'desk')).ok).toBe(true);
    await accounts.changeSecret(admin, 'anna.k', '246801');
    expect((await accounts.signIn('anna.k', '246801', 'desk')).ok).toBe(true);
  });
});

describe('roles', () => {
  it('separates duties: tellers sign, supervisors answer data subjects, administrators manage', () => {
    expect(can('teller', 'session.sign')).toBe(true);
    for (const a of ['document.view', 'gdpr.export', 'gdpr.erase', 'audit.export', 'config.change', 'user.manage']) expect(can('teller', a)).toBe(false);
    expect(can('supervisor', 'gdpr.erase')).toBe(true);
    expect(can('supervisor', 'config.change')).toBe(false);
    expect(can('administrator', 'user.manage')).toBe(true);
    expect(can('administrator', 'document.view')).toBe(false);
    expect(can('administrator', 'gdpr.export')).toBe(false);
    expect(can('customer', 'session.sign')).toBe(false);
    expect(can('supervisor', 'no.such.action')).toBe(false);
    // Every action is allowed to someone (no dead entries).
    for (const a of actions) expect(roles.some((r) => can(r, a))).toBe(true);
  });
});

describe('secret hashing', () => {
  it('verifies only the right secret and rejects malformed hashes without throwing', async () => {
    const h = await hashSecret('påssword-ÅÄÖ', { logN: 10, r: 8, p: 1 });
    expect(await verifySecret('påssword-ÅÄÖ', h)).toBe(true);
    expect(await verifySecret('påssword-ÅÄö', h)).toBe(false);
    expect(await verifySecret('x', 'plain')).toBe(false);
    expect(await verifySecret('x', 'scrypt$99$8$1$AAAA$AAAA')).toBe(false);
    expect(h).not.toBe(await hashSecret('påssword-ÅÄÖ', { logN: 10, r: 8, p: 1 }));
  });
});
