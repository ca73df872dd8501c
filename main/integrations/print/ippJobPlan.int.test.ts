import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInMemorySigningRequestRepository } from '../inbox/inMemorySigningRequestRepository';
import type { SigningRequest } from '../inbox/signingRequest';
import { createSigningRequestInbox, type SigningRequestInbox } from '../inbox/signingRequestInbox';
import { silentLogger } from '../../logging/logger';
import { haveIpptool, ipptoolRequest, runIpptool } from '../../../test/support/ipptool';
import { corpusPdf, makeSamplePdf } from '../../../test/support/samplePdf';
import { startIppPrinter, type RunningIppPrinter } from './ippPrinter';

/**
 * A print job's attributes carry the signing plan. The real CUPS ipptool prints
 * to the real printer; what arrives in the inbox is checked.
 */
if (!haveIpptool) console.warn('ippJobPlan.int.test: CUPS ipptool (Debian cups-ipp-utils) is not installed; skipping');

let work: string;
let printer: RunningIppPrinter;
let inbox: SigningRequestInbox;
let pdfFile: string;

const ipptool = (args: string[]) => runIpptool(work, args);

/** An ipptool test printing $filename (Print-Job) or creating a job with the given job attributes (ipptool ATTR lines). */
function printJobTest(name: string, jobAttrs: string[], expect: string[], operation = 'Print-Job'): string {
  const file = join(work, `${name.replace(/\W+/g, '-')}.test`);
  writeFileSync(file, ipptoolRequest(name, operation, [
    'ATTR name requesting-user-name "pms"',
    'ATTR name job-name "Joint account opening"',
    'ATTR mimeMediaType document-format application/pdf',
    ...(jobAttrs.length ? ['GROUP job-attributes-tag', ...jobAttrs] : []),
    // Create-Job carries no document (it would come with Send-Document).
    ...(operation === 'Print-Job' ? ['FILE $filename'] : []),
    ...expect,
  ]));
  return file;
}

/** An ipptool text value in single quotes: JSON's double quotes and commas stay as they are (it has no single quotes). */
const quoted = (s: string) => `'${s}'`;

const twoCustomers = {
  externalReference: 'PMS-4711',
  signers: [
    { key: 'holder-1', role: 'customer', name: 'Ann Berg', order: 1 },
    { key: 'holder-2', role: 'customer', name: 'Björn Berg', order: 2 },
  ],
  places: [
    { signer: 'holder-1', target: { field: 'Signature1' } },
    { signer: 'holder-2', target: { field: 'Signature2' } },
  ],
};

function nextArrival(): Promise<SigningRequest> {
  return new Promise((resolve) => {
    const off = inbox.on('arrived', (r) => { off(); resolve(r); });
  });
}

beforeAll(async () => {
  if (!haveIpptool) return;
  work = mkdtempSync(join(tmpdir(), 'ipp-plan-test-'));
  pdfFile = join(work, 'two-fields.pdf');
  writeFileSync(pdfFile, corpusPdf('signature-fields/dss_pdf-two-fields.pdf') ?? await makeSamplePdf('Joint account opening'));
  inbox = createSigningRequestInbox({ repository: createInMemorySigningRequestRepository(), expiryCheckIntervalMs: 0 });
  printer = await startIppPrinter({ config: { host: '127.0.0.1', port: 0, maxAttributeBytes: 4096 }, inbox, log: silentLogger });
});

