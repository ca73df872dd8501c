import type { DeskAccounts, DeskSignInResult } from '../desk/deskAccounts';
import type { AccountService } from './accountService';
import type { TellerLanguages } from './tellerLanguages';

/**
 * The teller desk's sign-in (main/desk/deskAccounts.ts) on the real account service: the one-line
 * adapter main/station.ts composes (`deskAccounts: deskAccountsFrom(accounts)`). A disabled account
 * is reported as 'refused', like a wrong secret: the screen must not tell which accounts exist.
 */
export function deskAccountsFrom(accounts: AccountService, languages?: TellerLanguages): DeskAccounts {
  return {
    get hint() {
      return accounts.count() === 0 ? { kind: 'no-accounts' as const } : undefined;
    },
    async signIn(username, secret, from): Promise<DeskSignInResult> {
      const r = await accounts.signIn(username, secret, from);
      if (r.ok) return { ok: true, account: { ...r.account, language: languages?.of(r.account.id) } };
      if (r.reason === 'throttled') return { ok: false, reason: 'throttled', retryAfterMs: r.retryAfterSeconds * 1000 };
      return { ok: false, reason: 'refused' };
    },
    setLanguage: languages && ((accountId, language) => languages.set(accountId, language)),
  };
}
