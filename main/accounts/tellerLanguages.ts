import { languages, type Language } from '../../preload/common/contract';
import type { VaultDatabase } from '../vault/vaultDatabase';

/**
 * The language each teller's window speaks, kept with the account (column from migration 110).
 * Its own small store so the account service's SQL stays where it is.
 */
export interface TellerLanguages {
  of(accountId: string): Language | undefined;
  set(accountId: string, language: Language): void;
}

export function tellerLanguagesIn(store: { db: VaultDatabase } | VaultDatabase): TellerLanguages {
  const db = 'db' in store ? store.db : store;
  const read = db.prepare('SELECT desk_language AS language FROM accounts WHERE id = ?');
  const write = db.prepare('UPDATE accounts SET desk_language = ? WHERE id = ?');
  return {
    of(accountId) {
      const row = read.get(accountId) as { language: string | null } | undefined;
      return row?.language && (languages as readonly string[]).includes(row.language) ? (row.language as Language) : undefined;
    },
    set(accountId, language) {
      if (write.run(language, accountId).changes !== 1) throw new Error(`no account ${accountId}`);
    },
  };
}
