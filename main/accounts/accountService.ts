/**
 * Teller accounts: sign-in with throttling, roles, account administration. API (keep stable; the
 * teller UI's sign-in screen, the CLI and the HTTP API build on it):
 *
 *   const accounts = createAccountService(vault | vault.sql, { log, clock?, audit?, cost? })
 *   await accounts.signIn(username, secret, from)
 *       → { ok: true, account: { id, username, role } }
 *       | { ok: false, reason: 'refused' }                        wrong name/secret, or disabled (not told apart)
 *       | { ok: false, reason: 'throttled', retryAfterSeconds }   too many failures (this name, or from this desk): wait
 *   accounts.can(role, action) → boolean                          (roles.ts: the one matrix)
 *   accounts.require(actor, action)                               throws AccessDeniedError
 *   await accounts.addAccount(actor | 'bootstrap', { username, role, secret, secretKind })
 *   accounts.listAccounts(actor) / accounts.disableAccount(actor, username)
 *   await accounts.changeSecret(actor, username, newSecret, secretKind?)
 *   accounts.count()                                              0: only 'bootstrap' may add (the first administrator)
 *   deskAccountsFrom(accounts)                                    the desk's sign-in (deskAccountsAdapter.ts)
 *
 * Every sign-in (success, failure, throttled) and every account change is an audit entry when an
 * audit trail is given. The vault's migrations (100-accounts.sql) create the tables; their SQL is in
 * accountRepository.ts.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { VaultDatabasePort } from '../vault/vaultDatabasePort';
import { accountRepositoryOf, type AccountRow, type SecretKind } from './accountRepository';
import { AccessDeniedError, can, isRole, requirePermission, type Action, type Actor, type Role } from './roles';
import { keyedSerialQueue } from './keyedSerialQueue';
import { defaultScryptCost, hashSecret, needsRehash, verifySecret, type ScryptCost } from './secretHashing';
import type { Logger } from '../logging/logger';

export type SignInResult =
  | { ok: true; account: Actor }
  | { ok: false; reason: 'refused' }
  | { ok: false; reason: 'throttled'; retryAfterSeconds: number };

export type { SecretKind } from './accountRepository';

export interface AccountSummary {
  id: string;
  username: string;
  role: Role;
  secretKind: SecretKind;
  createdAt: string;
  disabledAt: string | null;
  lastSignInAt: string | null;
}

/** What the account service writes to the audit trail (the privacy area's AuditTrail fits). */
export interface AccountAuditSink {
  append(entry: { actor: string; action: string; from: string; recordId?: string; details?: Record<string, unknown> }): unknown;
}

export interface AccountServiceOptions {
  log: Pick<Logger, 'info' | 'warn'>;
  clock?: () => Date;
  audit?: AccountAuditSink;
  cost?: ScryptCost;
  /** Failures allowed before the first lock-out. Default 5. */
  freeAttempts?: number;
  /** First lock-out in seconds; doubles with each further failure up to maxLockSeconds. Default 30. */
  baseLockSeconds?: number;
  maxLockSeconds?: number;
}

/** Bad input to an account operation: a clear message, nothing changed. */
export class AccountError extends Error {
  constructor(message: string, readonly code: 'invalid' | 'exists' | 'not-found' | 'last-administrator') {
    super(message);
    this.name = 'AccountError';
  }
}

const usernamePattern = /^[A-Za-z0-9][A-Za-z0-9._@-]{1,63}$/;

/** A password of 10+ characters, or a PIN of 6–12 digits (tellers sign in many times a day). */
export function checkSecret(secret: string, kind: SecretKind): void {
  if (typeof secret !== 'string') throw new AccountError('the secret must be text', 'invalid');
  if (kind === 'pin' && !/^\d{6,12}$/.test(secret)) throw new AccountError('a PIN is 6 to 12 digits', 'invalid');
  if (kind === 'password' && (secret.length < 10 || secret.length > 256)) throw new AccountError('a password has 10 to 256 characters', 'invalid');
}

