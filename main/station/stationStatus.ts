import type { StationStatus } from '../../preload/common/contract';
import type { StationConfig } from '../config/stationConfigSchema';
import type { DocumentSealer, PenInput } from '../signing/signingPorts';
import type { SyncService } from '../sync/syncService';
import type { Vault } from '../vault/vault';
import type { StorageSpace } from './storageSpace';

/** The teller's health bar: who this station is, the pen, the queue and its upload, the disk, the credentials. */
export function stationStatusReader(parts: { config: StationConfig; vault: Vault; sync?: SyncService; pen: PenInput; storage: StorageSpace; sealer: DocumentSealer }): () => StationStatus {
  const { config, vault, sync, pen, storage, sealer } = parts;
  return () => {
    const queue = vault.queueStatus();
    const progress = sync?.progress();
    return {
      stationId: config.station.id,
      branch: config.station.branch,
      tenant: config.station.tenant,
      pen: pen.status(),
      sync: {
        enabled: config.sync.enabled,
        online: progress?.online ?? false,
        waiting: (queue.counts.queued ?? 0) + (queue.counts.signed ?? 0),
        uploading: queue.counts.uploading ?? 0,
        bytesTotal: progress?.bytes.total ?? 0,
        bytesDone: progress?.bytes.done ?? 0,
        lastError: progress?.lastError ?? queue.lastError ?? undefined,
        lastSyncAt: progress?.lastRunAt ?? undefined,
      },
      storage: storage.status(),
      demoCredentials: sealer.demoCredentials,
    };
  };
}
