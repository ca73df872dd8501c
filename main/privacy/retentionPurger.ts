/**
 * Retention and storage limits:
 *
 *   const purger = createRetentionPurger({ vault, config, clock?, audit, log? })
 *   purger.runOnce() → { purged: [{ documentId, reason }], storedBytes }   (supervisor/administrator CLI: retention.run)
 *   purger.confirmArchiveReceipt(documentId, via)                            the client's archive has it (API/SFTP)
 *   purger.start() → stop()                                                  at start, then every purgeIntervalMinutes
 *
 * Policy, as agreed with the client (config `privacy`): a synced document stays `retentionDays`
 * after sync, or the days of its document type (`retentionByDocumentType`, type from the
 * document's encrypted metadata.documentType); with `purgeOnArchiveReceipt`, a synced document whose
 * receipt the client's own archive confirmed goes at once; then, over `storageBudgetMiB`, the
 * oldest synced go first. Never a document that has not reached the S3 archive (signed, queued,
 * uploading) and never one under legal hold ('kept'): only the vault's `synced` state is purged,
 * and the vault refuses any other transition to `purged`. Each run with purges is an audit entry,
 * and each purge a document.purged entry (audit.followVault).
 */
import type { StationConfig } from '../config/stationConfigSchema';
import { waitingStates } from '../vault/documentStates';
import { documentKinds, type Vault } from '../vault/vault';
import { DocumentRetentionRepository, type RetainedDocumentRow } from './documentRetentionRepository';
import type { AuditTrail } from './auditTrail';
import type { Logger } from '../logging/logger';

export type RetentionConfig = Pick<StationConfig['privacy'], 'retentionDays' | 'storageBudgetMiB' | 'retentionByDocumentType' | 'purgeOnArchiveReceipt' | 'purgeIntervalMinutes'>;

export interface PurgeReport {
  at: string;
  purged: { documentId: string; reason: string }[];
  storedBytes: number;
  /** Documents over a limit that could not go because they are not synced yet (never purged before sync). */
  waitingForSync: number;
  /** Due documents remain (the pass reached its limit). */
  more: boolean;
}

export interface RetentionPurgerInput {
  vault: Vault;
  config: RetentionConfig | StationConfig;
  clock?: () => Date;
  audit: AuditTrail;
  log?: Pick<Logger, 'info' | 'warn'>;
}

/** "loan=3650,account-opening=30" → Map. */
export function parseRetentionByType(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const m = /^([A-Za-z0-9._-]+)=(\d{1,5})$/.exec(part);
    if (!m) throw new Error(`privacy.retentionByDocumentType: '${part}' is not type=days`);
    out.set(m[1], Number(m[2]));
  }
  return out;
}


