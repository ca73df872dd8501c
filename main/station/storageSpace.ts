import type { StationStatus } from '../../preload/common/contract';
import type { PendingAudit } from '../privacy/pendingAudit';
import { DiskFullError, diskFullIn, formatBytes, freeBytes, isDiskFull } from '../vault/diskSpace';
import type { Vault } from '../vault/vault';

/**
 * The storage folder's free space, for the teller's health bar, `station doctor` and the check
 * before a new signing: warn below the margin (about a day of signings), refuse a new
 * signing when one document would not fit or when audit entries still wait to be written.
 */
export type StorageStatus = NonNullable<StationStatus['storage']>;

export function storageStatus(input: { dir: string; marginBytes: number; oneDocumentBytes: number; heldAuditEntries: number }): StorageStatus {
  let free = 0;
  try {
    free = freeBytes(input.dir);
  } catch {
    /* unreadable: counts as full */
  }
  const { dir, marginBytes, oneDocumentBytes, heldAuditEntries } = input;
  const level: StorageStatus['level'] = free < oneDocumentBytes || heldAuditEntries > 0 ? 'full' : free < marginBytes ? 'low' : 'ok';
  const message = level === 'full'
    ? `Storage full: ${formatBytes(free)} free in ${dir}, about ${formatBytes(oneDocumentBytes)} needed for one signed document. New signings cannot start; nothing was lost${heldAuditEntries ? ` (${heldAuditEntries === 1 ? '1 audit entry waits' : `${heldAuditEntries} audit entries wait`} in memory)` : ''}. Free space on this disk, then continue.`
    : level === 'low'
      ? `Storage almost full: ${formatBytes(free)} free in ${dir}, less than a day of signings (${formatBytes(marginBytes)}). Free space soon.`
      : undefined;
  return { dir, freeBytes: free, marginBytes, oneDocumentBytes, level, heldAuditEntries, message };
}

/** The station's storage: status, and whether a new signing may start. */
export function createStorageSpace(input: { vault: Vault; pendingAudit: PendingAudit; marginMiB: number }) {
  const { vault, pendingAudit } = input;
  const status = () => storageStatus({ dir: vault.dir, marginBytes: input.marginMiB * 1024 * 1024, oneDocumentBytes: vault.bytesForOneDocument(), heldAuditEntries: pendingAudit.held() });
  return {
    status,
    /** The teller's words why no new signing may start now, or undefined. */
    roomToSign(): string | undefined {
      try {
        // What is held is written before anything new happens; if it does not fit, nothing starts.
        pendingAudit.flush();
      } catch (err) {
        if (!isDiskFull(err)) throw err;
        const full = err instanceof DiskFullError ? err : diskFullIn(vault.dir, vault.bytesForOneDocument());
        return full.advice(`${pendingAudit.held()} audit ${pendingAudit.held() === 1 ? 'entry waits' : 'entries wait'} in memory`, 'start the signing again');
      }
      const s = status();
      if (s.freeBytes >= s.oneDocumentBytes) return undefined;
      return new DiskFullError(s.dir, s.freeBytes, s.oneDocumentBytes).advice('no signing was started', 'start the signing again');
    },
  };
}

export type StorageSpace = ReturnType<typeof createStorageSpace>;
