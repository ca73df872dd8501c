import { isDiskFull } from '../vault/diskSpace';
import { VaultError } from '../vault/vaultErrors';
import type { AuditEntryInput, AuditTrail } from './auditTrail';
import type { AuditReserve } from './auditReserveJournal';
import type { Logger } from '../logging/logger';

/**
 * Fail-closed audit writing for a full disk. An audit trail with holes is not an audit
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
 *   pending.restore()          at start: what the reserve journal kept through a stop is held again, written first
 *   pending.held()             how many entries wait; pending.close() stops the retry timer
 *
 * It installs itself as the trail's `append` (the same object everyone already holds, so the
 * vault follower inside auditTrail.ts goes through it too) rather than changing the trail.
 * Held entries carry the time they happened (`details.happenedAt`, encrypted like all details);
 * the entry's own time is when it was written. Inside someone else's transaction the held entries
 * are not written (a rollback there would take them with it): that action is refused instead,
 * until the retry timer — or the next write outside a transaction — has written them.
 *
 * With a `reserve` (auditReserveJournal.ts, a preallocated file beside the vault) each held entry
 * is also written there, sealed and fsynced, before appendOrHold returns, so a station stopped or
 * killed while the disk is full loses nothing: `restore()` at the next start (before anything else
 * is audited) takes them back, in order, and writes them first. The held entries are written in one
 * transaction, then the reserve is cleared. A full reserve falls back to memory only, and says so.
 */
export class AuditHeldError extends VaultError {
  constructor(count: number) {
    super(`${count} audit ${count === 1 ? 'entry waits' : 'entries wait'} to be written first (the disk was full); try again in a moment`, 'audit-held');
    this.name = 'AuditHeldError';
  }
}


export function holdAuditWhenDiskFull(audit: AuditTrail, options: { log: Pick<Logger, 'warn'>; inTransaction: () => boolean; transaction?: <T>(fn: () => T) => T; reserve?: AuditReserve; retryMs?: number }) {
  const write = audit.append.bind(audit);
  const held: { entry: AuditEntryInput; happenedAt: string }[] = [];
  const together = options.transaction ?? (<T>(fn: () => T) => fn());
  let timer: NodeJS.Timeout | undefined;

  function flush(): void {
    if (held.length) {
      // All or none: a stop halfway would otherwise write some of them twice at the next start.
      together(() => {
        for (const { entry, happenedAt } of held) write({ ...entry, details: { ...entry.details, happenedAt } });
      });
      held.length = 0;
    }
    options.reserve?.clear();
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
        const happenedAt = new Date().toISOString();
        held.push({ entry, happenedAt });
        const onDisk = options.reserve?.append(entry, happenedAt) ?? false;
        if (options.reserve && !onDisk) options.log.warn('audit: the reserve journal is full — this entry is held in memory only (lost if the station stops before space returns)', { action: entry.action, held: held.length });
        options.log.warn(isDiskFull(err) ? 'audit: disk full — entry held, written first when space returns' : 'audit: entry held until it can be written', { action: entry.action, held: held.length, onDisk, error: (err as Error).message });
        retrySoon();
      }
    },
    /**
     * At start-up, before anything else is audited: what a stopped station left in the reserve is
     * held again, in order, and written first (now, or once space returns). A torn last record
     * (the station died writing it) is reported, in the log and as an entry of its own.
     */
    restore(): number {
      if (!options.reserve) return 0;
      const { entries, torn } = options.reserve.read();
      held.unshift(...entries);
      if (torn) {
        options.log.warn('audit: the reserve journal ends in a torn record', { offset: torn.offset, restored: entries.length });
        held.splice(entries.length, 0, { entry: { actor: 'station', action: 'audit.reserve-torn', from: 'audit-reserve', details: { offset: torn.offset, reason: torn.reason, restored: entries.length } }, happenedAt: new Date().toISOString() });
      }
      if (!held.length) return 0;
      try {
        flush();
      } catch (err) {
        if (!isDiskFull(err)) throw err;
        retrySoon();
      }
      return entries.length;
    },
    flush,
    held: () => held.length,
    close: stopRetrying,
  };
}

export type PendingAudit = ReturnType<typeof holdAuditWhenDiskFull>;
