import type { MetadataRequestFields } from '../api/signingRequestInput';
import { JobState, multipleOperationTimeOutSeconds } from './ippPrinterDescription';

export interface IppJobRecord {
  id: number;
  name: string;
  user: string;
  /**
   * The address of the client that created the job. The printer authenticates nobody, and
   * requesting-user-name is whatever the client claims; the connection's address is the one
   * thing about the requester a client cannot simply claim, so it decides who may send the
   * document for, or cancel, a job.
   */
  client: string;
  state: number;
  reasons: string[];
  message: string;
  createdAt: Date;
  processingAt?: Date;
  completedAt?: Date;
  documentFormat?: string;
  documentBytes?: number;
  signingRequestId?: string;
  /** The signing plan from the job's attributes (ippJobPlan.ts), until the document is queued with it. */
  signing?: MetadataRequestFields;
}

const maxJobHistory = 500;
/** Finished jobs stay visible to Get-Jobs this long: job names can carry guests' names. */
const finishedJobVisibleMs = 3600_000;

/**
 * The printer's jobs: those waiting for their document (Create-Job without Send-Document yet) and a
 * short history of finished ones. Bounded both ways: at most `maxPending` jobs may wait for a
 * document at once (beyond it Create-Job is refused, see ippPrinter), one that waits longer than
 * the advertised multiple-operation time-out is aborted, and at most 500 finished jobs are kept,
 * none longer than an hour.
 */
export function createIppJobTable(now: () => Date) {
  const jobs = new Map<number, IppJobRecord>();
  let nextJobId = 1;

  function finish(job: IppJobRecord, state: number, reasons: string[], message: string): void {
    job.state = state;
    job.reasons = reasons;
    job.message = message;
    job.completedAt = now();
  }

  function prune(): void {
    const t = now().getTime();
    for (const job of jobs.values()) {
      // A Create-Job whose document never came is aborted after the advertised time-out.
      if (job.state === JobState.pending && t - job.createdAt.getTime() > multipleOperationTimeOutSeconds * 1000) {
        finish(job, JobState.aborted, ['aborted-by-system'], 'No document arrived in time');
      }
    }
    for (const [id, job] of jobs) {
      if (job.completedAt && t - job.completedAt.getTime() > finishedJobVisibleMs) jobs.delete(id);
    }
    for (const [id, job] of jobs) {
      if (jobs.size <= maxJobHistory) break;
      if (job.state >= JobState.canceled) jobs.delete(id);
    }
  }

  return {
    finish,
    prune,
    get: (id: number) => jobs.get(id),
    all: () => [...jobs.values()],
    /** Jobs created and still waiting for their document (pruned first, so stale ones do not count). */
    waitingForDocument(): number {
      prune();
      let n = 0;
      for (const job of jobs.values()) if (job.state === JobState.pending) n++;
      return n;
    },
    add(fields: Pick<IppJobRecord, 'user' | 'client' | 'signing'> & { name: string | undefined }): IppJobRecord {
      prune();
      const id = nextJobId++;
      const job: IppJobRecord = {
        id,
        name: fields.name ?? `Print job ${id}`,
        user: fields.user,
        client: fields.client,
        signing: fields.signing,
        state: JobState.pending,
        reasons: ['job-incoming'],
        message: 'Waiting for the document',
        createdAt: now(),
      };
      jobs.set(id, job);
      return job;
    },
  };
}

export type IppJobTable = ReturnType<typeof createIppJobTable>;
