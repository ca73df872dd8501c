import type { S3Client, S3ClientConfig } from '@aws-sdk/client-s3';
import type { StationConfig } from '../config/stationConfigSchema';
import type { DocumentState } from '../vault/documentStates';
import { silentLogger, type LogWriter } from '../logging/logger';
import type { DocumentRow, Vault } from '../vault/vault';
import { VaultError } from '../vault/vaultErrors';
import { AugmentationPendingError } from '../documents/augmentToLevel';
import { probeS3 } from './connectivity';
import { backoffDelay, sleep, type BackoffPolicy } from './retryPolicy';
import { createS3Connection } from './s3ClientFactory';
import type { ConnectionPool } from './connectionPool';
import type { S3Timeouts } from './s3Timeouts';
import { classifyS3Error, type S3Failure } from './s3Errors';
import { archiveObjectKey, buildArchiveObject } from './archiveObject';
import { uploadOnce } from './s3Uploader';
import { createUnrecordedOutcomes } from './unrecordedOutcomes';
import { DiskFullError } from '../vault/diskSpace';
import { augmentationFromConfig, augmentBeforeUpload, type DocumentAugmentation } from './documentAugmentation';

/**
 * Drains the vault's queue to S3: oldest signing first, `sync.concurrency` uploads at a time,
 * each exactly once (see s3Uploader.ts), retried with exponential backoff and full jitter. When the
 * archive becomes unreachable the run stops at once and the queue waits: nothing is marked failed
 * for being offline. Progress goes to listeners (the teller window).
 *
 *   const sync = createSyncService({ vault, config, log })
 *   await sync.syncOnce()          → SyncRunResult   (`station sync --once`)
 *   sync.start() / await sync.stop()                 (every sync.intervalSeconds, and on trigger())
 *   sync.onProgress((p: SyncProgress) => …)
 */
export interface SyncProgress {
  online: boolean;
  running: boolean;
  counts: Record<DocumentState, number>;
  /** This run: bytes sent (or found already present) and bytes it set out to send. */
  bytes: { done: number; total: number };
  /** Document ids being uploaded now (no personal data). */
  current: string[];
  lastError: string | null;
  lastRunAt: string | null;
  /** This run: attempts that stalled (no answer in time) or lost their connection, each retried on a fresh one. */
  stalls: number;
}

export interface SyncRunResult {
  online: boolean;
  uploaded: number;
  alreadyPresent: number;
  failed: number;
  /** Still in the upload queue after the run (offline, retry later, or failed). */
  remaining: number;
  bytes: number;
  errors: string[];
  purged: string[];
  /** Attempts that stalled or lost their connection (each retried on a fresh connection). */
  stalls: number;
  /** The slowest successful upload of the run, ms (PUT and any HEAD; the benchmark reports it). */
  slowestUploadMs: number;
}

/** At most one progress event per this many ms while a run uploads (publish). */
const PROGRESS_INTERVAL_MS = 250;
/** Documents claimed, and confirmations recorded, per vault transaction (at least `sync.concurrency`). */
const recordBatch = 32;

export interface SyncServiceOptions {
  vault: Vault;
  config: Pick<StationConfig, 'sync'> & Partial<Pick<StationConfig, 'documents'>>;
  /**
   * Apply retention after each successful run (vault.applyRetention). Only pass this where the
   * audit chain listens to vault.onTransition: a purge must be audited.
   */
  retention?: { retentionDays: number; budgetBytes: number };
  log?: LogWriter;
  /** Extra S3 client settings (tests: credentials). Or a client outright. */
  s3Client?: S3Client;
  s3ClientConfig?: Partial<S3ClientConfig>;
  /** Tries per document within one run before it waits for the next run. Default 4. */
  attemptsPerRun?: number;
  backoff?: BackoffPolicy;
  multipartThresholdBytes?: number;
  partSizeBytes?: number;
  /** The bound on one whole request (default 5 min); shorthand for timeouts.requestMs. */
  requestTimeoutMs?: number;
  /** Connect, socket-idle, whole-request and pooled-socket timeouts (defaults: s3Timeouts.ts). */
  timeouts?: Partial<S3Timeouts>;
  /**
   * Before upload, bring each document to the configured PAdES level (documentAugmentation.ts);
   * default: from config.documents.level when that is B-LT or B-LTA.
   */
  augment?: DocumentAugmentation;
}

