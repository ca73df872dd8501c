import { join } from 'node:path';
import type { StationConfig } from '../config/stationConfigSchema';
import { AwsKmsKeyProvider } from './awsKmsKeyProvider';
import type { KeyProvider } from './keyProvider';
import { LocalKeyProvider } from './localKeyProvider';
import { fileKeyProtector, type SecretProtector } from './secretProtector';

/** Files of the vault's folder that hold key material (all 0600). */
export const stationKeyFile = (dir: string) => join(dir, 'keys', 'station-file.key');
export const localProviderFile = (dir: string) => join(dir, 'keys', 'local-provider.json');

/**
 * The key provider the configuration names. `protector` protects local secrets: the Electron shell
 * passes safeStorageProtector(safeStorage); headless and browser mode get the weaker file key.
 */
export function createKeyProvider(
  config: Pick<StationConfig, 'keys' | 'storage'>,
  options: { protector?: SecretProtector } = {},
): KeyProvider {
  if (config.keys.provider === 'aws-kms') {
    return new AwsKmsKeyProvider({ keyId: config.keys.kmsKeyId, region: config.keys.kmsRegion, endpoint: config.keys.kmsEndpoint || undefined });
  }
  const protector = options.protector ?? defaultProtector(config.storage.dir);
  return LocalKeyProvider.open(localProviderFile(config.storage.dir), protector);
}

/** Headless / browser mode: the file-key fallback (weaker, and reported as such). */
export function defaultProtector(dir: string): SecretProtector {
  return fileKeyProtector(stationKeyFile(dir));
}
