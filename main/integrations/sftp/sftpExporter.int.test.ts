import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, watch } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSshKeyPair, sshdUnavailableReason, startTestSshd, type TestSshd } from '../../../test/support/sshd';
import { createInMemorySigningRequestRepository } from '../inbox/inMemorySigningRequestRepository';
import { createSigningRequestInbox } from '../inbox/signingRequestInbox';
import { silentLogger } from '../../logging/logger';
import { corpusPdf, makeSamplePdf } from '../../../test/support/samplePdf';
import { createSftpExporter, HostKeyMismatchError, type SftpExporterConfig } from './sftpExporter';

const unavailable = sshdUnavailableReason();
if (unavailable) console.warn(`sftpExporter.int.test: skipped, ${unavailable}`);

let sshd: TestSshd;
let scratch: string;

beforeAll(async () => {
  if (unavailable) return;
  sshd = await startTestSshd();
  scratch = mkdtempSync(join(tmpdir(), 'sftp-test-'));
});

afterAll(async () => {
  await sshd?.stop();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

const configFor = (s: TestSshd, extra: Partial<SftpExporterConfig> = {}): SftpExporterConfig => ({
  host: s.host, port: s.port, username: s.username, privateKeyFile: s.clientPrivateKeyFile,
  hostKeySha256: s.hostKeySha256, remoteDir: '/upload/{tenant}/{documentType}/{yyyy}', tenant: 'nordbank', ...extra,
});

describe.skipIf(Boolean(unavailable))('SFTP export against OpenSSH sshd (chrooted user)', () => {
  it('shows the server key fingerprint on a test connection', async () => {
    const exporter = createSftpExporter({ config: configFor(sshd), log: silentLogger });
    const info = await exporter.testConnection();
    expect(info.hostKeySha256).toBe(sshd.hostKeySha256);
    expect(info.serverIdent).toMatch(/OpenSSH/);
    expect(info.remoteDir).toBe('/upload');
  });

  it('uploads a real PDF and its metadata complete, under the final names only, in per-tenant folders', async () => {
    const pdf = corpusPdf('ordinary/pdflib_us_constitution.pdf') ?? (await makeSamplePdf('constitution', 300_000));
    const exporter = createSftpExporter({ config: configFor(sshd), log: silentLogger });
    const at = new Date('2026-05-04T10:00:00Z');
    const remote = await exporter.exportDocument({ baseName: 'ORDER 77/ä', pdf, documentType: 'loan', metadata: { externalReference: 'ORDER 77' }, at });
    expect(remote).toBe('/upload/nordbank/loan/2026/ORDER_77_ä.pdf');
    const local = join(sshd.localUploadDir, 'nordbank', 'loan', '2026');
    expect(readdirSync(local).sort()).toEqual(['ORDER_77_ä.json', 'ORDER_77_ä.pdf']); // no .part files left behind
    expect(Buffer.from(readFileSync(join(local, 'ORDER_77_ä.pdf'))).equals(Buffer.from(pdf))).toBe(true);
    const metadata = JSON.parse(readFileSync(join(local, 'ORDER_77_ä.json'), 'utf8'));
    expect(metadata).toMatchObject({ externalReference: 'ORDER 77', file: 'ORDER_77_ä.pdf', bytes: pdf.length });
    expect(exporter.exportLog()).toMatchObject([{ status: 'exported', attempt: 1, remotePath: remote }]);

    // Exporting again (a retry after a lost acknowledgement) replaces the file atomically: whenever the
    // folder changes, the final name holds either the whole old or the whole new document.
    const second = await makeSamplePdf('corrected');
    const seen = new Set<string>();
    const torn: string[] = [];
    const watcher = watch(local, (_event, name) => {
      if (name) seen.add(String(name));
      try {
        const now = readFileSync(join(local, 'ORDER_77_ä.pdf'));
        if (!now.equals(Buffer.from(pdf)) && !now.equals(Buffer.from(second))) torn.push(`${now.length} bytes`);
      } catch (err) {
        torn.push(`final name missing: ${(err as Error).message}`);
      }
    });
    await exporter.exportDocument({ baseName: 'ORDER 77/ä', pdf: second, documentType: 'loan', metadata: {}, at });
    await new Promise((r) => setTimeout(r, 100)); // let the last inotify events arrive
    watcher.close();
    expect(torn).toEqual([]);
    expect([...seen].some((n) => /^\.ORDER_77_ä\.pdf\.[0-9a-f]{8}\.part$/.test(n))).toBe(true);
    expect(Buffer.from(readFileSync(join(local, 'ORDER_77_ä.pdf'))).equals(Buffer.from(second))).toBe(true);
    expect(readdirSync(local).length).toBe(2);
  });

  it('refuses a server whose host key does not match the pin, and sends nothing', async () => {
    const other = makeSshKeyPair(join(scratch, 'other_host_key'));
    const exporter = createSftpExporter({ config: configFor(sshd, { hostKeySha256: other.sha256, remoteDir: '/upload/wrongkey' }), log: silentLogger, retry: { attempts: 3, initialDelayMs: 1 } });
    await expect(exporter.testConnection()).rejects.toBeInstanceOf(HostKeyMismatchError);
    await expect(exporter.exportDocument({ baseName: 'x', pdf: await makeSamplePdf(), metadata: {} })).rejects.toBeInstanceOf(HostKeyMismatchError);
    // Not retried: a wrong key does not fix itself.
    expect(exporter.exportLog()).toMatchObject([{ status: 'failed', attempt: 1 }]);
    expect(existsSync(join(sshd.localUploadDir, 'wrongkey'))).toBe(false);
  });

  it('refuses a wrong client key, retrying and logging each attempt', async () => {
    const stranger = makeSshKeyPair(join(scratch, 'stranger_key'));
    const exporter = createSftpExporter({ config: configFor(sshd, { privateKeyFile: stranger.privateKeyFile }), log: silentLogger, retry: { attempts: 2, initialDelayMs: 1 } });
    await expect(exporter.exportDocument({ baseName: 'x', pdf: await makeSamplePdf(), metadata: {} })).rejects.toThrow(/authentication/i);
    expect(exporter.exportLog().map((e) => e.status)).toEqual(['retrying', 'failed']);
  });

  it('cannot write outside the chroot, and says why', async () => {
    const exporter = createSftpExporter({ config: configFor(sshd, { remoteDir: '/etc' }), log: silentLogger, retry: { attempts: 1 } });
    await expect(exporter.exportDocument({ baseName: 'passwd', pdf: await makeSamplePdf(), metadata: {} })).rejects.toThrow();
    expect(() => createSftpExporter({ config: configFor(sshd, { hostKeySha256: 'yes' }), log: silentLogger })).toThrow(/pinned fingerprint/);
  });

  it('exports every completed request of the configured document types from the inbox', async () => {
    const inbox = createSigningRequestInbox({ repository: createInMemorySigningRequestRepository(), expiryCheckIntervalMs: 0 });
    const exporter = createSftpExporter({ config: configFor(sshd, { remoteDir: '/upload/auto', documentTypes: ['loan'] }), log: silentLogger, inbox });
    const signed = await makeSamplePdf('signed loan');
    const loan = (await inbox.submit({ source: 'api', owner: 'crm', document: await makeSamplePdf(), documentName: 'l.pdf', documentType: 'loan', externalReference: 'L-1' })).request;
    const memo = (await inbox.submit({ source: 'api', owner: 'crm', document: await makeSamplePdf(), documentName: 'm.pdf', documentType: 'memo' })).request;
    await inbox.complete(memo.id, await makeSamplePdf('memo'));
    await inbox.complete(loan.id, signed);
    for (let i = 0; i < 200 && exporter.exportLog().length === 0; i++) await new Promise((r) => setTimeout(r, 25));
    expect(exporter.exportLog()).toMatchObject([{ status: 'exported', signingRequestId: loan.id }]);
    const files = readdirSync(join(sshd.localUploadDir, 'auto')).sort();
    expect(files).toEqual([`L-1-${loan.id}.json`, `L-1-${loan.id}.pdf`]);
    expect(Buffer.from(readFileSync(join(sshd.localUploadDir, 'auto', `L-1-${loan.id}.pdf`))).equals(Buffer.from(signed))).toBe(true);
    exporter.close();
    inbox.close();
  });
});
