import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInMemorySigningRequestRepository } from '../inbox/inMemorySigningRequestRepository';
import { createSigningRequestInbox, type SigningRequestInbox } from '../inbox/signingRequestInbox';
import { silentLogger } from '../../logging/logger';
import { haveIpptool, ipptoolDir, ipptoolRequest, runIpptool } from '../../../test/support/ipptool';
import { corpusPdf, makeSamplePdf } from '../../../test/support/samplePdf';
import { startIppPrinter, type RunningIppPrinter } from './ippPrinter';

const run = promisify(execFile);
if (!haveIpptool) console.warn('ippPrinter.int.test: CUPS ipptool (Debian cups-ipp-utils) is not installed; skipping');

let work: string;
let printer: RunningIppPrinter;
let inbox: SigningRequestInbox;
let pdfFile: string;

const ipptool = (args: string[]) => runIpptool(work, args);

beforeAll(async () => {
  if (!haveIpptool) return;
  work = mkdtempSync(join(tmpdir(), 'ipp-test-'));
  // The conformance files print document-a4.pdf and document-letter.pdf (advertised media); ipptool
  // finds them in its working directory.
  writeFileSync(join(work, 'document-a4.pdf'), await makeSamplePdf('A4 test document'));
  writeFileSync(join(work, 'document-letter.pdf'), await makeSamplePdf('Letter test document'));
  pdfFile = join(work, 'contract.pdf');
  writeFileSync(pdfFile, await makeSamplePdf('Hotel registration card'));
  inbox = createSigningRequestInbox({ repository: createInMemorySigningRequestRepository(), expiryCheckIntervalMs: 0 });
  printer = await startIppPrinter({ config: { host: '127.0.0.1', port: 0, maxDocumentBytes: 2 * 1024 * 1024 }, inbox, log: silentLogger });
});

