import { ContractError, type DeskAccess, type Language } from '../../preload/common/contract';
import type { Logger } from '../logging/logger';
import type { DeskAccount, DeskAccounts } from './deskAccounts';
import { stationText } from '../../preload/common/stationText';

export interface DeskAccessOptions {
  accounts: DeskAccounts;
  /** Inactivity after which the desk locks (ms); 0: only on demand. */
  lockAfterMs: number;
  log: Logger;
  /** Told whenever the desk signs in, locks or signs out (the station publishes 'auth.changed'). */
  onChange?: (access: DeskAccess) => void;
}

/**
 * The teller's desk: who is signed in at this station, and the lock. There is one desk per
 * station (one teller window; browser-mode tabs of the same teller share it), so the state lives
 * here in the services, not in a window: a reload, a second tab or a crafted WebSocket message
 * cannot skip the lock. Locking keeps the open signing going on the customer's side; it only
 * hides the teller's side until someone signs in again.
 */
export class DeskAccessControl {
  private user: DeskAccount | undefined;
  private lockedUser: string | undefined;
  private timer: NodeJS.Timeout | undefined;
  /** Window languages of accounts whose store keeps none (the demo teller), for this run only. */
  private readonly languages = new Map<string, Language>();

  constructor(private readonly o: DeskAccessOptions) {}

  view(): DeskAccess {
    return {
      signedIn: Boolean(this.user),
      user: this.user && { username: this.user.username, role: this.user.role, language: this.user.language ?? this.languages.get(this.user.id) },
      lockedUser: this.user ? undefined : this.lockedUser,
      lockAfterSeconds: this.o.lockAfterMs / 1000,
      hint: this.o.accounts.hint,
    };
  }

  /** The signed-in account, for requests that record who did what. */
  signedInUser(): DeskAccount | undefined {
    return this.user;
  }

  async signIn(username: string, secret: string, from: string): Promise<DeskAccess> {
    const result = await this.o.accounts.signIn(username, secret, from);
    if (!result.ok) {
      this.o.log.warn('desk sign-in refused', { reason: result.reason });
      if (result.reason === 'throttled') {
        const seconds = Math.max(1, Math.ceil((result.retryAfterMs ?? 30_000) / 1000));
        throw new ContractError('sign-in-throttled', `Too many attempts. Try again in ${seconds} seconds.`, stationText('sign-in-throttled', { seconds }));
      }
      if (result.reason === 'disabled') throw new ContractError('sign-in-refused', 'This account is disabled. Ask a supervisor.', stationText('account-disabled'));
      throw new ContractError('sign-in-refused', 'That user name and PIN or password do not match.', stationText('sign-in-wrong'));
    }
    const switched = this.lockedUser !== undefined && this.lockedUser !== result.account.username;
    this.user = result.account;
    this.lockedUser = undefined;
    this.o.log.info('desk signed in', { accountId: result.account.id, role: result.account.role, switchedUser: switched });
    this.activity();
    this.changed();
    return this.view();
  }

  /** The signed-in teller chooses the language of their window; it is kept with their account. */
  setLanguage(language: Language): DeskAccess {
    const user = this.requireSignedIn();
    this.o.accounts.setLanguage?.(user.id, language);
    this.languages.set(user.id, language);
    this.user = { ...user, language };
    this.changed();
    return this.view();
  }

  lock(why: 'on demand' | 'inactivity'): DeskAccess {
    this.stopTimer();
    if (this.user) {
      this.lockedUser = this.user.username;
      this.o.log.info('desk locked', { accountId: this.user.id, why });
      this.user = undefined;
      this.changed();
    }
    return this.view();
  }

  signOut(): DeskAccess {
    this.stopTimer();
    const had = this.user || this.lockedUser;
    this.user = undefined;
    this.lockedUser = undefined;
    if (had) {
      this.o.log.info('desk signed out');
      this.changed();
    }
    return this.view();
  }

  /** Any teller request or key press: the teller is still at the desk. */
  activity(): void {
    if (!this.user) return;
    this.stopTimer();
    if (this.o.lockAfterMs <= 0) return;
    this.timer = setTimeout(() => this.lock('inactivity'), this.o.lockAfterMs);
    this.timer.unref?.();
  }

  /** Refuses every teller request but the sign-in ones while nobody is signed in. */
  requireSignedIn(): DeskAccount {
    if (!this.user) throw new ContractError('locked', 'The teller window is locked. Sign in to continue.', stationText('desk-locked'));
    return this.user;
  }

  close(): void {
    this.stopTimer();
  }

  private stopTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private changed(): void {
    this.o.onChange?.(this.view());
  }
}
