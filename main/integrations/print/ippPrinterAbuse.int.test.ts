import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInMemorySigningRequestRepository } from '../inbox/inMemorySigningRequestRepository';
import { createSigningRequestInbox, type SigningRequestInbox } from '../inbox/signingRequestInbox';
import type { LogWriter } from '../../logging/logger';
import { makeSamplePdf } from '../../../test/support/samplePdf';
import { encodeIppMessage, firstValue, GroupTag, ipp, parseIppMessage, type IppAttribute } from './ippMessage';
import { startIppPrinter, type RunningIppPrinter } from './ippPrinter';
import { multipleOperationTimeOutSeconds } from './ippPrinterDescription';

/**
 * What an unauthenticated client on the branch network could do to the
 * printer — freeze the station with one huge request, bury it under Create-Jobs, or claim another
 * user's name to read or cancel their jobs. Raw HTTP against the real printer.
 */
let printer: RunningIppPrinter;
let inbox: SigningRequestInbox;
let clock = new Date('2026-12-01T09:00:00Z');
const logged: string[] = [];
const log: LogWriter = { info: (m, f) => logged.push(JSON.stringify({ m, f })), warn: (m, f) => logged.push(JSON.stringify({ m, f })), error: (m, f) => logged.push(JSON.stringify({ m, f })) };

const Op = { printJob: 0x0002, createJob: 0x0005, sendDocument: 0x0006, cancelJob: 0x0008, getJobAttributes: 0x0009, getJobs: 0x000a, getPrinterAttributes: 0x000b };

function message(code: number, extra: IppAttribute[] = [], data?: Uint8Array, requestId = 1): Uint8Array {
  return encodeIppMessage({
    version: [2, 0], code, requestId,
    groups: [{ tag: GroupTag.operation, attributes: [
      ipp.attr('attributes-charset', ipp.charset('utf-8')),
      ipp.attr('attributes-natural-language', ipp.language('en')),
      ipp.attr('printer-uri', ipp.uri(printer.url)),
      ...extra,
    ] }],
    data,
  });
}

/** POSTs an IPP request from a given local address (127.0.0.x: another machine, as far as the printer can tell). */
function post(body: Uint8Array, from = '127.0.0.1'): Promise<{ code?: number; answer?: ReturnType<typeof parseIppMessage>; reset?: boolean }> {
  const url = new URL(printer.url.replace('ipp://', 'http://'));
  return new Promise((resolve) => {
    const req = request({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', localAddress: from, headers: { 'content-type': 'application/ipp', 'content-length': body.length } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const answer = parseIppMessage(new Uint8Array(Buffer.concat(chunks)));
        resolve({ code: answer.code, answer });
      });
      res.on('error', () => resolve({ reset: true }));
    });
    // The printer may answer and close before a huge body is all sent: that is the point.
    req.on('error', () => resolve({ reset: true }));
    req.end(Buffer.from(body));
  });
}

/** Raw bytes of a Get-Printer-Attributes whose last attribute has `count` extra empty values (5 bytes each). */
function manyEmptyValues(count: number): Uint8Array {
  const head = message(Op.getPrinterAttributes, [ipp.attr('requested-attributes', ipp.keyword('printer-name'))]);
  const extra = Buffer.alloc(count * 5);
  for (let i = 0; i < count; i++) extra[i * 5] = 0x44; // keyword, name length 0, value length 0
  return Buffer.concat([head.subarray(0, head.length - 1), extra, Buffer.from([GroupTag.end])]);
}

beforeAll(async () => {
  inbox = createSigningRequestInbox({ repository: createInMemorySigningRequestRepository(), expiryCheckIntervalMs: 0 });
  printer = await startIppPrinter({ config: { host: '127.0.0.1', port: 0, maxWaiting: 3 }, inbox, log, now: () => clock });
});
afterAll(async () => {
  await printer?.close();
  inbox?.close();
});