export function createAccountService(store: { sql: VaultDatabasePort } | VaultDatabasePort, options: AccountServiceOptions) {
  const accounts = accountRepositoryOf(store);
  const clock = options.clock ?? (() => new Date());
  const cost = options.cost ?? defaultScryptCost;
  const freeAttempts = options.freeAttempts ?? 5;
  const baseLock = options.baseLockSeconds ?? 30;
  const maxLock = options.maxLockSeconds ?? 3600;
  // One desk or address may fail this many times more than one name before it is throttled itself.
  const sourceFactor = 4;
  // A hash to check unknown usernames against, so that they take as long as known ones.
  let dummyHash: Promise<string> | undefined;
  const oneAtATime = keyedSerialQueue();

  const row = (username: string) => accounts.byUsername(username);
  const actorOf = (r: AccountRow): Actor => ({ id: r.id, username: r.username, role: r.role });
  const audit = (entry: Parameters<AccountAuditSink['append']>[0]) => options.audit?.append(entry);
  const actorName = (actor: Actor | 'bootstrap') => (actor === 'bootstrap' ? 'bootstrap' : actor.username);

  /**
   * Throttle keys (the table's `username` column): 'account:<id>' for a known account; for a name
   * that matches none, 'unknown:' + 24 bits of its SHA-256 — enough to throttle guessing, too few to
   * tell anything about what was typed (often a password in the wrong field); 'from:<source>' for
   * all failures from one desk or address (spraying many names).
   */
  const nameKey = (name: string, account: AccountRow | undefined) =>
    account ? `account:${account.id}` : `unknown:${createHash('sha256').update(name.normalize('NFKC').toLowerCase()).digest('hex').slice(0, 6)}`;
  const sourceKey = (from: string) => `from:${String(from).slice(0, 200)}`;

  function lockedFor(key: string, now: Date): { failures: number; retryAfterSeconds: number } | undefined {
    const t = accounts.throttle(key);
    if (!t?.locked_until || Date.parse(t.locked_until) <= now.getTime()) return undefined;
    return { failures: t.failures, retryAfterSeconds: Math.ceil((Date.parse(t.locked_until) - now.getTime()) / 1000) };
  }

  function recordFailure(key: string, now: Date, free: number): number {
    const prev = accounts.throttle(key);
    const failures = (prev?.failures ?? 0) + 1;
    const lock = failures < free ? 0 : Math.min(maxLock, baseLock * 2 ** (failures - free));
    const lockedUntil = lock ? new Date(now.getTime() + lock * 1000).toISOString() : null;
    accounts.saveThrottle(key, failures, now.toISOString(), lockedUntil);
    return failures;
  }

  async function attemptSignIn(name: string, secret: string, from: string): Promise<SignInResult> {
    const now = clock();
    const account = row(name);
    const key = nameKey(name, account);
    const throttled = (retryAfterSeconds: number): SignInResult => {
      audit(account ? { actor: account.username, action: 'sign-in.throttled', from, recordId: account.id } : { actor: 'unknown-user', action: 'sign-in.throttled', from, details: { typed: name } });
      return { ok: false, reason: 'throttled', retryAfterSeconds };
    };
    const locked = lockedFor(key, now) ?? lockedFor(sourceKey(from), now);
    if (locked) return throttled(locked.retryAfterSeconds);
    // The attempt counts as a failure before the (async) hash and is forgiven only when the secret
    // matched, so no other sign-in — not even one from another process on this vault, such as the
    // CLI — can pass the lock check on a count that is behind. A name adds to its desk's count only for its first free attempts: guessing one
    // account's PIN throttles that account, not every teller at the desk; spraying names still
    // throttles the desk.
    const failures = accounts.db.transaction(() => {
      const n = recordFailure(key, now, freeAttempts);
      if (n <= freeAttempts) recordFailure(sourceKey(from), now, freeAttempts * sourceFactor);
      return n;
    });
    const ok = account ? await verifySecret(secret, account.secret_hash) : await verifySecret(secret, await (dummyHash ??= hashSecret('no such account', cost))).then(() => false);
    if (!account || !ok || account.disabled_at) {
      // A name that matches no account may be a password typed into the wrong field: it goes only
      // into the encrypted details, never into the clear actor column.
      audit(account
        ? { actor: account.username, action: account.disabled_at ? 'sign-in.refused.disabled' : 'sign-in.refused', from, recordId: account.id }
        : { actor: 'unknown-user', action: 'sign-in.refused', from, details: { typed: name } });
      options.log.warn('sign-in refused', { from, failures });
      return { ok: false, reason: 'refused' };
    }
    accounts.clearThrottle(nameKey(name, account), sourceKey(from));
    accounts.signedIn(account.id, now.toISOString());
    if (needsRehash(account.secret_hash, cost)) accounts.rehashed(account.id, await hashSecret(secret, cost));
    audit({ actor: account.username, action: 'sign-in', from, recordId: account.id });
    return { ok: true, account: actorOf(account) };
  }

  return {
    can(role: string, action: string): boolean {
      return can(role, action);
    },

    require(actor: Actor | undefined, action: Action): void {
      requirePermission(actor, action);
    },

    count(): number {
      return accounts.countActive();
    },

    async signIn(username: string, secret: string, from: string): Promise<SignInResult> {
      const name = typeof username === 'string' ? username.trim().slice(0, 64) : '';
      if (!name || typeof secret !== 'string' || secret.length > 256) {
        audit({ actor: 'anonymous', action: 'sign-in.refused', from });
        return { ok: false, reason: 'refused' };
      }
      // One sign-in per account at a time (the WebSocket binding dispatches messages concurrently):
      // a burst of guesses is checked in turn, each against the lock-out the ones before it left.
      return oneAtATime(nameKey(name, row(name)), () => attemptSignIn(name, secret, from));
    },
    /** 'bootstrap' may add only the first administrator, when no active account exists. */
    async addAccount(actor: Actor | 'bootstrap', input: { username: string; role: Role; secret: string; secretKind?: SecretKind; from?: string }): Promise<Actor> {
      if (actor === 'bootstrap') {
        if (this.count() > 0) throw new AccessDeniedError('user.manage', 'bootstrap (accounts exist: sign in as an administrator)');
        if (input.role !== 'administrator') throw new AccountError('the first account must be an administrator', 'invalid');
      } else requirePermission(actor, 'user.manage');
      const kind = input.secretKind ?? 'password';
      if (!usernamePattern.test(input.username ?? '')) throw new AccountError('a username is 2–64 of letters, digits . _ @ - (starting with a letter or digit)', 'invalid');
      if (!isRole(input.role)) throw new AccountError(`role must be teller, supervisor or administrator (got ${JSON.stringify(input.role)})`, 'invalid');
      checkSecret(input.secret, kind);
      if (row(input.username)) throw new AccountError(`an account ${input.username} exists already`, 'exists');
      const hash = await hashSecret(input.secret, cost);
      const now = clock().toISOString();
      const id = randomUUID();
      // The account and its audit entry together, or neither.
      accounts.db.transaction(() => {
        try {
          accounts.insert({ id, username: input.username, role: input.role, secret_kind: kind, secret_hash: hash, created_at: now });
        } catch (err) {
          if (/UNIQUE/.test((err as Error).message)) throw new AccountError(`an account ${input.username} exists already`, 'exists');
          throw err;
        }
        audit({ actor: actorName(actor), action: 'user.added', from: input.from ?? 'local', recordId: id, details: { username: input.username, role: input.role } });
      });
      return { id, username: input.username, role: input.role };
    },

    listAccounts(actor: Actor): AccountSummary[] {
      requirePermission(actor, 'user.manage');
      return accounts.all().map((r) => ({
        id: r.id, username: r.username, role: r.role, secretKind: r.secret_kind, createdAt: r.created_at, disabledAt: r.disabled_at, lastSignInAt: r.last_sign_in_at,
      }));
    },

    /** Disabled accounts cannot sign in; the row stays (the audit trail refers to it). The last active administrator cannot be disabled. */
    disableAccount(actor: Actor, username: string, from = 'local'): void {
      requirePermission(actor, 'user.manage');
      const target = row(username);
      if (!target) throw new AccountError(`no account ${username}`, 'not-found');
      if (target.disabled_at) return;
      if (target.role === 'administrator') {
        const admins = accounts.countActive('administrator');
        if (admins <= 1) throw new AccountError('this is the last active administrator: add another one first', 'last-administrator');
      }
      accounts.db.transaction(() => {
        accounts.disable(target.id, clock().toISOString());
        audit({ actor: actor.username, action: 'user.disabled', from, recordId: target.id, details: { username: target.username } });
      });
    },

    /** Anyone may change their own secret; an administrator may reset anyone's. Clears a lock-out. */
    async changeSecret(actor: Actor, username: string, secret: string, kind?: SecretKind, from = 'local'): Promise<void> {
      const target = row(username);
      if (!target || target.id !== actor.id) requirePermission(actor, 'user.manage');
      if (!target) throw new AccountError(`no account ${username}`, 'not-found');
      const secretKind = kind ?? target.secret_kind;
      checkSecret(secret, secretKind);
      const hash = await hashSecret(secret, cost);
      accounts.db.transaction(() => {
        accounts.changeSecret(target.id, hash, secretKind, clock().toISOString());
        accounts.clearThrottle(nameKey(target.username, target));
        audit({ actor: actor.username, action: 'user.secret-changed', from, recordId: target.id });
      });
    },
  };
}

export type AccountService = ReturnType<typeof createAccountService>;
