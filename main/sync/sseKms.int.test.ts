import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { CreateBucketCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { expect, it } from 'vitest';
import { kmsForTests } from '../../test/support/moto';
import { openLocalVault, pdfWithText, tempDir } from '../../test/support/vaultFixtures';
import { createSyncService } from './syncService';

/**
 * SSE-KMS: radosgw 16 answers InvalidRequest without a configured KMS backend, so this runs
 * against moto's S3, which records the server-side encryption requested. It proves the uploader
 * asks for aws:kms with the client's key, and that verification does not rely on the ETag being an
 * MD5 (with SSE-KMS it is not, on AWS).
 */
it('uploads with SSE-KMS under the configured key when sync.s3SseKmsKeyId is set', async () => {
  const moto = await kmsForTests();
  const kms = new KMSClient({ endpoint: moto.endpoint, region: 'eu-north-1', credentials: moto.credentials });
  const keyArn = (await kms.send(new CreateKeyCommand({ Description: 'bank-a archive' }))).KeyMetadata!.Arn!;
  kms.destroy();
  const s3 = new S3Client({ endpoint: moto.endpoint, region: 'eu-north-1', forcePathStyle: true, credentials: moto.credentials });
  const bucket = `sse-${Date.now()}`;
  await s3.send(new CreateBucketCommand({ Bucket: bucket, CreateBucketConfiguration: { LocationConstraint: 'eu-north-1' } }));
  const t = tempDir();
  const { vault } = await openLocalVault(t.dir);
  try {
    vault.enqueueSignedDocument({ id: 'sse-1', tenant: 'bank-a', pdf: pdfWithText('sse'), signedAt: '2026-11-24T10:00:00Z' });
    const sync = createSyncService({
      vault,
      config: { sync: { enabled: true, s3Endpoint: moto.endpoint, s3Bucket: bucket, s3Region: 'eu-north-1', s3ForcePathStyle: true, s3SseKmsKeyId: keyArn, concurrency: 1, intervalSeconds: 30 } },
      s3ClientConfig: { credentials: moto.credentials },
    });
    expect(await sync.syncOnce()).toMatchObject({ uploaded: 1, failed: 0, remaining: 0 });
    for (const key of ['bank-a/2026/11/24/sse-1.pdf']) {
      const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
      expect(head.ServerSideEncryption).toBe('aws:kms');
      expect(head.SSEKMSKeyId).toContain(keyArn.split('/').pop());
    }
  } finally {
    vault.close();
    t.remove();
    s3.destroy();
  }
});
