import type { VaultDatabasePort } from '../vault/vaultDatabasePort';
import type { Role } from './roles';

export type SecretKind = 'password' | 'pin';

export interface AccountRow {
  id: string;
  username: string;
  role: Role;
  secret_kind: SecretKind;
  secret_hash: string;
  created_at: string;
  secret_changed_at: string;
  disabled_at: string | null;
  last_sign_in_at: string | null;
}

export interface ThrottleRow {
  failures: number;
  locked_until: string | null;
}

/** The accounts area's tables in the vault (migrations 100 and 110): accounts and sign-in throttling. */
export class AccountRepository {
  constructor(readonly db: VaultDatabasePort) {}

  byUsername(username: string): AccountRow | undefined {
    return this.db.prepare('SELECT * FROM accounts WHERE username = ?').get(username) as AccountRow | undefined;
  }

  all(): AccountRow[] {
    return this.db.prepare('SELECT * FROM accounts ORDER BY username').all() as AccountRow[];
  }

  countActive(role?: Role): number {
    const row = role
      ? this.db.prepare('SELECT COUNT(*) AS n FROM accounts WHERE role = ? AND disabled_at IS NULL').get(role)
      : this.db.prepare('SELECT COUNT(*) AS n FROM accounts WHERE disabled_at IS NULL').get();
    return (row as { n: number }).n;
  }

  insert(row: Pick<AccountRow, 'id' | 'username' | 'role' | 'secret_kind' | 'secret_hash' | 'created_at'>): void {
    this.db
      .prepare('INSERT INTO accounts (id, username, role, secret_kind, secret_hash, created_at, secret_changed_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(row.id, row.username, row.role, row.secret_kind, row.secret_hash, row.created_at, row.created_at);
  }

  signedIn(id: string, at: string): void {
    this.db.prepare('UPDATE accounts SET last_sign_in_at = ? WHERE id = ?').run(at, id);
  }

  /** A stronger hash of the same secret (the cost went up); not a change of secret. */
  rehashed(id: string, hash: string): void {
    this.db.prepare('UPDATE accounts SET secret_hash = ? WHERE id = ?').run(hash, id);
  }

  changeSecret(id: string, hash: string, kind: SecretKind, at: string): void {
    this.db.prepare('UPDATE accounts SET secret_hash = ?, secret_kind = ?, secret_changed_at = ? WHERE id = ?').run(hash, kind, at, id);
  }

  disable(id: string, at: string): void {
    this.db.prepare('UPDATE accounts SET disabled_at = ? WHERE id = ?').run(at, id);
  }

  deskLanguage(id: string): string | null | undefined {
    return (this.db.prepare('SELECT desk_language AS language FROM accounts WHERE id = ?').get(id) as { language: string | null } | undefined)?.language;
  }

  /** False when there is no such account. */
  setDeskLanguage(id: string, language: string): boolean {
    return this.db.prepare('UPDATE accounts SET desk_language = ? WHERE id = ?').run(language, id).changes === 1;
  }

  throttle(key: string): ThrottleRow | undefined {
    return this.db.prepare('SELECT failures, locked_until FROM sign_in_throttle WHERE username = ?').get(key) as ThrottleRow | undefined;
  }

  saveThrottle(key: string, failures: number, at: string, lockedUntil: string | null): void {
    this.db
      .prepare(`INSERT INTO sign_in_throttle (username, failures, last_failure_at, locked_until) VALUES (?, ?, ?, ?)
                ON CONFLICT (username) DO UPDATE SET failures = excluded.failures, last_failure_at = excluded.last_failure_at, locked_until = excluded.locked_until`)
      .run(key, failures, at, lockedUntil);
  }

  clearThrottle(...keys: string[]): void {
    const remove = this.db.prepare('DELETE FROM sign_in_throttle WHERE username = ?');
    for (const key of keys) remove.run(key);
  }
}

/** The repository over a vault (its `sql` port) or over the port itself. */
export function accountRepositoryOf(store: { sql: VaultDatabasePort } | VaultDatabasePort): AccountRepository {
  return new AccountRepository('prepare' in store ? store : store.sql);
}
