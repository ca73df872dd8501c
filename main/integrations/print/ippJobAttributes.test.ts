import { describe, expect, it } from 'vitest';
import { jobAttributes, jobCreatedAttributes, requestedAttributes } from './ippJobAttributes';
import type { IppJobRecord } from './ippJobTable';
import { GroupTag, ipp } from './ippMessage';
import { JobState } from './ippPrinterDescription';

const job: IppJobRecord = {
  id: 12, name: 'Registration — Ms Berg, room 12', user: 'Astrid Lindqvist', client: '10.0.0.5', state: JobState.completed,
  reasons: ['job-completed-successfully'], message: 'In the teller\'s signing queue', createdAt: new Date('2026-12-01T09:00:00Z'),
  completedAt: new Date('2026-12-01T09:00:02Z'), documentBytes: 2049, documentFormat: 'application/pdf',
};
const uri = 'ipp://station:631/ipp/print';

describe('IPP job attributes', () => {
  it('never shows the job name or the user, whoever asks', () => {
    const all = jobAttributes(job, uri, 'all', new Date('2026-12-01T10:00:00Z'));
    expect(JSON.stringify(all)).not.toMatch(/Berg|Astrid/);
    const value = (name: string) => all.find((a) => a.name === name)?.values[0]?.value;
    expect(value('job-name')).toBe('Private');
    expect(value('job-originating-user-name')).toBe('Private');
    expect(value('job-uri')).toBe(`${uri}/12`);
    expect(value('job-k-octets')).toBe(3);
    expect(value('time-at-completed')).toBe(Date.parse('2026-12-01T09:00:02Z') / 1000);
  });

  it('answers only what was requested; group names mean everything', () => {
    const group = (...names: string[]) => ({ tag: GroupTag.operation, attributes: [ipp.attr('requested-attributes', ...names.map(ipp.keyword))] });
    expect(requestedAttributes(group('job-id', 'job-state'), 'all')).toEqual(new Set(['job-id', 'job-state']));
    expect(requestedAttributes(group('job-id', 'job-description'), 'all')).toBe('all');
    expect(requestedAttributes({ tag: GroupTag.operation, attributes: [] }, ['job-id'])).toEqual(new Set(['job-id']));
    expect(jobCreatedAttributes(job, uri, new Date()).map((a) => a.name)).toEqual(['job-id', 'job-uri', 'job-state', 'job-state-reasons', 'job-state-message', 'number-of-intervening-jobs']);
  });
});
