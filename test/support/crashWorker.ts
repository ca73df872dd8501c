/**
 * A station process for the SIGKILL fault test (crash.int.test.ts): it signs (in three steps),
 * enqueues and uploads as fast as it can, and prints "ack <id>" only after the enqueue transaction
 * has committed. The test kills it with SIGKILL at random moments and restarts it.
 * Environment: CRASH_DIR, CRASH_S3_ENDPOINT, CRASH_S3_BUCKET, CRASH_PREFIX.
 */
import { randomBytes } from 'node:crypto';
import { LocalKeyProvider } from '../../main/vault/localKeyProvider';
import { defaultProtector, localProviderFile } from '../../main/vault/createKeyProvider';
import { openVault } from '../../main/vault/vault';
import { createSyncService } from '../../main/sync/syncService';
import { pdfWithText } from './vaultFixtures';

const dir = process.env.CRASH_DIR!;
const prefix = process.env.CRASH_PREFIX!;
const provider = LocalKeyProvider.open(localProviderFile(dir), defaultProtector(dir));
const vault = await openVault({ dir, tenant: 'bank-a', stationId: 'crash-station', keyProvider: provider });
const sync = createSyncService({
  vault,
  config: {
    sync: { enabled: true, s3Endpoint: process.env.CRASH_S3_ENDPOINT!, s3Bucket: process.env.CRASH_S3_BUCKET!, s3Region: 'us-east-1', s3ForcePathStyle: true, s3SseKmsKeyId: '', concurrency: 3, intervalSeconds: 1 },
  },
  s3ClientConfig: { credentials: { accessKeyId: 'test', secretAccessKey: 'testsecret' } },
  backoff: { baseMs: 10, maxMs: 100 },
});
sync.start();
process.stdout.write('ready\n');

for (let n = 0; ; n++) {
  const id = `${prefix}-${n}-${randomBytes(3).toString('hex')}`;
  vault.startDocument({ id, tenant: 'bank-a' });
  vault.storeSignedDocument({ id, tenant: 'bank-a', pdf: pdfWithText(`crash test ${id} ${randomBytes(20_000).toString('base64')}`), signerName: 'Crash Tester' });
  vault.enqueue(id);
  process.stdout.write(`ack ${id}\n`);
  sync.trigger();
  // Let the event loop run uploads between signings.
  await new Promise((r) => setTimeout(r, 5 + Math.random() * 40));
}
