import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { IppError } from './ippError';
import type { IppJobRecord } from './ippJobTable';
import { GroupTag, ipp, type IppAttribute, type IppGroup } from './ippMessage';
import { checkNewJob, checkOwnJob, checkSendDocument, cleanName, selectJobs, takeDocument, targetJobId } from './ippOperationRules';
import { JobState, Status } from './ippPrinterDescription';

const op = (...attributes: IppAttribute[]): IppGroup => ({ tag: GroupTag.operation, attributes });
const statusOf = (fn: () => unknown): number | undefined => {
  try {
    fn();
  } catch (err) {
    if (err instanceof IppError) return err.status;
    throw err;
  }
  return undefined;
};
const pdf = new TextEncoder().encode('%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const job = (id: number, state: number, fields: Partial<IppJobRecord> = {}): IppJobRecord => ({
  id, state, name: `job ${id}`, user: 'pms', client: '10.0.0.5', reasons: [], message: '', createdAt: new Date(0), ...fields,
});

describe('IPP operation rules', () => {
  it('keeps job and user names to visible text of at most 255 characters', () => {
    expect(cleanName('Ms\u0000Berg\u001b room 12\n', 'x')).toBe('Ms Berg  room 12');
    expect(cleanName('  \u0007 ', 'anonymous')).toBe('anonymous');
    expect(cleanName('a'.repeat(300), '')).toHaveLength(255);
  });

  it('takes a PDF plain or gzipped, and refuses other formats, compressions and bytes with their own statuses', () => {
    expect(takeDocument(op(), pdf, 1000).pdf).toEqual(pdf);
    expect(takeDocument(op(ipp.attr('compression', ipp.keyword('gzip'))), new Uint8Array(gzipSync(pdf)), 1000).pdf).toEqual(pdf);
    expect(statusOf(() => takeDocument(op(ipp.attr('compression', ipp.keyword('gzip'))), new Uint8Array(gzipSync(pdf)), 10))).toBe(Status.compressionError);
    expect(statusOf(() => takeDocument(op(ipp.attr('compression', ipp.keyword('compress'))), pdf, 1000))).toBe(Status.compressionNotSupported);
    expect(statusOf(() => takeDocument(op(ipp.attr('document-format', ipp.mime('image/pwg-raster'))), pdf, 1000))).toBe(Status.documentFormatNotSupported);
    expect(statusOf(() => takeDocument(op(), new TextEncoder().encode('hello'), 1000))).toBe(Status.documentFormatError);
    expect(statusOf(() => checkNewJob(op(ipp.attr('document-format', ipp.mime('text/plain')))))).toBe(Status.documentFormatNotSupported);
    expect(statusOf(() => checkNewJob(op()))).toBeUndefined();
  });

  it('finds the job by job-id or job-uri, and only its creating client may touch it', () => {
    expect(targetJobId(op(ipp.attr('job-id', ipp.integer(7))))).toBe(7);
    expect(targetJobId(op(ipp.attr('job-uri', ipp.uri('ipp://h:631/ipp/print/42'))))).toBe(42);
    expect(statusOf(() => targetJobId(op()))).toBe(Status.badRequest);
    expect(statusOf(() => checkOwnJob(job(1, JobState.pending), '10.0.0.6'))).toBe(Status.forbidden);
    expect(checkOwnJob(job(1, JobState.pending), '10.0.0.5').id).toBe(1);
  });

  it('takes one document per job, only while the job waits for it', () => {
    const last = (v: boolean) => op(ipp.attr('last-document', ipp.boolean(v)));
    expect(statusOf(() => checkSendDocument(op(), job(1, JobState.pending)))).toBe(Status.badRequest);
    expect(statusOf(() => checkSendDocument(last(true), job(1, JobState.completed)))).toBe(Status.notPossible);
    expect(statusOf(() => checkSendDocument(last(false), job(1, JobState.pending)))).toBe(Status.multipleDocumentJobsNotSupported);
    expect(statusOf(() => checkSendDocument(last(true), job(1, JobState.pending)))).toBeUndefined();
  });

  it('lists jobs by which-jobs, my-jobs and limit, newest first for completed ones', () => {
    const jobs = [job(1, JobState.completed), job(2, JobState.pending, { user: 'other' }), job(3, JobState.canceled), job(4, JobState.pending)];
    const ids = (...a: IppAttribute[]) => selectJobs(op(...a), jobs).map((j) => j.id);
    expect(ids()).toEqual([2, 4]);
    expect(ids(ipp.attr('which-jobs', ipp.keyword('completed')))).toEqual([3, 1]);
    expect(ids(ipp.attr('which-jobs', ipp.keyword('all')), ipp.attr('limit', ipp.integer(2)))).toEqual([1, 2]);
    expect(ids(ipp.attr('my-jobs', ipp.boolean(true)), ipp.attr('requesting-user-name', ipp.name('pms')))).toEqual([4]);
    expect(statusOf(() => ids(ipp.attr('which-jobs', ipp.keyword('fetchable'))))).toBe(Status.attributesOrValuesNotSupported);
  });
});
