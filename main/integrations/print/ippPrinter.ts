import { listenOn } from '../../net/listenOn';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import { gunzipSync } from 'node:zlib';
import { checkPdfDocument, NotAPdfError } from '../inbox/pdfDocumentCheck';
import type { SigningRequestInbox } from '../inbox/signingRequestInbox';
import type { IntegrationLog } from '../integrationLog';
import { parseClientAllowList } from '../clientAllowList';
import {
  encodeIppMessage, firstValue, GroupTag, ipp, IppLimitError, IppParseError, parseIppMessage, stringOf,
  type IppAttribute, type IppGroup, type IppMessage, type IppParseLimits,
} from './ippMessage';
import { createIppJobTable, type IppJobRecord } from './ippJobTable';
import { IppError } from './ippError';
import { readJobPlan } from './ippJobPlan';
import { checkIppRequest } from './ippRequestCheck';
import { readIppBody } from './readIppBody';
import {
  JobState, Operation, printerDescription, Status,
  supportedCompressions, supportedDocumentFormats, type PrinterIdentity,
} from './ippPrinterDescription';

/**
 * "Print to Tab": the station as an IPP/2.0 printer at ipp://host:port/ipp/print. A hotel's
 * property-management system (or any PC: Windows adds it by URL, CUPS with `lpadmin -v ipp://…`)
 * prints a PDF, and the document appears in the teller's signing queue with the job's name and
 * originating user.
 *
 * A job is "completed" the moment its document is safely in the queue: the printer's part is done,
 * and a print spooler waiting for completion is not held up until a customer signs. Nothing of the
 * document stays in the printer; it keeps only a short job history (ids, names, states) for Get-Jobs.
 */
export interface IppPrinterConfig {
  host: string;
  /** 0 picks a free port (tests). */
  port: number;
  /** The printer's name, shown in print dialogs. Default 'Signing Station'. */
  name?: string;
  location?: string;
  /** Largest accepted document. Default 50 MiB. */
  maxDocumentBytes?: number;
  /** Client addresses allowed to print ("10.1.2.0/24, 192.168.5.7"); empty: all that reach the port. */
  allowFrom?: string;
  /**
   * Printed documents that may wait unsigned in the teller's queue at once (default 50): a print loop in
   * a property-management system must not bury the teller. Beyond it the printer answers server-error-busy
   * and the spooler retries later. Jobs created (Create-Job) and still waiting for their document are held
   * to the same number: beyond it Create-Job answers server-error-too-many-jobs.
   */
  maxWaiting?: number;
  /** Bytes of one request's attributes (default 64 KiB); and the whole body of a request that carries no document. */
  maxAttributeBytes?: number;
  /** Attribute values in one request (default 1000). */
  maxAttributeValues?: number;
  /** PEM files: with both, the printer speaks IPP over TLS (ipps://), so documents do not cross the LAN in clear. */
  tlsCert?: string;
  tlsKey?: string;
}

export type { IppJobRecord } from './ippJobTable';

export interface RunningIppPrinter {
  /** ipp://host:port/ipp/print */
  url: string;
  port: number;
  jobs(): IppJobRecord[];
  close(): Promise<void>;
}

export interface IppPrinterOptions {
  config: IppPrinterConfig;
  inbox: SigningRequestInbox;
  log: IntegrationLog;
  now?: () => Date;
}

const printerPath = '/ipp/print';

/** Who sent a request, as far as the printer can tell without authentication: the connection's address. */
const clientOf = (req: IncomingMessage) => req.socket.remoteAddress ?? 'unknown';

/** Visible text only: job and user names end up on the teller's screen. */
function cleanName(value: string | undefined, fallback: string): string {
  const cleaned = (value ?? '').replace(/[\u0000-\u001f\u007f]/g, ' ').trim().slice(0, 255);
  return cleaned || fallback;
}

