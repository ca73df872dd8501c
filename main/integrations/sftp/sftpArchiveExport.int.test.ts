import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sshdUnavailableReason, startTestSshd, type TestSshd } from '../../../test/support/sshd';
import { openLocalVault, pdfWithText, tempDir } from '../../../test/support/vaultFixtures';
import { silentLogger } from '../../logging/logger';
import { startSftpArchiveExport } from './sftpArchiveExport';
import { createSftpExporter } from './sftpExporter';
import { rawVaultDatabase } from '../../../test/support/rawVaultDatabase';

const unavailable = sshdUnavailableReason();
let sshd: TestSshd;
const dir = tempDir('sftp-archive-');
beforeAll(async () => {
  if (!unavailable) sshd = await startTestSshd();
});
afterAll(async () => {
  await sshd?.stop();
  dir.remove();
});

/** Waits for the export worker (bounded: a broken worker fails the test instead of hanging it). */
async function until(condition: () => boolean, what: string) {
  for (let i = 0; i < 400; i++) {
    if (condition()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`gave up waiting: ${what}`);
}

describe.skipIf(Boolean(unavailable))('SFTP archive export of every queued document (real vault, real sshd)', () => {
  it('exports what the vault queues, records receipt, and keeps retrying across a restart until the archive is reachable', async () => {
    const { vault } = await openLocalVault(dir.dir);
    const config = (port: number) => ({
      host: sshd.host, port, username: sshd.username, privateKeyFile: sshd.clientPrivateKeyFile,
      hostKeySha256: sshd.hostKeySha256, remoteDir: '/upload/archive/{documentType}',
    });
    try {
      // First run: the archive is unreachable (nothing listens on port 1).
      const offline = startSftpArchiveExport({
        vault, exporter: createSftpExporter({ config: config(1), log: silentLogger, retry: { attempts: 1 } }), log: silentLogger, initialDelayMs: 60_000,
      });
      const pdf = pdfWithText('archive me');
      vault.enqueueSignedDocument({ id: 'doc-1', tenant: 'bank-a', pdf, signerName: 'Rūta', metadata: { reference: 'ACC-9', documentType: 'account-opening', title: 'Account opening' } });
      await until(() => offline.rows()[0]?.attempts === 1, 'the first failed attempt');
      expect(offline.rows()).toMatchObject([{ document_id: 'doc-1', status: 'pending', attempts: 1 }]);
      expect(offline.rows()[0].last_error).toMatch(/ECONNREFUSED|connect/i);
      offline.close();

      // After a restart with the archive reachable, the pending export goes out.
      const delivered: string[] = [];
      rawVaultDatabase(vault).prepare('UPDATE sftp_exports SET next_attempt_at = ?').run(new Date(0).toISOString());
      const online = startSftpArchiveExport({
        vault, exporter: createSftpExporter({ config: config(sshd.port), log: silentLogger, retry: { attempts: 1 } }), log: silentLogger,
        onDelivered: (id) => delivered.push(id),
      });
      await until(() => delivered.length === 1, 'the export after the restart');
      const folder = join(sshd.localUploadDir, 'archive', 'account-opening');
      expect(readdirSync(folder).sort()).toEqual(['ACC-9-doc-1.json', 'ACC-9-doc-1.pdf']);
      expect(readFileSync(join(folder, 'ACC-9-doc-1.pdf')).equals(pdf)).toBe(true);
      expect(JSON.parse(readFileSync(join(folder, 'ACC-9-doc-1.json'), 'utf8'))).toMatchObject({ documentId: 'doc-1', reference: 'ACC-9', signerName: 'Rūta', documentType: 'account-opening' });
      expect(online.rows()).toMatchObject([{ document_id: 'doc-1', status: 'exported', attempts: 2, remote_path: '/upload/archive/account-opening/ACC-9-doc-1.pdf' }]);

      // A document cancelled before it was queued never gets an export duty.
      vault.startDocument({ id: 'doc-2', tenant: 'bank-a' });
      vault.cancelDocument('doc-2');
      expect(online.rows().map((r) => r.document_id)).toEqual(['doc-1']);
      online.close();
    } finally {
      vault.close();
    }
  });
});
