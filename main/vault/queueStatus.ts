import type { DocumentRows } from './documentRows';
import { documentStates, waitingStates, type DocumentState } from './documentStates';

export interface QueueStatus {
  tenant: string;
  counts: Record<DocumentState, number>;
  /** Envelope bytes of documents not yet in the archive. */
  bytesWaiting: number;
  /** Envelope bytes of all documents whose ciphertext is still on this station. */
  bytesStored: number;
  oldestWaiting: { id: string; since: string; ageSeconds: number } | null;
  /** Documents whose last upload attempt failed, and the newest such error (no personal data). */
  failing: number;
  lastError: string | null;
}

/** The queue at a glance (`station queue status`, the teller's sync line): counts and bytes, no personal data. */
export function readQueueStatus(rows: DocumentRows, tenant: string, now = new Date()): QueueStatus {
  const counts = Object.fromEntries(documentStates.map((s) => [s, 0])) as Record<DocumentState, number>;
  for (const r of rows.countsByState()) counts[r.state] = r.n;
  const oldest = rows.oldestIn(waitingStates);
  const failing = rows.failingUploads();
  return {
    tenant,
    counts,
    bytesWaiting: rows.bytesIn(waitingStates),
    bytesStored: rows.storedBytes(),
    oldestWaiting: oldest ? { id: oldest.id, since: oldest.since, ageSeconds: Math.max(0, Math.round((now.getTime() - Date.parse(oldest.since)) / 1000)) } : null,
    failing: failing.count,
    lastError: failing.lastError,
  };
}