export interface SyncService {
  syncOnce(): Promise<SyncRunResult>;
  start(): void;
  stop(): Promise<void>;
  /** Run soon (after an enqueue, or when the network comes back). */
  trigger(): void;
  progress(): SyncProgress;
  onProgress(listener: (p: SyncProgress) => void): () => void;
}

export function createSyncService(options: SyncServiceOptions): SyncService {
  const { vault } = options;
  const sync = options.config.sync;
  const log = options.log ?? silentLogger;
  if (!sync.s3Bucket) throw new Error('sync.s3Bucket is not set: nowhere to sync to');
  const connection = options.s3Client ? undefined : createS3Connection(sync, options.s3ClientConfig, { ...(options.requestTimeoutMs ? { requestMs: options.requestTimeoutMs } : {}), ...options.timeouts });
  const s3 = options.s3Client ?? connection!.client;
  const pool: ConnectionPool | undefined = connection?.pool;
  const attemptsPerRun = options.attemptsPerRun ?? 4;
  const augment = options.augment ?? augmentationFromConfig(options.config);
  const backoff = options.backoff ?? { baseMs: 500, maxMs: 30_000 };
  const listeners = new Set<(p: SyncProgress) => void>();
  const state = { online: false, running: false, lastError: null as string | null, lastRunAt: null as string | null, current: new Set<string>(), bytesDone: 0, bytesTotal: 0, stalls: 0 };
  let loop: { abort: AbortController; done: Promise<void>; wake: () => void } | undefined;
  let running: Promise<SyncRunResult> | undefined;
  // A full disk: what could not be recorded waits here and is written first at the next run.
  const unrecorded = createUnrecordedOutcomes(vault, log);

  function progress(): SyncProgress {
    return {
      online: state.online,
      running: state.running,
      counts: vault.queueStatus().counts,
      bytes: { done: state.bytesDone, total: state.bytesTotal },
      current: [...state.current],
      lastError: state.lastError,
      lastRunAt: state.lastRunAt,
      stalls: state.stalls,
    };
  }
  // Every event counts the queue in SQLite (progress()); at a drain's 150 documents a second that
  // cost a fifth of the drain's time with one listener (the station's status line has one). So
  // events are at most one per PROGRESS_INTERVAL_MS: the first at once, the latest state after it;
  // the start and end of a run and a stall are told at once.
  let lastPublished = 0;
  let trailing: ReturnType<typeof setTimeout> | undefined;
  function publish(now = false): void {
    if (!listeners.size) return;
    const since = Date.now() - lastPublished;
    if (!now && since < PROGRESS_INTERVAL_MS) {
      trailing ??= setTimeout(() => {
        trailing = undefined;
        lastPublished = 0;
        publish();
      }, PROGRESS_INTERVAL_MS - since);
      trailing.unref?.();
      return;
    }
    clearTimeout(trailing);
    trailing = undefined;
    // Told-at-once events do not hold back the next upload's (the first of a run is seen at once).
    if (!now) lastPublished = Date.now();
    const p = progress();
    for (const l of listeners) l(p);
  }

  async function uploadDocument(doc: DocumentRow, retry: boolean, signal: AbortSignal): Promise<'uploaded' | 'already-present'> {
    if (augment) await augmentBeforeUpload(vault, doc.id, augment, log);
    // One object per document: the envelope, its description in the header (archiveObject.ts).
    const object = buildArchiveObject(vault.archiveParts(doc.id));
    // doc.attempts counts this claim: anything above 1 means an earlier attempt may have landed.
    const checkFirst = retry || doc.attempts > 1;
    const put = await uploadOnce(s3, {
      bucket: sync.s3Bucket, key: object.key, body: object.body, sha256: object.sha256, contentType: object.contentType, checkFirst,
      sseKmsKeyId: sync.s3SseKmsKeyId || undefined, multipartThresholdBytes: options.multipartThresholdBytes, partSizeBytes: options.partSizeBytes, signal,
    });
    return put.outcome;
  }

  async function runOnce(signal: AbortSignal): Promise<SyncRunResult> {
    const result: SyncRunResult = { online: false, uploaded: 0, alreadyPresent: 0, failed: 0, remaining: 0, bytes: 0, errors: [], purged: [], stalls: 0, slowestUploadMs: 0 };
    state.running = true;
    state.bytesDone = 0;
    state.stalls = 0;
    state.bytesTotal = vault.queueStatus().bytesWaiting;
    publish(true);
    try {
      // The first request after days offline goes out on whatever the pool kept: if it gets no
      // answer and there were idle sockets to reuse, ask once more on a fresh connection before
      // calling the archive unreachable.
      const reused = pool?.idle() ?? 0;
      let reach = await probeS3(s3, sync.s3Bucket);
      if (!reach.online && reused > 0 && pool) {
        result.stalls++;
        state.stalls++;
        pool.dropIdle();
        reach = await probeS3(s3, sync.s3Bucket);
      }
      state.online = reach.online;
      if (!reach.online || reach.problem) {
        state.lastError = reach.problem ?? null;
        result.online = reach.online;
        if (reach.problem) result.errors.push(reach.problem);
        return result;
      }
      result.online = true;
      // Online: the moment to make the first tenant key or rotate an old one.
      const key = await vault.ensureTenantKey().catch((err: Error) => ({ note: err.message }));
      if ('note' in key && key.note) log.warn('sync: tenant key', { reason: key.note });

      let halted = false;
      const diskFull = (full: DiskFullError | undefined) => {
        if (!full) return;
        // Nothing more is claimed while the vault cannot record outcomes.
        halted = true;
        state.lastError = full.message;
        if (!result.errors.includes(full.message)) result.errors.push(full.message);
      };
      try {
        unrecorded.settle();
      } catch (err) {
        if (!(err instanceof DiskFullError)) throw err;
        diskFull(err);
        return result;
      }
      // Claims and confirmations are batched: each is an fsync'd transaction, and better-sqlite3
      // blocks the event loop while it runs, so one per document (or per `concurrency` documents)
      // would throttle every upload. Claims stay in signing order; a claimed document not yet
      // attempted when the run stops goes back to the queue, and one claimed when the process dies
      // is re-queued at the next start. A batch of confirmations lost to a crash costs one HEAD each.
      const batch = Math.max(sync.concurrency, recordBatch);
      const claimed: DocumentRow[] = [];
      const nextDoc = (): DocumentRow | undefined => {
        if (!claimed.length && !halted && !signal.aborted) {
          try {
            claimed.push(...vault.claimForUpload(batch, new Date(), archiveObjectKey));
          } catch (err) {
            if (!(err instanceof DiskFullError)) throw err;
            diskFull(err);
          }
        }
        return claimed.shift();
      };
      const confirmed: string[] = [];
      let oldestConfirmed = 0;
      const flushConfirmed = () => {
        if (confirmed.length) diskFull(unrecorded.markSynced(confirmed.splice(0)));
      };
      const confirm = (id: string) => {
        if (!confirmed.length) oldestConfirmed = Date.now();
        confirmed.push(id);
        // Recorded by the batch, or within a second, so the teller's count never lags for long.
        if (confirmed.length >= batch || Date.now() - oldestConfirmed >= 1000) flushConfirmed();
      };
      const worker = async () => {
        while (!halted && !signal.aborted) {
          const doc = nextDoc();
          if (!doc) return;
          state.current.add(doc.id);
          publish();
          let failure: S3Failure | undefined;
          let done = false;
          let stalls = 0;
          for (let attempt = 0; attempt < attemptsPerRun && !signal.aborted; attempt++) {
            if (attempt > 0 && !(await sleep(backoffDelay(attempt - 1, backoff), signal))) break;
            try {
              const started = performance.now();
              const outcome = await uploadDocument(doc, attempt > 0, signal);
              result.slowestUploadMs = Math.max(result.slowestUploadMs, performance.now() - started);
              confirm(doc.id);
              if (outcome === 'uploaded') result.uploaded++;
              else result.alreadyPresent++;
              result.bytes += doc.envelope_bytes ?? 0;
              state.bytesDone += doc.envelope_bytes ?? 0;
              failure = undefined;
              done = true;
              break;
            } catch (err) {
              failure = err instanceof VaultError ? { retryable: false, unreachable: false, stalled: false, message: err.message }
                : err instanceof AugmentationPendingError ? { retryable: err.retryable, unreachable: false, stalled: false, message: err.message }
                  : classifyS3Error(err);
              if (signal.aborted) break;
              log.warn('sync: upload attempt failed', { documentId: doc.id, attempt: attempt + 1, status: failure.status ?? null, retryable: failure.retryable, stalled: failure.stalled });
              if (failure.stalled) {
                result.stalls++;
                state.stalls++;
                // The sockets waiting in the pool may be as dead as this one: the retry opens a new one.
                pool?.dropIdle();
                publish(true);
                // Timed out again on a fresh connection: the archive is not answering. This document
                // waits (queued, with its backoff) and the run stops instead of feeding it more.
                // (A reset costs no wait: those keep their attemptsPerRun.)
                if (failure.timedOut && ++stalls >= 2) {
                  failure = { ...failure, message: `${failure.message}; stalled ${stalls} times, also on a fresh connection` };
                  break;
                }
              }
              // A TSA or OCSP responder that is out of reach will not be back in a few hundred ms.
              if (!failure.retryable || failure.unreachable || err instanceof AugmentationPendingError) break;
            }
          }
          state.current.delete(doc.id);
          if (!done && signal.aborted) {
            // Stopped mid-upload: back to the queue as it was; the next run re-checks S3 first.
            diskFull(unrecorded.returnToQueue([doc.id], 'sync stopped'));
          } else if (failure) {
            state.lastError = failure.message;
            result.errors.push(`${doc.id}: ${failure.message}`);
            // Permanent problems wait an hour for a person; transient ones back off with the attempt count.
            const wait = failure.retryable ? backoffDelay(doc.attempts, { baseMs: 2_000, maxMs: 15 * 60_000 }) : 60 * 60_000;
            diskFull(unrecorded.markUploadFailed(doc.id, failure.message, new Date(Date.now() + wait)));
            if (failure.unreachable) state.online = false;
            else result.failed++;
            // Unreachable, or still failing after every retry: the archive is unwell. Stop this run
            // rather than grind through the whole queue; the rest waits, untouched, for the next run.
            if (failure.retryable) halted = true;
          }
          publish();
        }
      };
      try {
        await Promise.all(Array.from({ length: Math.max(1, sync.concurrency) }, worker));
      } finally {
        flushConfirmed();
        // Claimed but not started (the run halted or stopped): back to the queue, no error.
        diskFull(unrecorded.returnToQueue(claimed.splice(0).map((d) => d.id), 'not attempted in this run', true));
      }
      if (result.errors.length === 0) state.lastError = null;
      result.online = state.online;
      if (options.retention && state.online) result.purged = vault.applyRetention(options.retention);
      return result;
    } finally {
      const status = vault.queueStatus();
      result.remaining = status.counts.queued + status.counts.uploading;
      state.running = false;
      state.current.clear();
      state.lastRunAt = new Date().toISOString();
      publish(true);
      log.info('sync run finished', { online: result.online, uploaded: result.uploaded, alreadyPresent: result.alreadyPresent, failed: result.failed, remaining: result.remaining });
    }
  }

  function syncOnceWith(signal: AbortSignal): Promise<SyncRunResult> {
    // One run at a time: a trigger during a run joins it.
    running ??= runOnce(signal).finally(() => (running = undefined));
    return running;
  }

  return {
    syncOnce: () => syncOnceWith(new AbortController().signal),
    progress,
    onProgress(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    trigger() {
      loop?.wake();
    },
    start() {
      if (loop) return;
      const abort = new AbortController();
      let wake = () => {};
      const done = (async () => {
        let offlineRuns = 0;
        while (!abort.signal.aborted) {
          const r = await syncOnceWith(abort.signal).catch((err: Error) => {
            state.lastError = err.message;
            log.error('sync run failed', { reason: err.message });
            return undefined;
          });
          offlineRuns = r && !r.online ? offlineRuns + 1 : 0;
          // Offline: probe again with backoff (jittered), up to the configured interval.
          const wait = offlineRuns ? Math.min(sync.intervalSeconds * 1000, 1000 + backoffDelay(offlineRuns, { baseMs: 1000, maxMs: sync.intervalSeconds * 1000 })) : sync.intervalSeconds * 1000;
          const woken = new AbortController();
          wake = () => woken.abort();
          await sleep(wait, AbortSignal.any([abort.signal, woken.signal]));
        }
      })();
      loop = { abort, done, wake: () => wake() };
    },
    async stop() {
      if (!loop) return;
      loop.abort.abort();
      await loop.done;
      await running?.catch(() => undefined);
      loop = undefined;
    },
  };
}
