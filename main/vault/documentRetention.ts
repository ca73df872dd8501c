import type { DocumentQueue } from './documentQueue';
import type { DocumentRows } from './documentRows';
import type { LogWriter } from '../logging/logger';

export interface RetentionPolicy {
  retentionDays: number;
  /** Bytes the station may keep (0: no budget). */
  budgetBytes: number;
  now?: Date;
}

/**
 * Retention: purge synced documents (never kept ones, never unsynced ones) older than
 * `retentionDays`, then the oldest synced until what is stored fits `budgetBytes` (0: no budget).
 * Each purge is its own transition, seen by onTransition listeners (the audit chain).
 */
export function applyRetention(queue: DocumentQueue, rows: DocumentRows, log: LogWriter, policy: RetentionPolicy): string[] {
  const now = policy.now ?? new Date();
  const cutoff = new Date(now.getTime() - policy.retentionDays * 86_400_000).toISOString();
  const purged: string[] = [];
  let stored = rows.storedBytes();
  for (const doc of rows.syncedOldestFirst()) {
    const expired = doc.synced_at <= cutoff;
    const overBudget = policy.budgetBytes > 0 && stored > policy.budgetBytes;
    if (!expired && !overBudget) continue;
    queue.purgeDocument(doc.id, expired ? `retention: synced more than ${policy.retentionDays} days ago` : `retention: storage budget ${policy.budgetBytes} bytes`);
    stored -= doc.envelope_bytes ?? 0;
    purged.push(doc.id);
  }
  if (purged.length) log.info('vault retention purged synced documents', { count: purged.length });
  return purged;
}
