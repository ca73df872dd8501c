import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { randomBytes } from 'node:crypto';
import { s3ForTests } from './radosgw';
import type { StationConfig } from '../../main/config/stationConfigSchema';

export interface TestS3 {
  endpoint: string;
  bucket: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  client: S3Client;
  syncConfig(endpoint?: string): StationConfig['sync'];
  list(): Promise<string[]>;
  get(key: string): Promise<Buffer>;
}

/** A fresh bucket on the run's radosgw. */
export async function freshBucket(): Promise<TestS3> {
  const s3 = await s3ForTests();
  const client = new S3Client({ endpoint: s3.endpoint, region: s3.region, forcePathStyle: true, credentials: s3.credentials, requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' });
  const bucket = `sync-${randomBytes(6).toString('hex')}`;
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
  return {
    endpoint: s3.endpoint,
    bucket,
    credentials: s3.credentials,
    client,
    syncConfig: (endpoint = s3.endpoint) => ({
      enabled: true,
      s3Endpoint: endpoint,
      s3Bucket: bucket,
      s3Region: s3.region,
      s3ForcePathStyle: true,
      s3SseKmsKeyId: '',
      concurrency: 3,
      intervalSeconds: 1,
    }),
    async list() {
      const keys: string[] = [];
      let token: string | undefined;
      do {
        const out = await client.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }));
        keys.push(...(out.Contents ?? []).map((c) => c.Key!));
        token = out.NextContinuationToken;
      } while (token);
      return keys.sort();
    },
    async get(key) {
      const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      return Buffer.from(await out.Body!.transformToByteArray());
    },
  };
}
