import { existsSync, statfsSync } from 'node:fs';
import { dirname } from 'node:path';
import { formatBytes } from '../../preload/common/formatBytes';
import { VaultError } from './vaultErrors';

export { formatBytes };

/**
 * A full disk, in words a teller's support desk can act on: which folder, how much is free, how
 * much one more piece of work needs, and that nothing was written (every vault write is one
 * transaction: SQLite rolls back what did not fit). Raised by the vault for SQLITE_FULL and by
 * file writes for ENOSPC/EDQUOT, so every caller sees one error type whatever filled up.
 */
export class DiskFullError extends VaultError {
  constructor(readonly folder: string, readonly freeBytes: number, readonly neededBytes: number) {
    super(`no space left in the storage folder ${folder}: ${formatBytes(freeBytes)} free, about ${formatBytes(neededBytes)} needed`, 'disk-full');
    this.name = 'DiskFullError';
  }

  /** The whole story for a person: what is wrong, that nothing was lost, and what to do next. */
  advice(whatWasKept: string, thenWhat: string): string {
    return `No space left in the storage folder ${this.folder}: ${formatBytes(this.freeBytes)} free, about ${formatBytes(this.neededBytes)} needed. Nothing was lost: ${whatWasKept}. Free space on this disk, then ${thenWhat}.`;
  }
}

/** True for SQLite's "database or disk is full", ENOSPC/EDQUOT, and errors that wrap them. */
export function isDiskFull(err: unknown): boolean {
  for (let e = err as { code?: unknown; message?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if (e instanceof DiskFullError) return true;
    // SQLITE_IOERR_SHMSIZE: the WAL index (-shm) could not grow, which SQLite documents as a full disk.
    if (e.code === 'SQLITE_FULL' || e.code === 'SQLITE_IOERR_SHMSIZE' || e.code === 'ENOSPC' || e.code === 'EDQUOT') return true;
    // Errors re-wrapped as text only (a migration that failed and was rolled back).
    if (typeof e.message === 'string' && /database or disk is full|ENOSPC|no space left on device/i.test(e.message)) return true;
  }
  return false;
}

/** Bytes an unprivileged process may still write in the file system that holds `dir` (or its nearest existing parent). */
export function freeBytes(dir: string): number {
  let at = dir;
  while (!existsSync(at) && dirname(at) !== at) at = dirname(at);
  const s = statfsSync(at);
  return Number(s.bavail) * Number(s.bsize);
}

/** The error to raise for a disk-full failure while writing into `folder`. */
export function diskFullIn(folder: string, neededBytes: number): DiskFullError {
  let free = 0;
  try {
    free = freeBytes(folder);
  } catch {
    /* the folder cannot even be looked at: report 0 free */
  }
  return new DiskFullError(folder, free, neededBytes);
}
