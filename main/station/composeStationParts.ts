import type { StationConfig } from '../config/stationConfigSchema';
import { createStationDocumentSealer } from '../documents/stationDocumentSealer';
import type { Logger } from '../logging/logger';
import { createStationPenService } from '../pen/stationPenService';
import type { AuditTrail } from '../privacy/auditTrail';
import { setupPrivacy } from '../privacy/privacySetup';
import type { StationEventSource } from '../privacy/sessionAudit';
import { createPenInput } from '../signing/penInputAdapter';
import { NoRoomToStoreError, type DocumentSealer, type PenInput, type SignaturePlacesFinder, type SignedDocumentStore } from '../signing/signingPorts';
import { createS3Client } from '../sync/s3ClientFactory';
import { createSyncService, type SyncService } from '../sync/syncService';
import { openStationVault } from '../vault/openStationVault';
import type { Vault } from '../vault/vault';
import { DiskFullError } from '../vault/diskSpace';
import type { SecretProtector } from '../vault/secretProtector';
import { composeIntegrations, type ComposedIntegrations } from './composeIntegrations';
import { createSignaturePlacesFinder, toDocumentsPlacement } from './signaturePlacesFinder';
import { createStorageSpace, type StorageSpace } from './storageSpace';

/** The real parts the station is made of, built from the configuration in dependency order. */
export interface ComposedParts {
  vault: Vault;
  audit: AuditTrail;
  pen: PenInput;
  sealer: DocumentSealer;
  places: SignaturePlacesFinder;
  store: SignedDocumentStore;
  sync?: SyncService;
  /** Free space of the storage folder: health bar, and the check before a new signing. */
  storage: StorageSpace;
  integrations: ComposedIntegrations;
  /** Teller accounts (sign-in, roles, throttling), auditing to the trail. */
  accounts: ReturnType<typeof setupPrivacy>['accounts'];
  /** Plain-words notices about demo credentials etc., for `station doctor` and the log. */
  notices: string[];
  close(): Promise<void>;
}

/**
 * Order matters: the vault first (everything stores in it), then sync and privacy (audit trail
 * following every queue transition, accounts, retention, checkpoints after each sync), the sealing
 * credentials, the outside doors (API, printer, SFTP), and the pen last, so that nothing can write
 * before there is somewhere safe to keep it.
 */
export async function composeStationParts(config: StationConfig, log: Logger, events: StationEventSource, wanted: { pen?: boolean; protector?: SecretProtector } = {}): Promise<ComposedParts> {
  const vault = await openStationVault(config, { log: log.child('vault'), protector: wanted.protector });
  const closers: (() => unknown)[] = [() => vault.close()];
  const closeAll = async () => {
    for (const c of closers.reverse()) await Promise.resolve().then(c).catch(() => undefined);
  };
  try {
    const sync = config.sync.enabled ? createSyncService({ vault, config, log: log.child('sync') }) : undefined;
    if (sync) closers.push(() => sync.stop());
    const privacy = setupPrivacy({
      vault,
      config,
      log: log.child('privacy'),
      sync,
      archive: sync ? { client: createS3Client(config.sync), bucket: config.sync.s3Bucket } : undefined,
      events,
    });
    closers.push(() => privacy.close());

    const documents = createStationDocumentSealer(config);
    if (documents.refusal) log.error(`this station will not seal: ${documents.refusal}`);
    else for (const n of documents.notices) log.warn(n);
    // The session counts pages from 1 (as the windows do); the documents area from 0.
    const sealer: DocumentSealer = {
      get demoCredentials() {
        return documents.demoCredentials;
      },
      refusal: documents.refusal,
      seal: async (r) => {
        const sealed = await documents.seal({ ...r, placement: toDocumentsPlacement(r.placement) });
        return { ...sealed, page: sealed.page + 1 };
      },
    };
    const places = createSignaturePlacesFinder({ maxBytes: config.documents.maxBytes, anchorText: config.documents.anchorText || undefined });

    // The signed document goes into the encrypted queue in one transaction; the audit trail
    // follows the transition inside it, and the signer is linked to it from the session's events.
    const enqueue = (doc: Parameters<SignedDocumentStore['store']>[0]) =>
      vault.enqueueSignedDocument({
        id: doc.id,
        tenant: config.station.tenant,
        pdf: doc.pdf,
        signerName: doc.signerName,
        signedAt: doc.signedAt,
        metadata: {
          requestId: doc.requestId,
          title: doc.title,
          source: doc.source,
          reference: doc.reference,
          documentType: doc.documentType,
          sha256: doc.sha256,
          consent: doc.consent,
          identification: doc.identification,
        },
      });
    const store: SignedDocumentStore = {
      async store(doc) {
        try {
          // Desk events held while the disk was full are written first, before the document.
          privacy.pendingAudit.flush();
          enqueue(doc);
        } catch (err) {
          if (err instanceof DiskFullError) throw new NoRoomToStoreError(err.advice('the signature stays on the customer screen and nothing was stored', 'ask the customer to press Done again'));
          throw err;
        }
        sync?.trigger();
      },
    };
    sync?.start();

    const integrations = await composeIntegrations(config, vault, privacy, log);
    closers.push(() => integrations.close());

    const penLog = log.child('pen');
    const penService = createStationPenService({ ...config.pen, fallbackToSimulated: false }, (level, message) => penLog[level](message));
    // The service itself never falls back (the simulated pen plays one signature on request); whether that is offered follows pen.fallbackToSimulated.
    const pen = createPenInput(penService, { simulationAvailable: config.pen.fallbackToSimulated });
    closers.push(() => pen.close());
    if (wanted.pen !== false) await penService.start().catch((err) => penLog.warn('pen service did not start', { error: String(err) }));

    return {
      vault,
      audit: privacy.audit,
      pen,
      sealer,
      places,
      store,
      sync,
      storage: createStorageSpace({ vault, pendingAudit: privacy.pendingAudit, marginMiB: config.storage.freeSpaceMarginMB }),
      integrations,
      accounts: privacy.accounts,
      notices: documents.notices,
      close: closeAll,
    };
  } catch (err) {
    await closeAll();
    throw err;
  }
}