afterAll(async () => {
  await printer?.close();
  inbox?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe.skipIf(!haveIpptool)('a print job\'s signing plan (ipptool)', () => {
  it('advertises the signing attributes in job-creation-attributes-supported', async () => {
    const file = join(work, 'gpa.test');
    writeFileSync(file, ipptoolRequest('Get-Printer-Attributes', 'Get-Printer-Attributes', [
      'ATTR keyword requested-attributes job-creation-attributes-supported',
      'STATUS successful-ok',
      'EXPECT job-creation-attributes-supported OF-TYPE keyword WITH-VALUE signing-plan',
      'EXPECT job-creation-attributes-supported WITH-VALUE signing-signer-name',
      'EXPECT job-creation-attributes-supported WITH-VALUE signing-reference',
    ]));
    const { code, out } = await ipptool(['-t', printer.url, file]);
    expect(code, out).toBe(0);
  });

  it('queues a job with signing-plan (two customers, two fields) as a request with that plan', async () => {
    const arrived = nextArrival();
    const test = printJobTest('Print with a plan', [`ATTR text signing-plan ${quoted(JSON.stringify(twoCustomers))}`], ['STATUS successful-ok', 'EXPECT job-state WITH-VALUE 9']);
    const { code, out } = await ipptool(['-t', '-f', pdfFile, printer.url, test]);
    expect(code, out).toBe(0);
    const request = await arrived;
    expect(request).toMatchObject({ source: 'print', owner: 'pms', documentName: 'Joint account opening', externalReference: 'PMS-4711' });
    expect(request.plan).toEqual({
      signers: twoCustomers.signers.map((s) => ({ ...s, mark: 'ink' })),
      places: twoCustomers.places.map((p) => ({ ...p, kind: 'signature', optional: false })),
    });
    // The job history keeps no customer names once the document is queued.
    expect(printer.jobs().find((j) => j.signingRequestId === request.id)?.signing).toBeUndefined();
  });

  it('keeps a Create-Job\'s plan until its Send-Document, and queues the document with it', async () => {
    const arrived = nextArrival();
    const file = join(work, 'create-send.test');
    writeFileSync(file, ipptoolRequest('Create-Job with a plan', 'Create-Job', [
      'ATTR name requesting-user-name "pms"',
      'GROUP job-attributes-tag',
      `ATTR text signing-plan ${quoted(JSON.stringify({ ...twoCustomers, externalReference: 'PMS-4713' }))}`,
      'STATUS successful-ok',
      'EXPECT job-id OF-TYPE integer',
    ]) + ipptoolRequest('Send-Document', 'Send-Document', [
      'ATTR integer job-id $job-id',
      'ATTR name requesting-user-name "pms"',
      'ATTR boolean last-document true',
      'ATTR mimeMediaType document-format application/pdf',
      'FILE $filename',
      'STATUS successful-ok',
    ]));
    const { code, out } = await ipptool(['-t', '-f', pdfFile, printer.url, file]);
    expect(code, out).toBe(0);
    const request = await arrived;
    expect(request.externalReference).toBe('PMS-4713');
    expect(request.plan?.signers.map((s) => s.name)).toEqual(['Ann Berg', 'Björn Berg']);
  });

  it('takes a one-customer job from signing-signer-name and signing-reference as text', async () => {
    const arrived = nextArrival();
    const test = printJobTest('Print with a signer', ['ATTR name signing-signer-name "Ann Berg"', 'ATTR text signing-reference "PMS-4712"'], ['STATUS successful-ok']);
    const { code, out } = await ipptool(['-t', '-f', pdfFile, printer.url, test]);
    expect(code, out).toBe(0);
    const request = await arrived;
    expect(request).toMatchObject({ signerName: 'Ann Berg', externalReference: 'PMS-4712' });
    expect(request.plan).toBeUndefined();
  });

  it('refuses a bad plan with client-error-attributes-or-values-not-supported naming signing-plan, and creates nothing', async () => {
    const before = { requests: (await inbox.list()).length, jobs: printer.jobs().length };
    const bad = { ...twoCustomers, places: [...twoCustomers.places, { signer: 'nobody', target: { field: 'Signature3' } }] };
    for (const operation of ['Print-Job', 'Create-Job']) {
      const test = printJobTest(`Bad plan ${operation}`, [`ATTR text signing-plan ${quoted(JSON.stringify(bad))}`], [
        'STATUS client-error-attributes-or-values-not-supported',
        'EXPECT signing-plan IN-GROUP unsupported-attributes-tag',
        'EXPECT status-message WITH-VALUE "/no signer has the key .nobody./"',
      ], operation);
      const { code, out } = await ipptool(['-t', '-f', pdfFile, printer.url, test]);
      expect(code, out).toBe(0);
    }
    const notJson = printJobTest('Plan not JSON', [`ATTR text signing-plan ${quoted('{"signers": [')}`], [
      'STATUS client-error-attributes-or-values-not-supported', 'EXPECT signing-plan IN-GROUP unsupported-attributes-tag',
    ]);
    expect((await ipptool(['-t', '-f', pdfFile, printer.url, notJson])).code).toBe(0);
    expect((await inbox.list()).length).toBe(before.requests);
    expect(printer.jobs().length).toBe(before.jobs);
  });

  it('refuses a plan over print.maxAttributeBytes with client-error-request-entity-too-large', async () => {
    const before = (await inbox.list()).length;
    const huge = { ...twoCustomers, documentType: 'x'.repeat(5000) };
    const test = printJobTest('Huge plan', [`ATTR text signing-plan ${quoted(JSON.stringify(huge))}`], ['STATUS client-error-request-entity-too-large']);
    const { code, out } = await ipptool(['-t', '-f', pdfFile, printer.url, test]);
    expect(code, out).toBe(0);
    expect((await inbox.list()).length).toBe(before);
  });

  it('queues a job without the attributes as before: no plan, the job id as reference', async () => {
    const arrived = nextArrival();
    const test = printJobTest('Print without a plan', [], ['STATUS successful-ok']);
    const { code, out } = await ipptool(['-t', '-f', pdfFile, printer.url, test]);
    expect(code, out).toBe(0);
    const request = await arrived;
    expect(request.plan).toBeUndefined();
    expect(request.signerName).toBeUndefined();
    expect(request.externalReference).toMatch(/^ipp-job-\d+$/);
  });
});
