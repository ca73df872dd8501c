import { GetObjectCommand } from '@aws-sdk/client-s3';
import { readFile } from 'node:fs/promises';
import type { StationConfig } from '../config/stationConfigSchema';
import { createS3Client } from '../sync/s3ClientFactory';
import { AwsKmsKeyProvider } from './awsKmsKeyProvider';
import { createKeyProvider } from './createKeyProvider';
import { openEnvelope, type EnvelopeHeader } from './portableEnvelope';
import { KeyUnavailableError } from './vaultErrors';

/**
 * Opens an envelope from a file or `s3://bucket/key` the way a connected application would,
 * without the station's database: the KEK blob goes to KMS Decrypt (with the header's encryption
 * context; credentials from the SDK's default chain), then data key, then payload. Envelopes made
 * with the local provider can only be opened on the station that holds that provider's key file.
 */
export async function readEnvelopeSource(source: string, config: Pick<StationConfig, 'sync'>): Promise<Buffer> {
  const s3 = /^s3:\/\/([^/]+)\/(.+)$/.exec(source);
  if (!s3) return readFile(source);
  const client = createS3Client(config.sync);
  try {
    const out = await client.send(new GetObjectCommand({ Bucket: s3[1], Key: s3[2] }));
    return Buffer.from(await out.Body!.transformToByteArray());
  } finally {
    client.destroy();
  }
}

export async function openEnvelopeWithKms(
  bytes: Uint8Array,
  config: Pick<StationConfig, 'keys' | 'storage'>,
): Promise<{ header: EnvelopeHeader; plaintext: Buffer }> {
  return openEnvelope(bytes, (header) => unwrapKekWithKms(header, config));
}

/** The envelope's key-encryption key, from KMS Decrypt (or the local provider's key file). */
export async function unwrapKekWithKms(header: EnvelopeHeader, config: Pick<StationConfig, 'keys' | 'storage'>): Promise<Buffer> {
  const blob = Buffer.from(header.kek.blob, 'base64');
  if (header.kek.provider === 'aws-kms') {
    const arnRegion = /^arn:aws[a-z-]*:kms:([a-z0-9-]+):/.exec(header.kek.keyId)?.[1];
    const kms = new AwsKmsKeyProvider({ keyId: header.kek.keyId, region: arnRegion ?? config.keys.kmsRegion, endpoint: config.keys.kmsEndpoint || undefined });
    try {
      return await kms.decryptDataKey(blob, header.kek.encryptionContext);
    } finally {
      kms.destroy();
    }
  }
  if (header.kek.provider === 'local') {
    return createKeyProvider({ keys: { ...config.keys, provider: 'local' }, storage: config.storage }).decryptDataKey(blob, header.kek.encryptionContext);
  }
  throw new KeyUnavailableError(`envelope key provider '${header.kek.provider}' is not known`, false);
}
