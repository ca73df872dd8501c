/**
 * The privacy services composed for the station (one call in main/station.ts):
 *
 *   const privacy = setupPrivacy({ vault, config, log })
 *   privacy.audit           the audit trail, already following every document transition
 *   privacy.accounts        teller accounts (sign-in, roles, throttling), auditing to the trail
 *   privacy.deskAccounts    the desk's sign-in adapter (StationParts.deskAccounts)
 *   privacy.apiAudit        ApiServerOptions.audit
 *   privacy.purger          retention, started: purges at once and every purgeIntervalMinutes
 *   privacy.close()         stops the schedule and the vault subscription, signs a last checkpoint
 */
import { createAccountService } from '../accounts/accountService';
import { deskAccountsFrom } from '../accounts/deskAccountsAdapter';
import type { StationConfig } from '../config/stationConfigSchema';
import type { Vault } from '../vault/vault';
import { apiAuditSink } from './apiAuditSink';
import { createAuditTrail } from './auditTrail';
import { createRetentionPurger } from './retentionPurger';

type Log = { info(m: string, f?: Record<string, string | number | boolean | null | undefined>): void; warn(m: string, f?: Record<string, string | number | boolean | null | undefined>): void };

export function setupPrivacy(input: { vault: Vault; config: StationConfig; log: Log; clock?: () => Date; startPurger?: boolean }) {
  const { vault, config, log } = input;
  const audit = createAuditTrail(vault, { log, clock: input.clock });
  const unfollow = audit.followVault();
  const accounts = createAccountService(vault, { log, audit, clock: input.clock });
  const purger = createRetentionPurger({ vault, config, audit, clock: input.clock, log });
  const stopPurger = input.startPurger === false ? () => {} : purger.start();
  audit.append({ actor: 'station', action: 'station.started', from: config.station.id, details: { branch: config.station.branch } });
  return {
    audit,
    accounts,
    deskAccounts: deskAccountsFrom(accounts),
    apiAudit: apiAuditSink(audit),
    purger,
    close(): void {
      stopPurger();
      unfollow();
      try {
        audit.append({ actor: 'station', action: 'station.stopped', from: config.station.id });
        audit.checkpoint();
      } catch (err) {
        log.warn('audit: could not record the stop', { error: (err as Error).message });
      }
    },
  };
}

export type PrivacyServices = ReturnType<typeof setupPrivacy>;