export function createRetentionPurger(input: RetentionPurgerInput) {
  const { vault, audit } = input;
  const config: RetentionConfig = 'privacy' in input.config ? input.config.privacy : input.config;
  const clock = input.clock ?? (() => new Date());
  const byType = parseRetentionByType(config.retentionByDocumentType ?? '');
  const budgetBytes = config.storageBudgetMiB * 1024 * 1024;
  const day = 86_400_000;
  const retention = new DocumentRetentionRepository(vault.sql);

  /** The document type from the encrypted details, remembered (a type is not personal data). */
  function documentType(id: string): string {
    const plain = vault.openRecord(documentKinds.details, id);
    let type = '';
    if (plain) {
      const t = JSON.parse(plain.toString('utf8'))?.metadata?.documentType;
      if (typeof t === 'string' && /^[A-Za-z0-9._-]{1,64}$/.test(t)) type = t;
    }
    retention.rememberType(id, type);
    return type;
  }

  const purger = {
    confirmArchiveReceipt(documentId: string, via: 'api' | 'sftp' | string): void {
      if (!vault.document(documentId)) throw new Error(`no document ${JSON.stringify(documentId).slice(0, 140)} in the vault`);
      const at = clock().toISOString();
      retention.confirmReceipt(documentId, at, via);
      audit.append({ actor: `archive:${via}`, action: 'archive.receipt-confirmed', recordId: documentId, from: via });
    },

    /** The date a synced document becomes due, by its policy (ignoring the storage budget). */
    dueAt(documentId: string): Date | undefined {
      const row = retention.synced(documentId);
      if (!row) return undefined;
      const type = row.typed ? row.document_type ?? '' : documentType(row.id);
      return new Date(Date.parse(row.synced_at) + (byType.get(type) ?? config.retentionDays) * day);
    },

    /**
     * One pass. `limit` caps the purges of this pass (each is a durable transaction and a WAL
     * truncate, ~5–25 ms): the schedule purges in slices so the station stays responsive after a
     * long offline period; `more` says that due documents remain.
     */
    runOnce(options: { limit?: number } = {}): PurgeReport {
      const now = clock();
      const limit = options.limit ?? Infinity;
      const purged: PurgeReport['purged'] = [];
      let more = false;
      const synced = retention.syncedOldestFirst();
      const remaining: RetainedDocumentRow[] = [];
      for (const doc of synced) {
        const type = doc.typed ? doc.document_type ?? '' : documentType(doc.id);
        const days = byType.get(type) ?? config.retentionDays;
        let reason: string | undefined;
        if (config.purgeOnArchiveReceipt && doc.archive_receipt_at) reason = 'retention: the client archive confirmed receipt';
        else if (Date.parse(doc.synced_at) + days * day <= now.getTime()) reason = `retention: ${days} days after sync${byType.has(type) ? ` (${type})` : ''}`;
        if (reason && purged.length >= limit) more = true;
        else if (reason) {
          vault.purgeDocument(doc.id, reason);
          purged.push({ documentId: doc.id, reason });
        } else remaining.push(doc);
      }
      let stored = storedBytes();
      if (budgetBytes > 0 && !more) {
        for (const doc of remaining) {
          if (stored <= budgetBytes) break;
          if (purged.length >= limit) {
            more = true;
            break;
          }
          const reason = `retention: storage budget of ${config.storageBudgetMiB} MiB (oldest synced first)`;
          vault.purgeDocument(doc.id, reason);
          purged.push({ documentId: doc.id, reason });
          stored -= doc.envelope_bytes ?? 0;
        }
      }
      stored = storedBytes();
      const waitingForSync = budgetBytes > 0 && stored > budgetBytes ? waitingStates.reduce((n, state) => n + vault.queueStatus().counts[state], 0) : 0;
      if (waitingForSync) input.log?.warn('retention: over the storage budget, but the rest is not synced yet (never purged before sync)', { waiting: waitingForSync, storedBytes: stored });
      if (purged.length) {
        audit.append({ actor: 'station', action: 'retention.purged', from: 'retention', details: { purged } });
        input.log?.info('retention purge', { purged: purged.length, storedBytes: stored });
      }
      return { at: now.toISOString(), purged, storedBytes: stored, waitingForSync, more };
    },

    /**
     * Runs now and then every purgeIntervalMinutes, in slices of `sliceSize` purges with a pause
     * between them (the event loop serves the desk meanwhile); a failed run is logged and retried
     * at the next interval.
     */
    start(options: { sliceSize?: number; pauseMs?: number } = {}): () => void {
      const sliceSize = options.sliceSize ?? 100;
      let slice: NodeJS.Timeout | undefined;
      let stopped = false;
      const run = () => {
        if (stopped) return;
        try {
          if (purger.runOnce({ limit: sliceSize }).more) {
            slice = setTimeout(run, options.pauseMs ?? 250);
            slice.unref();
          }
        } catch (err) {
          input.log?.warn('retention purge failed; retried at the next interval', { error: (err as Error).message });
        }
      };
      run();
      const timer = setInterval(run, config.purgeIntervalMinutes * 60_000);
      timer.unref();
      return () => {
        stopped = true;
        clearInterval(timer);
        if (slice) clearTimeout(slice);
      };
    },
  };

  function storedBytes(): number {
    return vault.queueStatus().bytesStored;
  }

  return purger;
}

