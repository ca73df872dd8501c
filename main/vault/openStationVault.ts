import type { StationConfig } from '../config/stationConfigSchema';
import { createKeyProvider } from './createKeyProvider';
import type { SecretProtector } from './secretProtector';
import type { LogWriter } from '../logging/logger';
import { openVault, type Vault } from './vault';

/**
 * The station's vault as the configuration describes it: storage.dir, station.tenant, station.id,
 * keys.* (provider). For the station composition and CLI commands (`station doc sign --enqueue`,
 * `station queue status`): one call instead of repeating the wiring.
 */
export async function openStationVault(
  config: Pick<StationConfig, 'storage' | 'station' | 'keys'>,
  options: { log?: LogWriter; protector?: SecretProtector } = {},
): Promise<Vault> {
  const keyProvider = createKeyProvider(config, { protector: options.protector });
  return openVault({ dir: config.storage.dir, tenant: config.station.tenant, stationId: config.station.id, keyProvider, log: options.log, protector: options.protector });
}
