import type { SigningRequestInbox } from '../inbox/signingRequestInbox';
import type { LogWriter } from '../../logging/logger';
import { IppError } from './ippError';
import { jobAttributes, jobCreatedAttributes, requestedAttributes, unixSeconds } from './ippJobAttributes';
import type { IppJobRecord, IppJobTable } from './ippJobTable';
import { GroupTag, stringOf, type IppGroup, type IppMessage } from './ippMessage';
import { checkNewJob, checkOwnJob, checkSendDocument, cleanName, jobPlan, selectJobs, takeDocument, targetJobId } from './ippOperationRules';
import { JobState, Operation, printerDescription, Status, type PrinterIdentity } from './ippPrinterDescription';

/** Who asks, as far as the printer can tell, and how they reach it. */
export interface IppRequester {
  /** The connection's address: the printer authenticates nobody, this is what a client cannot simply claim. */
  client: string;
  /** This printer's URI as the client addressed it (a client behind NAT gets its own view). */
  printerUri: string;
  /** http(s)://host/ as the client addressed it, for printer-more-info. */
  moreInfoUrl: string;
}

export interface IppOperationsOptions {
  jobs: IppJobTable;
  inbox: SigningRequestInbox;
  log: LogWriter;
  now: () => Date;
  identity: PrinterIdentity;
  tls: boolean;
  maxDocumentBytes: number;
  /** Printed documents that may wait unsigned at once, and jobs that may wait for their document. */
  maxWaiting: number;
}

export interface IppAnswer {
  status: number;
  groups: IppGroup[];
  message?: string;
}

/**
 * The printer's operations, apart from HTTP: a parsed request and who sent it in, the answer out
 * (or an IppError). A job is "completed" the moment its document is safely in the teller's queue.
 */