describe('IPP printer under abuse', () => {
  it('refuses a request with too many values with client-error-request-entity-too-large, and answers the next one', async () => {
    const refused = await post(manyEmptyValues(5000));
    expect(refused.code).toBe(0x0408);
    expect(String(firstValue(refused.answer!.groups[0], 'status-message')?.value)).toMatch(/more than 1000 attribute values/);
    expect((await post(message(Op.getPrinterAttributes))).code).toBe(0x0000);
  });

  it('refuses a 45 MB Get-Printer-Attributes after its first bytes, while another client is answered', async () => {
    const huge = manyEmptyValues(9_000_000);
    const [big, other] = await Promise.all([post(huge), post(message(Op.getPrinterAttributes), '127.0.0.2')]);
    expect(other.code).toBe(0x0000);
    // Answered with the status (or cut off once it would not stop sending) — never parsed.
    expect(big.reset || big.code === 0x0408).toBe(true);
    if (big.code) expect(String(firstValue(big.answer!.groups[0], 'status-message')?.value)).toMatch(/without a document is limited to 65536 bytes/);
    expect((await post(message(Op.getPrinterAttributes))).code).toBe(0x0000);
  });

  it('holds Create-Job to print.maxWaiting with server-error-too-many-jobs, and prunes jobs whose document never came', async () => {
    const create = (from = '127.0.0.1') => post(message(Op.createJob, [ipp.attr('requesting-user-name', ipp.name('pms')), ipp.attr('job-name', ipp.name('Registration — Ms Berg'))]), from);
    const ids: number[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await create();
      expect(r.code).toBe(0x0000);
      ids.push(Number(firstValue(r.answer!.groups.find((g) => g.tag === GroupTag.job), 'job-id')?.value));
    }
    const fourth = await create('127.0.0.3');
    expect(fourth.code).toBe(0x050b);
    // A cancelled job makes room (only its own client may cancel it)…
    expect((await post(message(Op.cancelJob, [ipp.attr('job-id', ipp.integer(ids[0]))]))).code).toBe(0x0000);
    expect((await create()).code).toBe(0x0000);
    expect((await create()).code).toBe(0x050b);
    // …and so do jobs that waited past the advertised time-out for their document: aborted and no longer counted.
    clock = new Date(clock.getTime() + (multipleOperationTimeOutSeconds + 1) * 1000);
    for (let i = 0; i < 3; i++) expect((await create()).code).toBe(0x0000);
    expect(printer.jobs().filter((j) => j.state === 3)).toHaveLength(3);
    expect(printer.jobs().filter((j) => j.state === 8)).toHaveLength(3);
    for (const job of printer.jobs().filter((j) => j.state === 3)) await post(message(Op.cancelJob, [ipp.attr('job-id', ipp.integer(job.id))]));
  });

  it('shows no job name or user to anyone, whatever user name is claimed; only the creating client may cancel or send the document', async () => {
    const pdf = await makeSamplePdf('Registration card');
    const printed = await post(message(Op.printJob, [ipp.attr('requesting-user-name', ipp.name('Astrid Lindqvist')), ipp.attr('job-name', ipp.name('Registration — Astrid Lindqvist, room 12'))], pdf));
    expect(printed.code).toBe(0x0000);
    const jobId = Number(firstValue(printed.answer!.groups.find((g) => g.tag === GroupTag.job), 'job-id')?.value);
    for (const claimed of ['Astrid Lindqvist', 'someone-else']) {
      const seen = await post(message(Op.getJobAttributes, [ipp.attr('job-id', ipp.integer(jobId)), ipp.attr('requesting-user-name', ipp.name(claimed))]));
      const job = seen.answer!.groups.find((g) => g.tag === GroupTag.job);
      expect(firstValue(job, 'job-name')?.value).toBe('Private');
      expect(firstValue(job, 'job-originating-user-name')?.value).toBe('Private');
      const listed = await post(message(Op.getJobs, [ipp.attr('which-jobs', ipp.keyword('all')), ipp.attr('my-jobs', ipp.boolean(true)), ipp.attr('requesting-user-name', ipp.name(claimed)), ipp.attr('requested-attributes', ipp.keyword('all'))]));
      expect(JSON.stringify(listed.answer!.groups.map((g) => g.attributes))).not.toContain('Astrid');
    }
    // A pending job of one client: another client claiming the same user name can neither fill nor cancel it.
    const created = await post(message(Op.createJob, [ipp.attr('requesting-user-name', ipp.name('frontdesk-2'))]));
    const pendingId = Number(firstValue(created.answer!.groups.find((g) => g.tag === GroupTag.job), 'job-id')?.value);
    const asOther = [ipp.attr('job-id', ipp.integer(pendingId)), ipp.attr('requesting-user-name', ipp.name('frontdesk-2'))];
    expect((await post(message(Op.cancelJob, asOther), '127.0.0.2')).code).toBe(0x0401);
    expect((await post(message(Op.sendDocument, [...asOther, ipp.attr('last-document', ipp.boolean(true))], pdf), '127.0.0.2')).code).toBe(0x0401);
    expect((await post(message(Op.cancelJob, asOther))).code).toBe(0x0000);
    // The user name is never logged.
    expect(logged.join('\n')).not.toMatch(/Astrid|frontdesk-2/);
  });
});
