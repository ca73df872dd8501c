/**
 * What the teller's desk needs from an account service: one sign-in check. The station's real
 * account service (main/accounts: scrypt hashes, roles, throttling) satisfies it through
 * a one-line adapter in main/station.ts; until then, and on demo stations, demoDeskAccounts.ts does.
 */
import type { DeskHint, Language } from '../../preload/common/contract';

export type DeskRole = 'teller' | 'supervisor' | 'administrator';

export interface DeskAccount {
  id: string;
  username: string;
  role: DeskRole;
  /** The language of the teller's window, kept with the account. */
  language?: Language;
}

export type DeskSignInResult =
  | { ok: true; account: DeskAccount }
  /** refused: wrong name or secret (never says which); throttled: too many attempts, wait retryAfterMs. */
  | { ok: false; reason: 'refused' | 'throttled' | 'disabled'; retryAfterMs?: number };

export interface DeskAccounts {
  signIn(username: string, secret: string, from: string): Promise<DeskSignInResult> | DeskSignInResult;
  /** A line for the sign-in screen: the demo account on demo stations, or how to create the first account. */
  readonly hint?: DeskHint;
  /** Keeps the teller's window language with the account (absent: kept for this run of the station only). */
  setLanguage?(accountId: string, language: Language): void;
}