export function createIppOperations(o: IppOperationsOptions) {
  const { jobs, inbox, log, now } = o;
  // Requests this printer put in the queue that are still unsigned (counted from the inbox's events).
  const waiting = new Set<string>();
  const stopCounting = (['completed', 'cancelled', 'expired'] as const).map((e) => inbox.on(e, (r) => waiting.delete(r.id)));

  function checkRoom(): void {
    if (waiting.size >= o.maxWaiting) {
      log.warn('IPP printer busy: the teller queue holds the maximum of printed documents', { waiting: waiting.size });
      throw new IppError(Status.busy, `${waiting.size} printed documents are already waiting to be signed; try again later`);
    }
  }

  function checkRoomForNewJob(): void {
    if (jobs.waitingForDocument() >= o.maxWaiting) {
      log.warn('IPP printer refused Create-Job: the maximum of jobs already wait for their document', { jobs: o.maxWaiting });
      throw new IppError(Status.tooManyJobs, `${o.maxWaiting} jobs are already waiting for their document; send those first or try again later`);
    }
    checkRoom();
  }

  function targetJob(op: IppGroup): IppJobRecord {
    const id = targetJobId(op);
    const job = jobs.get(id);
    if (!job) throw new IppError(Status.notFound, `job ${id} does not exist`);
    return job;
  }

  function newJob(request: IppMessage, client: string): IppJobRecord {
    const [op] = request.groups;
    return jobs.add({
      name: cleanName(stringOf(op, 'job-name') ?? stringOf(op, 'document-name'), '') || undefined,
      user: cleanName(stringOf(op, 'requesting-user-name'), 'anonymous'),
      client,
      signing: jobPlan(request),
    });
  }

  /** Hands the document to the teller's queue; the job completes when the request is stored. */
  async function deliver(job: IppJobRecord, op: IppGroup, pdf: Uint8Array, format: string): Promise<void> {
    job.state = JobState.processing;
    job.reasons = ['job-printing'];
    job.processingAt = now();
    job.documentFormat = format;
    job.documentBytes = pdf.length;
    try {
      const { request } = await inbox.submit({
        source: 'print',
        owner: job.user,
        document: pdf,
        documentName: cleanName(stringOf(op, 'document-name'), job.name),
        ...job.signing,
        externalReference: job.signing?.externalReference ?? `ipp-job-${job.id}`,
      });
      job.signing = undefined; // the plan names customers: the job history keeps none of it
      job.signingRequestId = request.id;
      if (request.status === 'pending') waiting.add(request.id);
      jobs.finish(job, JobState.completed, ['job-completed-successfully'], 'In the teller\'s signing queue');
      // Not the user name: it is often a person's, and the queue (encrypted) has it.
      log.info('print job queued for signing', { job: job.id, signingRequestId: request.id, bytes: pdf.length });
    } catch (err) {
      jobs.finish(job, JobState.aborted, ['aborted-by-system'], 'The station could not queue the document');
      log.error('print job could not be queued', { job: job.id, error: (err as Error).message });
      throw new IppError(Status.internalError, 'the document could not be queued for signing');
    }
  }

  async function operate(request: IppMessage, from: IppRequester): Promise<IppAnswer> {
    const [op] = request.groups;
    const { printerUri } = from;
    const jobGroup = (job: IppJobRecord): IppGroup[] => [{ tag: GroupTag.job, attributes: jobCreatedAttributes(job, printerUri, now()) }];
    switch (request.code) {
      case Operation.getPrinterAttributes: {
        const requested = requestedAttributes(op, 'all');
        const queued = jobs.all().filter((j) => j.state < JobState.canceled).length;
        const all = printerDescription({
          identity: o.identity, printerUri, moreInfoUrl: from.moreInfoUrl, tls: o.tls,
          upTime: unixSeconds(now()), queuedJobCount: queued, now: now(), acceptingJobs: true,
        });
        return { status: Status.ok, groups: [{ tag: GroupTag.printer, attributes: requested === 'all' ? all : all.filter((a) => requested.has(a.name)) }] };
      }
      case Operation.validateJob:
        checkNewJob(op);
        jobPlan(request);
        return { status: Status.ok, groups: [] };
      case Operation.printJob: {
        checkNewJob(op);
        checkRoom();
        jobPlan(request);
        const { pdf, format } = takeDocument(op, request.data, o.maxDocumentBytes);
        const job = newJob(request, from.client);
        await deliver(job, op, pdf, format);
        return { status: Status.ok, groups: jobGroup(job) };
      }
      case Operation.createJob: {
        checkNewJob(op);
        checkRoomForNewJob();
        return { status: Status.ok, groups: jobGroup(newJob(request, from.client)) };
      }
      case Operation.sendDocument: {
        const job = checkOwnJob(targetJob(op), from.client);
        checkSendDocument(op, job);
        checkRoom();
        const { pdf, format } = takeDocument(op, request.data, o.maxDocumentBytes);
        await deliver(job, op, pdf, format);
        return { status: Status.ok, groups: jobGroup(job) };
      }
      case Operation.cancelJob: {
        const job = checkOwnJob(targetJob(op), from.client);
        if (job.state !== JobState.pending) throw new IppError(Status.notPossible, `job ${job.id} is already ${job.state === JobState.completed ? 'in the signing queue' : 'finished'}`);
        jobs.finish(job, JobState.canceled, ['job-canceled-by-user'], 'Cancelled before the document arrived');
        return { status: Status.ok, groups: [] };
      }
      case Operation.getJobAttributes: {
        const job = targetJob(op);
        return { status: Status.ok, groups: [{ tag: GroupTag.job, attributes: jobAttributes(job, printerUri, requestedAttributes(op, 'all'), now()) }] };
      }
      case Operation.getJobs: {
        jobs.prune();
        const requested = requestedAttributes(op, ['job-id', 'job-uri']);
        return { status: Status.ok, groups: selectJobs(op, jobs.all()).map((j) => ({ tag: GroupTag.job, attributes: jobAttributes(j, printerUri, requested, now()) })) };
      }
      default:
        throw new IppError(Status.operationNotSupported, `operation 0x${request.code.toString(16).padStart(4, '0')} is not supported`);
    }
  }

  return {
    operate,
    /** Stops counting the queue's events (the printer closes). */
    close(): void {
      for (const stop of stopCounting) stop();
    },
  };
}

export type IppOperations = ReturnType<typeof createIppOperations>;
