import type { StationConfig } from '../config/stationConfigSchema';
import { loadOrCreateSealingCredentials } from '../documents/sealingCredentials';
import { signPdf } from '../documents/signPdf';
import type { Logger } from '../logging/logger';
import { createStationPenService } from '../pen/stationPenService';
import { createAuditTrail, type AuditTrail } from '../privacy/auditTrail';
import { createRetentionPurger } from '../privacy/retentionPurger';
import { createPenInput } from '../signing/penInputAdapter';
import type { DocumentSealer, PenInput, SignedDocumentStore } from '../signing/signingPorts';
import { createSyncService, type SyncService } from '../sync/syncService';
import { openStationVault } from '../vault/openStationVault';
import type { Vault } from '../vault/vault';
import { composeIntegrations, type ComposedIntegrations } from './composeIntegrations';

/** The real parts the station is made of, built from the configuration in dependency order. */
export interface ComposedParts {
  vault: Vault;
  audit: AuditTrail;
  pen: PenInput;
  sealer: DocumentSealer;
  store: SignedDocumentStore;
  sync?: SyncService;
  integrations: ComposedIntegrations;
  /** Plain-words notices about demo credentials etc., for `station doctor` and the log. */
  notices: string[];
  close(): Promise<void>;
}

export async function composeStationParts(config: StationConfig, log: Logger, wanted: { pen?: boolean } = {}): Promise<ComposedParts> {
  const vault = await openStationVault(config, { log: log.child('vault') });
  const audit = createAuditTrail(vault, { log: log.child('audit') });
  // Every queue transition (signed, queued, synced, purged, cancelled) becomes an audit entry
  // inside the transition's own transaction.
  const stopFollowing = audit.followVault();

  const credentials = loadOrCreateSealingCredentials(config.storage.dir, config.documents, {
    region: config.keys.kmsRegion,
    endpoint: config.keys.kmsEndpoint || undefined,
  });
  for (const n of credentials.notices) log.warn(n);
  const sealer: DocumentSealer = {
    demoCredentials: credentials.sealer.demo || credentials.escrowIsDemo,
    async seal(r) {
      const result = await signPdf({
        pdf: r.pdf,
        record: r.record,
        signer: { name: r.signerName },
        place: r.place,
        sealer: credentials.sealer,
        escrowPublicKeyPem: credentials.escrowPublicKeyPem,
        tsaUrl: config.documents.tsaUrl || undefined,
        maxBytes: config.documents.maxBytes,
        signedAt: r.signedAt,
      });
      return { pdf: result.pdf, sha256: result.sha256 };
    },
  };

  const store: SignedDocumentStore = {
    async store(doc) {
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
      audit.append({ actor: 'customer', action: 'document.signed', recordId: doc.id, subject: doc.signerName, from: 'desk' });
      sync?.trigger();
    },
  };

  const sync = config.sync.enabled ? createSyncService({ vault, config, log: log.child('sync') }) : undefined;
  sync?.start();

  // Retention as agreed with the client: at start, then on schedule; never before sync.
  const stopPurger = createRetentionPurger({ vault, config, audit, log: log.child('retention') }).start();

  let integrations: ComposedIntegrations;
  try {
    integrations = await composeIntegrations(config, vault, audit, log);
  } catch (err) {
    stopPurger();
    await sync?.stop().catch(() => undefined);
    stopFollowing();
    vault.close();
    throw err;
  }

  const penLog = log.child('pen');
  const penService = createStationPenService({ ...config.pen, fallbackToSimulated: false }, (level, message) => penLog[level](message));
  const pen = createPenInput(penService);
  if (wanted.pen !== false) await penService.start().catch((err) => penLog.warn('pen service did not start', { error: String(err) }));

  return {
    vault,
    audit,
    pen,
    sealer,
    store,
    sync,
    integrations,
    notices: credentials.notices,
    async close() {
      await pen.close().catch(() => undefined);
      await integrations.close();
      stopPurger();
      await sync?.stop().catch(() => undefined);
      stopFollowing();
      vault.close();
    },
  };
}
