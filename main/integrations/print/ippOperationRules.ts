import { gunzipSync } from 'node:zlib';
import { checkPdfDocument, NotAPdfError } from '../inbox/pdfDocumentCheck';
import { IppError } from './ippError';
import { readJobPlan } from './ippJobPlan';
import type { IppJobRecord } from './ippJobTable';
import { firstValue, GroupTag, stringOf, type IppGroup, type IppMessage } from './ippMessage';
import { JobState, Status, supportedCompressions, supportedDocumentFormats } from './ippPrinterDescription';

/**
 * The printer's rules for a request, as pure functions of it: what a document must be, which job a
 * request is about, which jobs Get-Jobs lists. Each throws the IppError whose status the client gets.
 */

/** Visible text only: job and user names end up on the teller's screen. */
export function cleanName(value: string | undefined, fallback: string): string {
  const cleaned = (value ?? '').replace(/[\u0000-\u001f\u007f]/g, ' ').trim().slice(0, 255);
  return cleaned || fallback;
}

/** Create-Job, Print-Job, Validate-Job: a compression and a format the printer takes, where named. */
export function checkNewJob(op: IppGroup): void {
  const compression = stringOf(op, 'compression');
  if (compression && !supportedCompressions.includes(compression)) throw new IppError(Status.compressionNotSupported, `compression '${compression}' is not supported`);
  const format = stringOf(op, 'document-format');
  if (format && !supportedDocumentFormats.includes(format)) throw new IppError(Status.documentFormatNotSupported, `document-format '${format}' is not supported: print a PDF`);
}

/** The job's signing plan (ippJobPlan.ts); a faulty one is refused naming its attribute, before any job exists. */
export function jobPlan(request: IppMessage): IppJobRecord['signing'] {
  const read = readJobPlan(request);
  if (!read.ok) throw new IppError(Status.attributesOrValuesNotSupported, read.message, [{ tag: GroupTag.unsupported, attributes: [read.attribute] }]);
  return read.fields;
}

/** Checks compression and format and returns the PDF bytes of a document (gunzipped up to `maxBytes`). */
export function takeDocument(op: IppGroup, data: Uint8Array, maxBytes: number): { pdf: Uint8Array; format: string } {
  const compression = stringOf(op, 'compression') ?? 'none';
  if (!supportedCompressions.includes(compression)) throw new IppError(Status.compressionNotSupported, `compression '${compression}' is not supported`);
  const format = stringOf(op, 'document-format') ?? 'application/pdf';
  if (!supportedDocumentFormats.includes(format)) throw new IppError(Status.documentFormatNotSupported, `document-format '${format}' is not supported: print a PDF`);
  let pdf = data;
  if (compression === 'gzip') {
    try {
      pdf = new Uint8Array(gunzipSync(data, { maxOutputLength: maxBytes }));
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

/** The job a request is about, by job-id or by the number at the end of job-uri. */
export function targetJobId(op: IppGroup): number {
  const idValue = firstValue(op, 'job-id');
  if (idValue && typeof idValue.value === 'number') return idValue.value;
  const jobUri = stringOf(op, 'job-uri');
  const m = jobUri ? /\/(\d+)$/.exec(jobUri) : null;
  if (m) return Number(m[1]);
  throw new IppError(Status.badRequest, 'job-id or job-uri is required');
}

/** Send-Document and Cancel-Job: only from the client (address) that created the job, whatever user name it claims. */
export function checkOwnJob(job: IppJobRecord, client: string): IppJobRecord {
  if (job.client !== client) throw new IppError(Status.forbidden, `job ${job.id} was created by another client`);
  return job;
}

/** Send-Document: one document per job, to a job still waiting for it. */
export function checkSendDocument(op: IppGroup, job: IppJobRecord): void {
  const last = firstValue(op, 'last-document');
  if (!last || last.tag !== 0x22) throw new IppError(Status.badRequest, 'last-document is required');
  if (job.state !== JobState.pending) throw new IppError(Status.notPossible, `job ${job.id} is not waiting for a document`);
  if (last.value !== true) throw new IppError(Status.multipleDocumentJobsNotSupported, 'one document per job: send it with last-document true');
}

/** Get-Jobs: which-jobs, my-jobs (by the claimed user name: it shows only ids and states) and limit. */
export function selectJobs(op: IppGroup, jobs: readonly IppJobRecord[]): IppJobRecord[] {
  const which = stringOf(op, 'which-jobs') ?? 'not-completed';
  if (!['completed', 'not-completed', 'all'].includes(which)) throw new IppError(Status.attributesOrValuesNotSupported, `which-jobs '${which}' is not supported (completed, not-completed, all)`);
  const limitValue = firstValue(op, 'limit');
  const limit = typeof limitValue?.value === 'number' && limitValue.value > 0 ? limitValue.value : Infinity;
  const myJobs = firstValue(op, 'my-jobs')?.value === true;
  const user = stringOf(op, 'requesting-user-name');
  return jobs
    .filter((j) => which === 'all' || (which === 'completed' ? j.state >= JobState.canceled : j.state < JobState.canceled))
    .filter((j) => !myJobs || j.user === user)
    .sort((a, b) => (which === 'completed' ? b.id - a.id : a.id - b.id))
    .slice(0, limit);
}
