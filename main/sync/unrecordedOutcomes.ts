import { DiskFullError } from '../vault/diskSpace';
import type { LogWriter } from '../logging/logger';
import type { Vault } from '../vault/vault';

/**
 * Sync bookkeeping the vault could not write because the disk was full. The uploads
 * themselves are done and idempotent; what is missing is the row saying so. It is kept in memory
 * and written first at the next run (`settle`), before anything new is claimed, so the documents
 * neither stay 'uploading' until a restart nor are sent twice. (After a restart the vault re-queues
 * 'uploading' rows itself, and the upload's HEAD-before-PUT finds them already in S3.)
 */
export function createUnrecordedOutcomes(vault: Vault, log: LogWriter) {
  const synced = new Set<string>();
  const requeue = new Map<string, string>();

  const attempt = (write: () => void, keep: () => void): DiskFullError | undefined => {
    try {
      write();
      return undefined;
    } catch (err) {
      if (!(err instanceof DiskFullError)) throw err;
      keep();
      log.warn('sync: the disk is full — outcome kept in memory, recorded at the next run', { synced: synced.size, requeue: requeue.size });
      return err;
    }
  };

  return {
    /** Confirmed uploads: recorded now, or kept (returns the disk-full error, never throws it). */
    markSynced(ids: string[]): DiskFullError | undefined {
      if (!ids.length) return undefined;
      return attempt(() => vault.markSyncedMany(ids), () => ids.forEach((id) => synced.add(id)));
    },
    /** Claimed but not uploaded (stopped, failed, not attempted): back to the queue now, or kept. */
    returnToQueue(ids: string[], reason: string, notAttempted = false): DiskFullError | undefined {
      if (!ids.length) return undefined;
      return attempt(() => vault.returnToQueue(ids, reason, notAttempted), () => ids.forEach((id) => requeue.set(id, reason)));
    },
    markUploadFailed(id: string, error: string, retryAt: Date): DiskFullError | undefined {
      return attempt(() => vault.markUploadFailed(id, error, retryAt), () => requeue.set(id, 'upload failed; disk full when recorded'));
    },
    /** Writes what was kept; throws DiskFullError while it still does not fit. */
    settle(): void {
      if (synced.size) {
        vault.markSyncedMany([...synced]);
        synced.clear();
      }
      for (const [id, reason] of [...requeue]) {
        vault.returnToQueue([id], reason);
        requeue.delete(id);
      }
    },
    pending: () => synced.size + requeue.size,
  };
}
