import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AccessDeniedError, type Actor } from '../accounts/roles';
import { claimForArchive, putLegacyArchiveObjects } from '../../test/support/archiveUploads';
import { freshBucket } from '../../test/support/syncFixtures';
import { openLocalVault, pdfWithText, tempDir } from '../../test/support/vaultFixtures';
import { radosgwAvailable } from '../../test/support/radosgw';
import { createS3ArchiveStore } from './archiveStore';
import { createAuditTrail } from './auditTrail';
import { gdprExport } from './gdprExport';

const quiet = { info() {}, warn() {} };
const supervisor: Actor = { id: 's1', username: 'sup', role: 'supervisor' };
const missing = process.env.STATION_TEST_S3_ENDPOINT ? undefined : radosgwAvailable();

describe('GDPR export (right of access)', () => {
  it('writes PDFs, JSON and an index page with everything about the subject and nothing about others; refuses non-supervisors', async () => {
    const tmp = tempDir('gdpr-export-');
    const { vault } = await openLocalVault(join(tmp.dir, 'vault'));
    try {
      const audit = createAuditTrail(vault, { log: quiet });
      audit.followVault();
      vault.enqueueSignedDocument({ id: 'acc-1', tenant: 'bank-a', pdf: pdfWithText('Account of Märta'), signerName: 'Märta <b>Öberg</b>', metadata: { customerNumber: '778899' }, biometricContainer: Buffer.from('sealed pen data') });
      audit.append({ actor: 'anna.k', action: 'document.viewed', recordId: 'acc-1', subject: 'Märta <b>Öberg</b>', from: 'desk-2', details: { why: 'reprint', identification: { idType: 'passport', lastDigits: '12', checkedBy: 'anna.k' } } });
      vault.enqueueSignedDocument({ id: 'acc-2', tenant: 'bank-a', pdf: pdfWithText('Account of someone else'), signerName: 'Sven Svensson' });
      const outDir = join(tmp.dir, 'export');
      await expect(gdprExport({ vault, audit, actor: { id: 'a', username: 'admin', role: 'administrator' }, subject: '778899', from: 'cli', outDir })).rejects.toThrow(AccessDeniedError);
      expect(existsSync(outDir)).toBe(false);

      // Found by the customer number in the encrypted details, and by name via the audit link.
      const summary = await gdprExport({ vault, audit, actor: supervisor, subject: '778899', from: 'cli', outDir });
      expect(summary).toMatchObject({ documents: 1, pdfs: 1, unavailable: [] });
      const json = JSON.parse(readFileSync(join(outDir, 'subject.json'), 'utf8'));
      expect(json.documents[0]).toMatchObject({ id: 'acc-1', signerName: 'Märta <b>Öberg</b>', metadata: { customerNumber: '778899' }, pdf: 'documents/acc-1.pdf', biometrics: 'documents/acc-1.biometrics', source: 'station' });
      expect(readFileSync(join(outDir, 'documents/acc-1.pdf')).toString('latin1')).toContain('Account of M');
      execFileSync('qpdf', ['--check', join(outDir, 'documents/acc-1.pdf')]);
      const html = readFileSync(join(outDir, 'index.html'), 'utf8');
      expect(html).toContain('Märta &lt;b&gt;Öberg&lt;/b&gt;');
      expect(html).not.toContain('Sven');
      expect(JSON.stringify(json)).not.toContain('Sven');

      // The person's own entry and their document's queue events; staff shown as 'bank staff', the checking teller left out.
      expect(json.auditEntries.map((e: { action: string; actor: string }) => [e.action, e.actor])).toEqual([['document.signed', 'station'], ['document.queued', 'station'], ['document.viewed', 'bank staff']]);
      expect(JSON.stringify(json)).not.toContain('anna.k');
      expect(json.auditEntries[2].details).toEqual({ why: 'reprint', identification: { idType: 'passport', lastDigits: '12' } });
      const byName = await gdprExport({ vault, audit, actor: supervisor, subject: 'märta <B>öberg</b>', from: 'cli', outDir: join(tmp.dir, 'export2'), zip: true });
      expect(byName).toMatchObject({ documents: 1, auditEntries: 3, zipFile: join(tmp.dir, 'export2.zip') });
      // The ZIP as an independent reader (CPython's zipfile) sees it: CRCs intact, the same bytes as the folder.
      const read = (code: string) => execFileSync('python3', ['-c', `import sys, zipfile\nz = zipfile.ZipFile(sys.argv[1])\n${code}`, join(tmp.dir, 'export2.zip')]);
      expect(read('assert z.testzip() is None\nprint("\\n".join(sorted(z.namelist())))').toString().trim().split('\n')).toEqual(['documents/acc-1.biometrics', 'documents/acc-1.pdf', 'index.html', 'subject.json']);
      expect(read('sys.stdout.buffer.write(z.read("documents/acc-1.pdf"))')).toEqual(readFileSync(join(tmp.dir, 'export2', 'documents', 'acc-1.pdf')));
      expect(read('sys.stdout.buffer.write(z.read("index.html"))').toString()).toContain('Märta');
      await expect(gdprExport({ vault, audit, actor: supervisor, subject: '778899', from: 'cli', outDir })).rejects.toThrow(/not empty/);
      expect(audit.entries().filter((e) => e.action === 'gdpr.exported')).toHaveLength(2);
      expect(audit.verify().ok).toBe(true);
    } finally {
      vault.close();
      tmp.remove();
    }
  });

  it.skipIf(missing)(`fetches and decrypts a document already purged from the station from the S3 archive${missing ? ` — skipped: ${missing}` : ''}`, async () => {
    const s3 = await freshBucket();
    const tmp = tempDir('gdpr-export-s3-');
    const { vault } = await openLocalVault(join(tmp.dir, 'vault'));
    try {
      const audit = createAuditTrail(vault, { log: quiet });
      vault.enqueueSignedDocument({ id: 'old-1', tenant: 'bank-a', pdf: pdfWithText('Old contract of Kalle'), signerName: 'Kalle Anka' });
      audit.linkSubject('Kalle Anka', 'old-1');
      claimForArchive(vault, 1);
      // Uploaded as an older station did (envelope + .json beside it): still read, signer details and all.
      await putLegacyArchiveObjects(s3.client, s3.bucket, vault, 'old-1');
      vault.markSynced('old-1');
      vault.purgeDocument('old-1', 'retention');
      const outDir = join(tmp.dir, 'export');
      const summary = await gdprExport({ vault, audit, archive: createS3ArchiveStore(s3.client, s3.bucket), actor: supervisor, subject: 'Kalle Anka', from: 'cli', outDir });
      expect(summary).toMatchObject({ documents: 1, pdfs: 1 });
      const json = JSON.parse(readFileSync(join(outDir, 'subject.json'), 'utf8'));
      expect(json.documents[0]).toMatchObject({ id: 'old-1', state: 'purged', source: 'archive', signerName: 'Kalle Anka' });
      expect(readFileSync(join(outDir, 'documents/old-1.pdf')).toString('latin1')).toContain('Old contract of Kalle');
    } finally {
      vault.close();
      tmp.remove();
    }
  });
});