afterAll(async () => {
  await printer?.close();
  inbox?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe.skipIf(!haveIpptool)('IPP printer against CUPS ipptool', () => {
  it('passes the IPP/1.1 conformance file that ships with CUPS', async () => {
    const { code, out } = await ipptool(['-t', '-f', pdfFile, printer.url, `${ipptoolDir}/ipp-1.1.test`]);
    expect(out).not.toMatch(/\[FAIL\]/);
    expect(code, out).toBe(0);
    expect(out).toMatch(/Print-Job with A4 PDF\s+\[PASS\]/);
  });

  it('passes the IPP/2.0 conformance file that ships with CUPS', async () => {
    const { code, out } = await ipptool(['-t', '-f', pdfFile, printer.url, `${ipptoolDir}/ipp-2.0.test`]);
    expect(out).not.toMatch(/\[FAIL\]/);
    expect(code, out).toBe(0);
    expect(out).toMatch(/PWG 5100.12 section 6.2 - Required Printer Description Attributes\s+\[PASS\]/);
  });

  it('turns a printed real-world PDF into a signing request with the exact bytes, job name and user', async (ctx) => {
    const real = corpusPdf('signature-fields/dss_pdf-two-fields.pdf');
    if (!real) return ctx.skip(); // ../shared/data/pdf-corpus is absent here
    const file = join(work, 'two-fields.pdf');
    writeFileSync(file, real);
    const testFile = join(work, 'print-named.test');
    writeFileSync(testFile, ipptoolRequest('Print a named job', 'Print-Job', [
      'ATTR name requesting-user-name "frontdesk-2"',
      'ATTR name job-name "Registration card — room 1204"',
      'ATTR mimeMediaType document-format application/pdf',
      'FILE $filename',
      'STATUS successful-ok',
      'EXPECT job-id OF-TYPE integer',
      'EXPECT job-state WITH-VALUE 9',
    ]));
    const arrived = new Promise<import('../inbox/signingRequest').SigningRequest>((resolve) => {
      const off = inbox.on('arrived', (r) => { off(); resolve(r); });
    });
    const { code, out } = await ipptool(['-t', '-f', file, printer.url, testFile]);
    expect(code, out).toBe(0);
    const request = await arrived;
    expect(request).toMatchObject({ source: 'print', owner: 'frontdesk-2', documentName: 'Registration card — room 1204', documentBytes: real.length });
    expect(Buffer.from((await inbox.document(request.id))!).equals(Buffer.from(real))).toBe(true);
    const job = printer.jobs().find((j) => j.signingRequestId === request.id);
    expect(job).toMatchObject({ name: 'Registration card — room 1204', user: 'frontdesk-2', state: 9 });
  });

  it('shows a job\'s name and user to no one over IPP, not even to a client claiming the user who printed it (names carry guests\' names)', async (ctx) => {
    const job = printer.jobs().find((j) => j.user === 'frontdesk-2');
    if (!job) return ctx.skip(); // made by the previous test, which needs the shared PDF corpus
    const testFile = join(work, 'job-privacy.test');
    const query = (user: string, expected: string) => ipptoolRequest(`Get-Job-Attributes as ${user}`, 'Get-Job-Attributes', [
      'ATTR integer job-id $jobid',
      `ATTR name requesting-user-name "${user}"`,
      'STATUS successful-ok',
      `EXPECT job-name WITH-VALUE "${expected}"`,
      `EXPECT job-originating-user-name WITH-VALUE "${expected}"`,
    ]);
    // requesting-user-name is only a claim: the printer authenticates nobody.
    writeFileSync(testFile, query('frontdesk-2', 'Private') + query('someone-else', 'Private'));
    const { code, out } = await ipptool(['-t', '-d', `jobid=${job.id}`, printer.url, testFile]);
    expect(code, out).toBe(0);
  });

  it('accepts Create-Job + Send-Document (ipptool create-job.test) and gzip-compressed documents', async () => {
    const before = (await inbox.list()).length;
    const { code, out } = await ipptool(['-t', '-f', pdfFile, printer.url, `${ipptoolDir}/create-job.test`]);
    expect(code, out).toBe(0);
    const gz = join(work, 'compressed.pdf');
    const pdf = await makeSamplePdf('compressed');
    writeFileSync(gz, pdf);
    // The shipped print-job-gzip.test sends the document gzip-compressed with compression=gzip.
    const gzRun = await ipptool(['-t', '-f', gz, printer.url, `${ipptoolDir}/print-job-gzip.test`]);
    expect(gzRun.code, gzRun.out).toBe(0);
    const all = await inbox.list();
    expect(all.length).toBe(before + 2);
    const sha = createHash('sha256').update(pdf).digest('hex');
    const newest = all.find((r) => r.documentSha256 === sha)!;
    expect(newest).toBeDefined();
    expect(Buffer.from((await inbox.document(newest.id))!).equals(Buffer.from(pdf))).toBe(true);
  });

  it('refuses what is not a PDF with the IPP status a spooler understands, and queues nothing', async (ctx) => {
    const before = (await inbox.list()).length;
    const text = join(work, 'note.txt');
    writeFileSync(text, 'just some text\n');
    const asText = await ipptool(['-t', '-f', text, printer.url, `${ipptoolDir}/print-job.test`]);
    expect(asText.code).not.toBe(0);
    expect(asText.out).toMatch(/client-error-document-format-not-supported/);
    const fake = join(work, 'fake.pdf');
    writeFileSync(fake, corpusPdf('malformed/qpdf_bad1_not-a-pdf.pdf') ?? new TextEncoder().encode('<html>not a pdf at all, sorry</html>'));
    const asPdf = await ipptool(['-t', '-f', fake, printer.url, `${ipptoolDir}/print-job.test`]);
    expect(asPdf.code).not.toBe(0);
    expect(asPdf.out).toMatch(/client-error-document-format-error/);
    expect((await inbox.list()).length).toBe(before);
    if (!corpusPdf('malformed/qpdf_bad1_not-a-pdf.pdf')) ctx.annotate('corpus absent: used a synthetic non-PDF');
  });

  it('answers a document over the size limit with client-error-request-entity-too-large', async () => {
    const before = (await inbox.list()).length;
    const big = join(work, 'big.pdf');
    writeFileSync(big, await makeSamplePdf('big', 4 * 1024 * 1024));
    const { code, out } = await ipptool(['-t', '-f', big, printer.url, `${ipptoolDir}/print-job.test`]);
    expect(code).not.toBe(0);
    expect(out).toMatch(/client-error-request-entity-too-large|request-entity-too-large/);
    expect((await inbox.list()).length).toBe(before);
  });
});

describe.skipIf(!haveIpptool)('IPP printer over TLS (ipps://)', () => {
  it('passes the IPP/2.0 conformance file over TLS and queues the printed PDF', async (ctx) => {
    const dir = mkdtempSync(join(tmpdir(), 'ipps-test-'));
    try {
      const cert = join(dir, 'cert.pem');
      const key = join(dir, 'key.pem');
      try {
        await run('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
          '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost', '-keyout', key, '-out', cert]);
      } catch {
        return ctx.skip(); // openssl missing
      }
      const tlsInbox = createSigningRequestInbox({ repository: createInMemorySigningRequestRepository(), expiryCheckIntervalMs: 0 });
      const secure = await startIppPrinter({ config: { host: '127.0.0.1', port: 0, tlsCert: cert, tlsKey: key }, inbox: tlsInbox, log: silentLogger });
      try {
        expect(secure.url).toMatch(/^ipps:\/\//);
        // CUPS trusts a new self-signed printer certificate on first use and remembers it under $HOME/.cups.
        // (No -T here: with ipptool 2.4.2 a -T timeout over TLS aborts every request.)
        const { stdout } = await run('ipptool', ['-t', '-f', pdfFile, secure.url, `${ipptoolDir}/ipp-2.0.test`], { cwd: work, encoding: 'utf8', timeout: 120_000, env: { ...process.env, HOME: dir } });
        expect(stdout).not.toMatch(/\[FAIL\]/);
        const requests = await tlsInbox.list();
        expect(requests.length).toBeGreaterThan(0);
        expect(requests.every((r) => r.source === 'print')).toBe(true);
      } finally {
        await secure.close();
        tlsInbox.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.skipIf(!haveIpptool)('IPP printer queue limit', () => {
  it('answers server-error-busy once the teller queue holds the maximum of printed documents, and accepts again when one is done', async () => {
    const small = createSigningRequestInbox({ repository: createInMemorySigningRequestRepository(), expiryCheckIntervalMs: 0 });
    const limited = await startIppPrinter({ config: { host: '127.0.0.1', port: 0, maxWaiting: 2 }, inbox: small, log: silentLogger });
    try {
      const print = () => ipptool(['-t', '-f', pdfFile, limited.url, `${ipptoolDir}/print-job.test`]);
      expect((await print()).code).toBe(0);
      expect((await print()).code).toBe(0);
      const third = await print();
      expect(third.code).not.toBe(0);
      expect(third.out).toMatch(/server-error-busy/);
      expect((await small.list()).length).toBe(2);
      const [first] = await small.list();
      await small.cancel(first.id, 'teller removed it');
      expect((await print()).code).toBe(0);
      expect((await small.list({ status: 'pending' })).length).toBe(2);
    } finally {
      await limited.close();
      small.close();
    }
  });
});
