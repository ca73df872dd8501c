import { describe, expect, it } from 'vitest';
import { radosgwAvailable } from '../../test/support/radosgw';
import { stationConfigSchema } from '../config/stationConfigSchema';
import { createSyncService } from '../sync/syncService';
import { freshBucket } from '../../test/support/syncFixtures';
import { openLocalVault, pdfWithText, tempDir } from '../../test/support/vaultFixtures';
import { fetchArchivedCheckpoints } from './auditCheckpointArchive';
import { setupPrivacy } from './privacySetup';

const missing = process.env.STATION_TEST_S3_ENDPOINT ? undefined : radosgwAvailable();
const quiet = { info() {}, warn() {}, error() {} };

describe.skipIf(missing)(`privacy after each sync run, with the real sync service and radosgw${missing ? ` — skipped: ${missing}` : ''}`, () => {
  it('purges what the policy makes due at once and archives the signed audit checkpoints beside the documents', async () => {
    const s3 = await freshBucket();
    const tmp = tempDir('privacy-sync-');
    const { vault } = await openLocalVault(tmp.dir);
    try {
      const config = stationConfigSchema.parse({ station: { tenant: 'bank-a', id: 'station-7' }, sync: s3.syncConfig(), privacy: { retentionByDocumentType: 'receipt=0' } });
      const sync = createSyncService({ vault, config, s3Client: s3.client, log: quiet });
      const privacy = setupPrivacy({ vault, config, log: quiet, sync, archive: { client: s3.client, bucket: s3.bucket } });
      vault.enqueueSignedDocument({ id: 'rcpt-1', tenant: 'bank-a', pdf: pdfWithText('receipt'), signerName: 'A', metadata: { documentType: 'receipt' } });
      vault.enqueueSignedDocument({ id: 'loan-1', tenant: 'bank-a', pdf: pdfWithText('loan'), signerName: 'B', metadata: { documentType: 'loan' } });
      expect(await sync.syncOnce()).toMatchObject({ online: true, uploaded: 2 });
      await privacy.settled();
      expect([vault.document('rcpt-1')!.state, vault.document('loan-1')!.state]).toEqual(['purged', 'synced']);
      const archived = await fetchArchivedCheckpoints(s3.client, s3.bucket, 'bank-a', 'station-7');
      expect(archived.length).toBe(1);
      expect(privacy.audit.verify({ archived })).toMatchObject({ ok: true });
      const actions = privacy.audit.entries().map((e) => e.action);
      expect(actions).toEqual(expect.arrayContaining(['document.uploading', 'document.synced', 'document.purged', 'retention.purged']));
      privacy.close();
    } finally {
      vault.close();
      tmp.remove();
    }
  });
});
