/**
 * The privacy services composed for the station (one call in main/station/createStation.ts):
 *
 *   const privacy = setupPrivacy({ vault, config, log })
 *   privacy.audit           the audit trail, already following every document transition
 *   privacy.accounts        teller accounts (sign-in, roles, throttling), auditing to the trail
 *   privacy.deskAccounts    the desk's sign-in over those accounts (setupDesk's real accounts)
 *   privacy.apiAudit        ApiServerOptions.audit
 *   privacy.purger          retention, started: purges at once and every purgeIntervalMinutes
 *   privacy.pendingAudit    fail-closed audit on a full disk (pendingAudit.ts): desk events held, written first,
 *                           and kept in a preallocated reserve beside the vault (auditReserveJournal.ts) so a
 *                           station killed meanwhile writes them at its next start, before anything else
 *   privacy.close()         stops the schedule and the vault subscription, signs a last checkpoint
 *
 * With `events` (the station's EventHub): the desk's session and lock events are audited too
 * (sessionAudit.ts), which also links each signer to their signed document.
 *
 * With `sync` (the sync service) and `archive` (its S3 client and bucket): after each sync run that
 * reached the archive, the retention purge runs (newly synced documents may be due at once) and
 * the audit checkpoints are signed and uploaded beside the documents. Pass no `retention` option to
 * the sync service then: this purger applies the full policy (types, receipts) and audits it.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { createAccountService } from '../accounts/accountService';
import { deskAccountsFrom } from '../accounts/deskAccountsAdapter';
import { tellerLanguagesIn } from '../accounts/tellerLanguages';
import type { StationConfig } from '../config/stationConfigSchema';
import type { Vault } from '../vault/vault';
import { apiAuditSink } from './apiAuditSink';
import { uploadAuditCheckpoints } from './auditCheckpointArchive';
import { createAuditTrail } from './auditTrail';
import { createRetentionPurger } from './retentionPurger';
import { openAuditReserve } from './auditReserveJournal';
import { holdAuditWhenDiskFull } from './pendingAudit';
import { auditStationEvents, type StationEventSource } from './sessionAudit';
import type { Logger } from '../logging/logger';

export interface SyncRunEvents {
  onProgress(listener: (p: { running: boolean; online: boolean; lastRunAt: string | null }) => void): () => void;
}

export function setupPrivacy(input: { vault: Vault; config: StationConfig; log: Pick<Logger, 'info' | 'warn'>; clock?: () => Date; startPurger?: boolean; sync?: SyncRunEvents; archive?: { client: S3Client; bucket: string }; events?: StationEventSource }) {
  const { vault, config, log } = input;
  const audit = createAuditTrail(vault, { log, clock: input.clock });
  const reserve = openAuditReserve(vault, { log });
  const pendingAudit = holdAuditWhenDiskFull(audit, { log, inTransaction: () => vault.sql.inTransaction, transaction: (fn) => vault.transaction(fn), reserve });
  // What a station stopped on a full disk left in the reserve comes first, before this start's entries.
  const restored = pendingAudit.restore();
  if (restored) log.info('audit: entries held before the last stop were written first', { count: restored, held: pendingAudit.held() });
  const unfollow = audit.followVault();
  const accounts = createAccountService(vault, { log, audit, clock: input.clock });
  const purger = createRetentionPurger({ vault, config, audit, clock: input.clock, log });
  const stopPurger = input.startPurger === false ? () => {} : purger.start();
  audit.append({ actor: 'station', action: 'station.started', from: config.station.id, details: { branch: config.station.branch } });
  const unevents = input.events ? auditStationEvents(input.events, { append: pendingAudit.appendOrHold }, { from: config.station.id, log }) : () => {};
  let afterSync: Promise<void> = Promise.resolve();
  let lastRun: string | null = null;
  const unsync = input.sync?.onProgress((p) => {
    if (p.running || !p.online || p.lastRunAt === lastRun) return;
    lastRun = p.lastRunAt;
    afterSync = afterSync.then(async () => {
      try {
        purger.runOnce();
        if (input.archive) await uploadAuditCheckpoints(audit, input.archive.client, input.archive.bucket);
      } catch (err) {
        log.warn('privacy: after-sync retention or checkpoint upload failed; retried after the next run', { error: (err as Error).message });
      }
    });
  }) ?? (() => {});
  return {
    audit,
    accounts,
    // A teller's window language is kept with the account.
    deskAccounts: deskAccountsFrom(accounts, tellerLanguagesIn(input.vault)),
    apiAudit: apiAuditSink(audit),
    purger,
    pendingAudit,
    /** Resolves when the work started by the last sync run (purge, checkpoint upload) is done. */
    settled(): Promise<void> {
      return afterSync;
    },
    close(): void {
      stopPurger();
      unsync();
      unevents();
      unfollow();
      pendingAudit.close();
      try {
        audit.append({ actor: 'station', action: 'station.stopped', from: config.station.id });
        audit.checkpoint();
      } catch (err) {
        log.warn('audit: could not record the stop', { error: (err as Error).message, held: pendingAudit.held() });
      }
      reserve?.close();
    },
  };
}

export type PrivacyServices = ReturnType<typeof setupPrivacy>;
