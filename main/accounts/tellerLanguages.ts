import { languages, type Language } from '../../preload/common/contract';
import type { VaultDatabasePort } from '../vault/vaultDatabasePort';
import { accountRepositoryOf } from './accountRepository';

/**
 * The language each teller's window speaks, kept with the account (column from migration 110).
 * Its own small port over the accounts repository, for the desk.
 */
export interface TellerLanguages {
  of(accountId: string): Language | undefined;
  set(accountId: string, language: Language): void;
}

export function tellerLanguagesIn(store: { sql: VaultDatabasePort } | VaultDatabasePort): TellerLanguages {
  const accounts = accountRepositoryOf(store);
  return {
    of(accountId) {
      const language = accounts.deskLanguage(accountId);
      return language && (languages as readonly string[]).includes(language) ? (language as Language) : undefined;
    },
    set(accountId, language) {
      if (!accounts.setDeskLanguage(accountId, language)) throw new Error(`no account ${accountId}`);
    },
  };
}
