import { ipp, type IppAttribute, type IppGroup } from './ippMessage';
import type { IppJobRecord } from './ippJobTable';

const unixSeconds = (d: Date) => Math.floor(d.getTime() / 1000);

/** requested-attributes as a set, with 'all' and the group names meaning everything. */
export function requestedAttributes(op: IppGroup, fallback: string[] | 'all'): Set<string> | 'all' {
  const attr = op.attributes.find((x) => x.name === 'requested-attributes');
  if (!attr) return fallback === 'all' ? 'all' : new Set(fallback);
  const names = attr.values.map((v) => String(v.value));
  if (names.some((n) => n === 'all' || n === 'job-description' || n === 'job-template' || n === 'printer-description')) return 'all';
  return new Set(names);
}

/**
 * A job's attributes. Job names often carry a guest's name ("Registration – Ms Berg, room 12"), and
 * this printer authenticates nobody: requesting-user-name is only a claim, so the name and the user
 * are shown to no one over IPP ("Private", as CUPS' JobPrivateValues does for others' jobs). The
 * client that printed knows what it printed; the teller sees both in the signing queue.
 */
export function jobAttributes(job: IppJobRecord, printerUri: string, requested: Set<string> | 'all', now: Date): IppAttribute[] {
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
    a('job-printer-up-time', ipp.integer(unixSeconds(now))),
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

/** What the answer to Print-Job, Create-Job and Send-Document says about the job. */
export function jobCreatedAttributes(job: IppJobRecord, printerUri: string, now: Date): IppAttribute[] {
  return jobAttributes(job, printerUri, new Set(['job-id', 'job-uri', 'job-state', 'job-state-reasons', 'job-state-message', 'number-of-intervening-jobs']), now);
}

export { unixSeconds };
