/**
 * Where the tenant's key-encryption key (KEK) comes from. Both implementations behave alike
 * (test/keyProviderContract.ts is the one suite both pass):
 *  - `aws-kms`: AWS KMS `GenerateDataKey` / `Decrypt` under the client's own KMS key, with an
 *    encryption context naming tenant and station, so only that client's key can ever unwrap it;
 *  - `local`: an offline stand-in on this machine (clearly weaker: its master key is only as safe
 *    as the machine's keystore or, headless, a file).
 * The vault never sees a provider's master key, only data keys and the blobs that wrap them.
 */
export interface KeyProvider {
  /** 'aws-kms' or 'local'. Written into envelopes so that a reader knows whom to ask. */
  readonly name: KeyProviderName;
  /** The master key used for new data keys (KMS key id/ARN, or the local key's id). */
  readonly keyId: string;
  /**
   * A fresh 256-bit data key: the plaintext (to use now) and the blob that only this provider's
   * master key can unwrap, under exactly this encryption context.
   */
  generateDataKey(context: EncryptionContext): Promise<GeneratedDataKey>;
  /** Unwraps a blob made by generateDataKey; the same context must be given, or it is refused. */
  decryptDataKey(blob: Uint8Array, context: EncryptionContext): Promise<Buffer>;
  /** Is the master key usable now (reachable, enabled)? Never throws. */
  checkHealth(): Promise<KeyHealth>;
}

export type KeyProviderName = 'aws-kms' | 'local';

/** KMS encryption context: non-secret, authenticated, logged by CloudTrail. No personal data. */
export type EncryptionContext = Record<string, string>;

export interface GeneratedDataKey {
  plaintext: Buffer;
  blob: Buffer;
  /** The master key that wrapped it, as the provider names it (KMS returns the key ARN). */
  keyId: string;
}

export interface KeyHealth {
  ok: boolean;
  provider: KeyProviderName;
  keyId: string;
  /** One line: 'enabled', 'unreachable: …', 'disabled', … */
  detail: string;
}