export async function startIppPrinter(options: IppPrinterOptions): Promise<RunningIppPrinter> {
  const { config, inbox, log } = options;
  const now = options.now ?? (() => new Date());
  const maxDocumentBytes = config.maxDocumentBytes ?? 50 * 1024 * 1024;
  const parseLimits: IppParseLimits = { maxAttributeBytes: config.maxAttributeBytes ?? 64 * 1024, maxValues: config.maxAttributeValues ?? 1000 };
  const identity: PrinterIdentity = {
    name: config.name ?? 'Signing Station',
    info: 'Documents printed here appear on the signing station for the customer to sign',
    location: config.location ?? '',
    makeAndModel: 'Signing Station Print to Tab',
  };
  // Anyone who can print here can put a document in front of a customer: limit who may, off loopback.
  const allowList = parseClientAllowList(config.allowFrom ?? '');
  if (!allowList.restricted && !['127.0.0.1', '::1', 'localhost'].includes(config.host)) {
    log.warn('IPP printer open to every client on the network; set print.allowFrom to the systems that may print', { host: config.host });
  }
  const jobs = createIppJobTable(now);
  const maxWaiting = config.maxWaiting ?? 50;
  // Requests this printer put in the queue that are still unsigned (counted from the inbox's events).
  const waiting = new Set<string>();
  const stopCounting = (['completed', 'cancelled', 'expired'] as const).map((e) => inbox.on(e, (r) => waiting.delete(r.id)));
  const unixSeconds = (d: Date) => Math.floor(d.getTime() / 1000);
  const finish = jobs.finish;

  /** The URI of this printer as the client addressed it (so a client behind NAT gets its own view). */
  const tls = Boolean(config.tlsCert && config.tlsKey);
  function printerUriFor(req: IncomingMessage): string {
    const host = req.headers.host ?? `${config.host}:${port}`;
    return `${tls ? 'ipps' : 'ipp'}://${host}${printerPath}`;
  }

  /**
   * A job's attributes. Job names often carry a guest's name ("Registration – Ms Berg, room 12"), and
   * this printer authenticates nobody: requesting-user-name is only a claim, so the name and the user
   * are shown to no one over IPP ("Private", as CUPS' JobPrivateValues does for others' jobs). The
   * client that printed knows what it printed; the teller sees both in the signing queue.
   */
  function jobAttributes(job: IppJobRecord, printerUri: string, requested: Set<string> | 'all'): IppAttribute[] {
    const a = ipp.attr;
    const dateOrNone = (d?: Date) => (d ? ipp.dateTime(d) : ipp.noValue());
    const secondsOrNone = (d?: Date) => (d ? ipp.integer(unixSeconds(d)) : ipp.noValue());
    const all: IppAttribute[] = [
      a('job-id', ipp.integer(job.id)),
      a('job-uri', ipp.uri(`${printerUri}/${job.id}`)),
      a('job-printer-uri', ipp.uri(printerUri)),
      a('job-name', ipp.name('Private')),
      a('job-originating-user-name', ipp.name('Private')),
      a('job-state', ipp.enum(job.state)),
      a('job-state-reasons', ...job.reasons.map(ipp.keyword)),
      a('job-state-message', ipp.text(job.message)),
      a('number-of-documents', ipp.integer(job.documentBytes === undefined ? 0 : 1)),
      a('job-k-octets', job.documentBytes === undefined ? ipp.noValue() : ipp.integer(Math.ceil(job.documentBytes / 1024))),
      a('time-at-creation', ipp.integer(unixSeconds(job.createdAt))),
      a('time-at-processing', secondsOrNone(job.processingAt)),
      a('time-at-completed', secondsOrNone(job.completedAt)),
      a('job-printer-up-time', ipp.integer(unixSeconds(now()))),
      a('date-time-at-creation', ipp.dateTime(job.createdAt)),
      a('date-time-at-processing', dateOrNone(job.processingAt)),
      a('date-time-at-completed', dateOrNone(job.completedAt)),
      a('number-of-intervening-jobs', ipp.integer(0)),
      a('copies', ipp.integer(1)),
      a('sides', ipp.keyword('one-sided')),
    ];
    if (job.documentFormat) all.push(a('document-format', ipp.mime(job.documentFormat)));
    return requested === 'all' ? all : all.filter((x) => requested.has(x.name));
  }

  /** requested-attributes as a set, with 'all' and the group names meaning everything. */
  function requestedAttributes(op: IppGroup, fallback: string[] | 'all'): Set<string> | 'all' {
    const attr = op.attributes.find((x) => x.name === 'requested-attributes');
    if (!attr) return fallback === 'all' ? 'all' : new Set(fallback);
    const names = attr.values.map((v) => String(v.value));
    if (names.some((n) => n === 'all' || n === 'job-description' || n === 'job-template' || n === 'printer-description')) return 'all';
    return new Set(names);
  }

  function targetJob(op: IppGroup): IppJobRecord {
    const idValue = firstValue(op, 'job-id');
    let id: number | undefined;
    if (idValue && typeof idValue.value === 'number') id = idValue.value;
    else {
      const jobUri = stringOf(op, 'job-uri');
      const m = jobUri ? /\/(\d+)$/.exec(jobUri) : null;
      if (m) id = Number(m[1]);
    }
    if (id === undefined) throw new IppError(Status.badRequest, 'job-id or job-uri is required');
    const job = jobs.get(id);
    if (!job) throw new IppError(Status.notFound, `job ${id} does not exist`);
    return job;
  }

  /** Send-Document and Cancel-Job: only from the client (address) that created the job, whatever user name it claims. */
  function ownJob(op: IppGroup, req: IncomingMessage): IppJobRecord {
    const job = targetJob(op);
    if (job.client !== clientOf(req)) throw new IppError(Status.forbidden, `job ${job.id} was created by another client`);
    return job;
  }

  /** Checks compression and format and returns the PDF bytes of a document, or throws the right IPP status. */
  function takeDocument(op: IppGroup, data: Uint8Array): { pdf: Uint8Array; format: string } {
    const compression = stringOf(op, 'compression') ?? 'none';
    if (!supportedCompressions.includes(compression)) throw new IppError(Status.compressionNotSupported, `compression '${compression}' is not supported`);
    const format = stringOf(op, 'document-format') ?? 'application/pdf';
    if (!supportedDocumentFormats.includes(format)) throw new IppError(Status.documentFormatNotSupported, `document-format '${format}' is not supported: print a PDF`);
    let pdf = data;
    if (compression === 'gzip') {
      try {
        pdf = new Uint8Array(gunzipSync(data, { maxOutputLength: maxDocumentBytes }));
      } catch (err) {
        throw new IppError(Status.compressionError, `the gzip data cannot be decompressed: ${(err as Error).message}`);
      }
    }
    try {
      checkPdfDocument(pdf);
    } catch (err) {
      if (err instanceof NotAPdfError) throw new IppError(Status.documentFormatError, err.message);
      throw err;
    }
    return { pdf, format: 'application/pdf' };
  }

  function checkRoomForNewJob(): void {
    if (jobs.waitingForDocument() >= maxWaiting) {
      log.warn('IPP printer refused Create-Job: the maximum of jobs already wait for their document', { jobs: maxWaiting });
      throw new IppError(Status.tooManyJobs, `${maxWaiting} jobs are already waiting for their document; send those first or try again later`);
    }
    checkRoom();
  }

  function checkRoom(): void {
    if (waiting.size >= maxWaiting) {
      log.warn('IPP printer busy: the teller queue holds the maximum of printed documents', { waiting: waiting.size });
      throw new IppError(Status.busy, `${waiting.size} printed documents are already waiting to be signed; try again later`);
    }
  }

  function checkNewJob(op: IppGroup): void {
    const compression = stringOf(op, 'compression');
    if (compression && !supportedCompressions.includes(compression)) throw new IppError(Status.compressionNotSupported, `compression '${compression}' is not supported`);
    const format = stringOf(op, 'document-format');
    if (format && !supportedDocumentFormats.includes(format)) throw new IppError(Status.documentFormatNotSupported, `document-format '${format}' is not supported: print a PDF`);
  }

  /** The job's signing plan (ippJobPlan.ts); a faulty one is refused naming its attribute, before any job exists. */
  function jobPlan(request: IppMessage): IppJobRecord['signing'] {
    const read = readJobPlan(request);
    if (!read.ok) throw new IppError(Status.attributesOrValuesNotSupported, read.message, [{ tag: GroupTag.unsupported, attributes: [read.attribute] }]);
    return read.fields;
  }

  function newJob(request: IppMessage, req: IncomingMessage): IppJobRecord {
    const [op] = request.groups;
    return jobs.add({
      name: cleanName(stringOf(op, 'job-name') ?? stringOf(op, 'document-name'), '') || undefined,
      user: cleanName(stringOf(op, 'requesting-user-name'), 'anonymous'),
      client: clientOf(req),
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
      finish(job, JobState.completed, ['job-completed-successfully'], 'In the teller\'s signing queue');
      // Not the user name: it is often a person's, and the queue (encrypted) has it.
      log.info('print job queued for signing', { job: job.id, signingRequestId: request.id, bytes: pdf.length });
    } catch (err) {
      finish(job, JobState.aborted, ['aborted-by-system'], 'The station could not queue the document');
      log.error('print job could not be queued', { job: job.id, error: (err as Error).message });
      throw new IppError(Status.internalError, 'the document could not be queued for signing');
    }
  }

  function jobCreatedAttributes(job: IppJobRecord, printerUri: string): IppAttribute[] {
    return jobAttributes(job, printerUri, new Set(['job-id', 'job-uri', 'job-state', 'job-state-reasons', 'job-state-message', 'number-of-intervening-jobs']));
  }

  async function operate(request: IppMessage, req: IncomingMessage): Promise<{ status: number; groups: IppGroup[]; message?: string }> {
    const [op] = request.groups;
    const printerUri = printerUriFor(req);
    switch (request.code) {
      case Operation.getPrinterAttributes: {
        const requested = requestedAttributes(op, 'all');
        const queued = jobs.all().filter((j) => j.state < JobState.canceled).length;
        const host = req.headers.host ?? `${config.host}:${port}`;
        const all = printerDescription({
          identity, printerUri, moreInfoUrl: `${tls ? 'https' : 'http'}://${host}/`, tls,
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
        const { pdf, format } = takeDocument(op, request.data);
        const job = newJob(request, req);
        await deliver(job, op, pdf, format);
        return { status: Status.ok, groups: [{ tag: GroupTag.job, attributes: jobCreatedAttributes(job, printerUri) }] };
      }
      case Operation.createJob: {
        checkNewJob(op);
        checkRoomForNewJob();
        const job = newJob(request, req);
        return { status: Status.ok, groups: [{ tag: GroupTag.job, attributes: jobCreatedAttributes(job, printerUri) }] };
      }
      case Operation.sendDocument: {
        const job = ownJob(op, req);
        const last = firstValue(op, 'last-document');
        if (!last || last.tag !== 0x22) throw new IppError(Status.badRequest, 'last-document is required');
        if (job.state !== JobState.pending) throw new IppError(Status.notPossible, `job ${job.id} is not waiting for a document`);
        if (last.value !== true) throw new IppError(Status.multipleDocumentJobsNotSupported, 'one document per job: send it with last-document true');
        checkRoom();
        const { pdf, format } = takeDocument(op, request.data);
        await deliver(job, op, pdf, format);
        return { status: Status.ok, groups: [{ tag: GroupTag.job, attributes: jobCreatedAttributes(job, printerUri) }] };
      }
      case Operation.cancelJob: {
        const job = ownJob(op, req);
        if (job.state !== JobState.pending) throw new IppError(Status.notPossible, `job ${job.id} is already ${job.state === JobState.completed ? 'in the signing queue' : 'finished'}`);
        finish(job, JobState.canceled, ['job-canceled-by-user'], 'Cancelled before the document arrived');
        return { status: Status.ok, groups: [] };
      }
      case Operation.getJobAttributes: {
        const job = targetJob(op);
        return { status: Status.ok, groups: [{ tag: GroupTag.job, attributes: jobAttributes(job, printerUri, requestedAttributes(op, 'all')) }] };
      }
      case Operation.getJobs: {
        jobs.prune();
        const which = stringOf(op, 'which-jobs') ?? 'not-completed';
        if (!['completed', 'not-completed', 'all'].includes(which)) throw new IppError(Status.attributesOrValuesNotSupported, `which-jobs '${which}' is not supported (completed, not-completed, all)`);
        const limitValue = firstValue(op, 'limit');
        const limit = typeof limitValue?.value === 'number' && limitValue.value > 0 ? limitValue.value : Infinity;
        const myJobs = firstValue(op, 'my-jobs')?.value === true;
        const user = stringOf(op, 'requesting-user-name');
        const requested = requestedAttributes(op, ['job-id', 'job-uri']);
        const selected = jobs.all()
          .filter((j) => which === 'all' || (which === 'completed' ? j.state >= JobState.canceled : j.state < JobState.canceled))
          .filter((j) => !myJobs || j.user === user)
          .sort((a, b) => (which === 'completed' ? b.id - a.id : a.id - b.id))
          .slice(0, limit);
        return { status: Status.ok, groups: selected.map((j) => ({ tag: GroupTag.job, attributes: jobAttributes(j, printerUri, requested) })) };
      }
      default:
        throw new IppError(Status.operationNotSupported, `operation 0x${request.code.toString(16).padStart(4, '0')} is not supported`);
    }
  }

  function respond(res: ServerResponse, version: [number, number], requestId: number, status: number, groups: IppGroup[], message?: string): void {
    const operationGroup: IppGroup = {
      tag: GroupTag.operation,
      attributes: [ipp.attr('attributes-charset', ipp.charset('utf-8')), ipp.attr('attributes-natural-language', ipp.language('en'))],
    };
    if (message) operationGroup.attributes.push(ipp.attr('status-message', ipp.text(message.slice(0, 255))));
    const supportedVersion: [number, number] = version[0] === 1 || version[0] === 2 ? version : [2, 0];
    const body = encodeIppMessage({ version: supportedVersion, code: status, requestId, groups: [operationGroup, ...groups] });
    res.writeHead(200, { 'content-type': 'application/ipp', 'content-length': body.length });
    res.end(body);
  }

  async function handleIpp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { body, refused } = await readIppBody(req, { maxDocumentBytes, maxAttributeBytes: parseLimits.maxAttributeBytes });
    const headerRequestId = body.length >= 8 ? new DataView(body.buffer, body.byteOffset).getInt32(4) : 0;
    const headerVersion: [number, number] = body.length >= 2 ? [body[0], body[1]] : [2, 0];
    if (refused) {
      res.setHeader('connection', 'close');
      log.info('IPP request refused', { status: 'client-error-request-entity-too-large', reason: refused });
      respond(res, headerVersion, headerRequestId, Status.requestEntityTooLarge, [], refused);
      return;
    }
    let request: IppMessage;
    try {
      request = parseIppMessage(body, parseLimits);
    } catch (err) {
      if (err instanceof IppLimitError) {
        log.info('IPP request refused', { status: 'client-error-request-entity-too-large', reason: err.message });
        return respond(res, headerVersion, headerRequestId, Status.requestEntityTooLarge, [], err.message);
      }
      if (err instanceof IppParseError) return respond(res, headerVersion, headerRequestId, Status.badRequest, [], err.message);
      throw err;
    }
    try {
      checkIppRequest(request, printerPath);
      const { status, groups, message } = await operate(request, req);
      respond(res, request.version, request.requestId, status, groups, message);
    } catch (err) {
      if (err instanceof IppError) {
        log.info('IPP request refused', { operation: request.code, status: `0x${err.status.toString(16)}`, reason: err.message });
        return respond(res, request.version, request.requestId, err.status, err.groups, err.message);
      }
      log.error('IPP request failed', { error: (err as Error).message });
      respond(res, request.version, request.requestId, Status.internalError, [], 'internal error');
    }
  }

  const handler = (req: IncomingMessage, res: ServerResponse) => {
    if (!allowList.allows(req.socket.remoteAddress)) {
      log.warn('IPP client refused by print.allowFrom', { address: req.socket.remoteAddress });
      res.writeHead(403, { 'content-type': 'text/plain', connection: 'close' }).end('this client may not print to the signing station\n');
      return;
    }
    if (req.method === 'POST' && (req.url === printerPath || req.url === '/' || /^\/ipp\/print\/\d+$/.test(req.url ?? ''))) {
      if (!/^application\/ipp\b/i.test(req.headers['content-type'] ?? '')) {
        res.writeHead(415, { 'content-type': 'text/plain' }).end('send application/ipp\n');
        return;
      }
      handleIpp(req, res).catch((err) => {
        log.error('IPP connection failed', { error: (err as Error).message });
        if (!res.headersSent) res.writeHead(500).end();
        else res.destroy();
      });
      return;
    }
    if (req.method === 'GET' || req.method === 'HEAD') {
      // printer-more-info: a human-readable page for whoever adds the printer.
      const text = `${identity.name}\n\nAdd this printer by URL: ${printerUriFor(req)}\nPrinted PDFs appear in the teller's signing queue.\n`;
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end(req.method === 'HEAD' ? undefined : text);
      return;
    }
    res.writeHead(405, { allow: 'POST, GET' }).end();
  };
  const server = tls
    ? createTlsServer({ cert: readFileSync(config.tlsCert!), key: readFileSync(config.tlsKey!), minVersion: 'TLSv1.2' }, handler)
    : createServer(handler);
  server.requestTimeout = 300_000;
  const { port, urlHost } = await listenOn(server, config.host, config.port);
  const url = `${tls ? 'ipps' : 'ipp'}://${urlHost}:${port}${printerPath}`;
  log.info('IPP printer listening', { url });
  return {
    url,
    port,
    jobs: () => jobs.all().map((j) => structuredClone(j)),
    close: () =>
      new Promise<void>((resolve) => {
        for (const stop of stopCounting) stop();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
