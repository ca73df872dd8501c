import type { DeskAccounts } from './deskAccounts';

/**
 * Which accounts the desk signs in against: the station's real accounts (main/accounts, through
 * deskAccountsFrom), except on a demo-tenant station that has none yet, which offers the built-in
 * demo teller. Decided at each sign-in, so the demo account disappears as soon as an
 * administrator creates the first real account.
 */
export function stationDeskAccounts(options: { tenant: string; real: DeskAccounts; countReal: () => number; demo: () => DeskAccounts }): DeskAccounts {
  let demo: DeskAccounts | undefined;
  const current = () => (options.tenant === 'demo' && options.countReal() === 0 ? (demo ??= options.demo()) : options.real);
  return {
    get hint() {
      return current().hint;
    },
    signIn: (username, secret, from) => current().signIn(username, secret, from),
    setLanguage: (accountId, language) => current().setLanguage?.(accountId, language),
  };
}
