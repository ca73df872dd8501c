import { isDiskFull } from '../vault/diskSpace';
import { VaultError } from '../vault/vaultErrors';
import type { AuditEntryInput, AuditTrail } from './auditTrail';

/**
 * Fail-closed audit writing for a full disk (issue 20). An audit trail with holes is not an audit
 * trail, so no entry is ever dropped:
 *
 *   const pending = holdAuditWhenDiskFull(audit, { log })
 *   audit.append(entry)        every writer (accounts, API, the vault's transitions, CLI commands):
 *                              what is held is written first; if it cannot be, or this entry cannot
 *                              be, the caller gets the error and its action does not happen
 *   pending.appendOrHold(entry) for what has already happened on screen (a customer mid-signature,
 *                              a pen plugged in): an entry that cannot be written now is held in
 *                              memory, in order, and written first when space returns
 *   pending.flush()            writes what is held (throws DiskFullError while it still does not fit)
 *   pending.held()             how many entries wait; pending.close() stops the retry timer
 *
 * It installs itself as the trail's `append` (the same object everyone already holds, so the
 * vault follower inside auditTrail.ts goes through it too) rather than changing the trail.
 * Held entries carry the time they happened (`details.happenedAt`, encrypted like all details);
 * the entry's own time is when it was written. Inside someone else's transaction the held entries
 * are not written (a rollback there would take them with it): that action is refused instead,
 * until the retry timer — or the next write outside a transaction — has written them.
 */
export class AuditHeldError extends VaultError {
  constructor(count: number) {
    super(`${count} audit ${count === 1 ? 'entry waits' : 'entries wait'} to be written first (the disk was full); try again in a moment`, 'audit-held');
    this.name = 'AuditHeldError';
  }
}

type Log = { warn(m: string, f?: Record<string, string | number | boolean | null | undefined>): void };

export function holdAuditWhenDiskFull(audit: AuditTrail, options: { log: Log; inTransaction: () => boolean; retryMs?: number }) {
  const write = audit.append.bind(audit);
  const held: { entry: AuditEntryInput; happenedAt: string }[] = [];
  let timer: NodeJS.Timeout | undefined;

  function flush(): void {
    while (held.length) {
      const { entry, happenedAt } = held[0];
      write({ ...entry, details: { ...entry.details, happenedAt } });
      held.shift();
    }
    stopRetrying();
  }

  function retrySoon(): void {
    timer ??= setInterval(() => {
      try {
        flush();
      } catch {
        /* still full: try again at the next tick */
      }
    }, options.retryMs ?? 2000);
    timer.unref?.();
  }

  function stopRetrying(): void {
    if (timer) clearInterval(timer);
    timer = undefined;
  }

  audit.append = (entry: AuditEntryInput) => {
    if (held.length) {
      if (options.inTransaction()) throw new AuditHeldError(held.length);
      flush();
    }
    return write(entry);
  };

  return {
    appendOrHold(entry: AuditEntryInput): void {
      try {
        audit.append(entry);
      } catch (err) {
        // Bad input is a bug to fix, not an event to hold forever.
        if (err instanceof TypeError) throw err;
        held.push({ entry, happenedAt: new Date().toISOString() });
        options.log.warn(isDiskFull(err) ? 'audit: disk full — entry held in memory, written first when space returns' : 'audit: entry held in memory until it can be written', { action: entry.action, held: held.length, error: (err as Error).message });
        retrySoon();
      }
    },
    flush,
    held: () => held.length,
    close: stopRetrying,
  };
}

export type PendingAudit = ReturnType<typeof holdAuditWhenDiskFull>;
