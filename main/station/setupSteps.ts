import type { StationConfig } from '../config/stationConfigSchema';
import type { EventHub } from '../contract/eventHub';
import { createDemoDeskAccounts } from '../desk/demoDeskAccounts';
import { DeskAccessControl } from '../desk/deskAccess';
import { stationDeskAccounts } from '../desk/stationDeskAccounts';
import { createStationDocumentSealer } from '../documents/stationDocumentSealer';
import { startIntegrationServices } from '../integrations/integrationServices';
import type { Logger } from '../logging/logger';
import { createStationPenService } from '../pen/stationPenService';
import type { PrivacyServices } from '../privacy/privacySetup';
import { CombinedInbox } from '../signing/combinedInbox';
import { MemoryInbox } from '../signing/memoryInbox';
import { vaultDeskDocumentKeeper } from '../signing/deskDocumentKeeper';
import { createPenInput } from '../signing/penInputAdapter';
import type { DocumentInbox, DocumentSealer, PenInput, SignaturePlacesFinder } from '../signing/signingPorts';
import { createSyncService, type SyncService } from '../sync/syncService';
import { createKeyProvider } from '../vault/createKeyProvider';
import type { KeyProvider } from '../vault/keyProvider';
import type { SecretProtector } from '../vault/secretProtector';
import { openVault, type Vault } from '../vault/vault';
import { sessionSealer } from './sessionSealer';
import type { ShutdownList } from './shutdownList';
import { createSignaturePlacesFinder } from './signaturePlacesFinder';

/*
 * The steps createStation (createStation.ts) runs, one per part of the station. Each takes what
 * the earlier steps made and registers on `shutdown` what it must stop.
 */

/** The tenant key that wraps every record's data key: AWS KMS, or the local key (protected by the OS keystore in Electron). */
export function setupKeys(config: StationConfig, protector: SecretProtector | undefined): KeyProvider {
  return createKeyProvider(config, { protector });
}

/** The encrypted vault: everything the station keeps goes here first. */
export async function setupVault(config: StationConfig, keys: KeyProvider, protector: SecretProtector | undefined, log: Logger, shutdown: ShutdownList): Promise<Vault> {
  const vault = await openVault({ dir: config.storage.dir, tenant: config.station.tenant, stationId: config.station.id, keyProvider: keys, log: log.child('vault'), protector });
  shutdown.add(() => vault.close());
  return vault;
}

/** The upload of the vault's queue to S3, when sync is enabled (started once the store exists). */
export function setupSync(config: StationConfig, vault: Vault, log: Logger, shutdown: ShutdownList): SyncService | undefined {
  if (!config.sync.enabled) return undefined;
  const sync = createSyncService({ vault, config, log: log.child('sync') });
  shutdown.add(() => sync.stop());
  return sync;
}

/** The sealing credentials (loaded on first use) and the finder of a document's signature places. */
export function setupSealer(config: StationConfig, log: Logger): { sealer: DocumentSealer; places: SignaturePlacesFinder } {
  const documents = createStationDocumentSealer(config);
  if (documents.refusal) log.error(`this station will not seal: ${documents.refusal}`);
  else for (const n of documents.notices) log.warn(n);
  return {
    sealer: sessionSealer(documents),
    places: createSignaturePlacesFinder({ maxBytes: config.documents.maxBytes, anchorText: config.documents.anchorText || undefined }),
  };
}

/**
 * The doors through which documents arrive from outside and results go back (signing-request inbox
 * and webhook outbox in the vault; API, IPP printer, hot folder and SFTP archive export as
 * configured), tied to privacy: every API call and request is audited, and a document the
 * client's SFTP archive has received may leave the station at once.
 */
export async function setupIntegrations(config: StationConfig, vault: Vault, privacy: PrivacyServices, log: Logger, shutdown: ShutdownList) {
  const services = await startIntegrationServices({
    config,
    vault,
    log: log.child('integrations'),
    audit: privacy.apiAudit,
    auditTrail: privacy.audit,
    onArchiveReceipt: (documentId, via) => privacy.purger.confirmArchiveReceipt(documentId, via),
  });
  shutdown.add(() => services.close());
  return services;
}

/**
 * The teller's queue: documents added at the desk and the outside requests of the integrations
 * inbox. Desk documents and what is on the customer's screen are kept sealed in the vault: a station
 * stopped mid-signing finds them at its next start and tells the teller what was interrupted. Queue
 * rows follow the vault's sync state as each document is stored, uploaded or purged.
 */
export async function setupInbox(vault: Vault, integrations: Awaited<ReturnType<typeof setupIntegrations>>): Promise<DocumentInbox> {
  const keeper = vaultDeskDocumentKeeper(vault);
  const combined = await CombinedInbox.create(new MemoryInbox(keeper), integrations.inbox, keeper);
  vault.onTransition((event) => queueMicrotask(() => combined.syncStateChanged(event.documentId, event.to)));
  return combined;
}

/** The pen service (USB HID devices through node-hid, hot-plug) as the session's pen; a pen that will not start is a warning, not a stop. */
export async function setupPen(config: StationConfig, log: Logger, shutdown: ShutdownList): Promise<PenInput> {
  const penLog = log.child('pen');
  const service = createStationPenService({ ...config.pen, fallbackToSimulated: false }, penLog);
  // The service itself never falls back (the simulated pen plays one signature on request); whether that is offered follows pen.fallbackToSimulated.
  const pen = createPenInput(service, { simulationAvailable: config.pen.fallbackToSimulated });
  shutdown.add(() => pen.close());
  await service.start().catch((err) => penLog.warn('pen service did not start', { error: String(err) }));
  return pen;
}

/**
 * The desk's sign-in and lock. Teller accounts live in the vault (main/accounts, audited); a demo
 * station without any offers the demo teller.
 */
export function setupDesk(config: StationConfig, privacy: PrivacyServices, events: EventHub, log: Logger, shutdown: ShutdownList): DeskAccessControl {
  const desk = new DeskAccessControl({
    accounts: stationDeskAccounts({
      tenant: config.station.tenant,
      real: privacy.deskAccounts,
      countReal: () => privacy.accounts.count(),
      demo: () => createDemoDeskAccounts({ pin: config.desk.demoPin }),
    }),
    lockAfterMs: config.desk.lockAfterMinutes * 60_000,
    log: log.child('desk'),
    onChange: (access) => events.publish('auth.changed', access),
  });
  shutdown.add(() => desk.close());
  return desk;
}
