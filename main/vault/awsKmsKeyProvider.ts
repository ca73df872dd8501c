import type { KMSClient, KMSClientConfig } from '@aws-sdk/client-kms';
import type { EncryptionContext, GeneratedDataKey, KeyHealth, KeyProvider } from './keyProvider';
import { KeyUnavailableError, VaultIntegrityError } from './vaultErrors';

/**
 * Tenant keys from AWS KMS: one KMS key per client (bank), `GenerateDataKey` AES_256 with an
 * encryption context naming tenant and station. Credentials come from the SDK's default provider
 * chain (environment, profile, SSO, instance role); nothing here stores them.
 */
export interface AwsKmsKeyProviderOptions {
  keyId: string;
  region?: string;
  /** A KMS endpoint other than AWS's (moto in tests, a VPC endpoint in a bank). */
  endpoint?: string;
  /** Extra client settings (credentials for tests). */
  client?: KMSClientConfig;
  /** A KMS request with no answer for this long fails (offline, not hung). Default 10 s. */
  requestTimeoutMs?: number;
}

export class AwsKmsKeyProvider implements KeyProvider {
  readonly name = 'aws-kms' as const;
  readonly keyId: string;
  private readonly clientConfig: KMSClientConfig;
  private connection: Promise<{ sdk: typeof import('@aws-sdk/client-kms'); kms: KMSClient }> | undefined;

  constructor(options: AwsKmsKeyProviderOptions) {
    if (!options.keyId) throw new Error('aws-kms key provider: keys.kmsKeyId is required');
    this.keyId = options.keyId;
    this.clientConfig = {
      region: options.region || 'eu-north-1',
      ...(options.endpoint ? { endpoint: options.endpoint } : {}),
      maxAttempts: 3,
      // A branch without network must not hang start-up or a signing on KMS: fail fast, work
      // offline from the protected key copy, and rotate later.
      requestHandler: { connectionTimeout: 3_000, requestTimeout: options.requestTimeoutMs ?? 10_000, throwOnRequestTimeout: true },
      ...options.client,
    };
  }

  /** The SDK loads on the first KMS call, so opening a vault (`station queue status`) does not pay ~0.2 s for it. */
  private connect() {
    return (this.connection ??= import('@aws-sdk/client-kms').then((sdk) => ({ sdk, kms: new sdk.KMSClient(this.clientConfig) })));
  }

  async generateDataKey(context: EncryptionContext): Promise<GeneratedDataKey> {
    try {
      const { sdk, kms } = await this.connect();
      const out = await kms.send(new sdk.GenerateDataKeyCommand({ KeyId: this.keyId, KeySpec: 'AES_256', EncryptionContext: context }));
      if (!out.Plaintext || !out.CiphertextBlob) throw new Error('KMS answered without a data key');
      return { plaintext: Buffer.from(out.Plaintext), blob: Buffer.from(out.CiphertextBlob), keyId: out.KeyId ?? this.keyId };
    } catch (err) {
      throw kmsError(err, `KMS GenerateDataKey with key ${this.keyId}`);
    }
  }

  async decryptDataKey(blob: Uint8Array, context: EncryptionContext): Promise<Buffer> {
    try {
      // KeyId pins the key: a blob made under another client's key is refused, not silently accepted.
      const { sdk, kms } = await this.connect();
      const out = await kms.send(new sdk.DecryptCommand({ CiphertextBlob: blob, EncryptionContext: context, KeyId: this.keyId }));
      if (!out.Plaintext) throw new Error('KMS answered without plaintext');
      return Buffer.from(out.Plaintext);
    } catch (err) {
      throw kmsError(err, `KMS Decrypt with key ${this.keyId}`);
    }
  }

  async checkHealth(): Promise<KeyHealth> {
    try {
      const { sdk, kms } = await this.connect();
      const out = await kms.send(new sdk.DescribeKeyCommand({ KeyId: this.keyId }));
      const state = out.KeyMetadata?.KeyState ?? 'unknown';
      return { ok: state === 'Enabled', provider: 'aws-kms', keyId: this.keyId, detail: state.toLowerCase() };
    } catch (err) {
      return { ok: false, provider: 'aws-kms', keyId: this.keyId, detail: kmsError(err, 'DescribeKey').message };
    }
  }

  destroy(): void {
    void this.connection?.then(({ kms }) => kms.destroy(), () => {});
  }
}

/** Maps KMS failures to: offline (retry later), denied (a person must act), or tampered blob. */
function kmsError(err: unknown, what: string): Error {
  const e = err as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  const name = e?.name ?? 'Error';
  if (name === 'InvalidCiphertextException') return new VaultIntegrityError(`${what}: the key blob does not decrypt under this key and context (tampered, or another client's key)`);
  if (['DisabledException', 'NotFoundException', 'AccessDeniedException', 'KMSInvalidStateException', 'IncorrectKeyException', 'InvalidKeyUsageException', 'KeyUnavailableException'].includes(name)) {
    return new KeyUnavailableError(`${what}: ${name}${e.message ? ` (${e.message})` : ''}`, name === 'KeyUnavailableException');
  }
  const status = e?.$metadata?.httpStatusCode;
  if (status && status >= 400 && status < 500 && status !== 429) return new KeyUnavailableError(`${what}: ${name} (HTTP ${status})`, false);
  return new KeyUnavailableError(`${what}: KMS unreachable or failing (${name}${e.message ? `: ${e.message}` : ''})`, true);
}
