import type { StationConfig } from '../config/stationConfigSchema';
import type { Vault } from '../vault/vault';
import { startApiServer, type ApiAuditEntry, type RunningApiServer } from './api/apiServer';
import { createFileApiTokenStore, type ApiTokenStore } from './api/apiTokenStore';
import { createInMemorySigningRequestRepository } from './inbox/inMemorySigningRequestRepository';
import { createSigningRequestInbox, type SigningRequestInbox } from './inbox/signingRequestInbox';
import type { SigningRequestRepository } from './inbox/signingRequestRepository';
import { createVaultSigningRequestRepository } from './inbox/vaultSigningRequestRepository';
import type { LogWriter } from '../logging/logger';
import { apiTokenFile } from './integrationPaths';
import { startHotFolder, type RunningHotFolder } from './print/hotFolder';
import { startIppPrinter, type RunningIppPrinter } from './print/ippPrinter';
import { createSftpExporter, type SftpExporter } from './sftp/sftpExporter';
import { startSftpArchiveExport, type SftpArchiveExport } from './sftp/sftpArchiveExport';
import { createWebhookDispatcher, type WebhookDispatcher, type WebhookOutbox } from './webhooks/webhookDispatcher';
import { createVaultWebhookOutbox } from './webhooks/vaultWebhookOutbox';

/**
 * Everything enterprise systems talk to, started from the configuration in one call for the
 * station's composition (main/station.ts, `station serve`): the signing-request inbox, and — as
 * configured — the API, the IPP printer, the hot folder, webhooks and the SFTP export. The inbox is
 * always there (the teller's queue shows its requests); the doors open only when enabled.
 */
export interface IntegrationServices {
  inbox: SigningRequestInbox;
  tokens: ApiTokenStore;
  webhooks: WebhookDispatcher;
  api?: RunningApiServer;
  printer?: RunningIppPrinter;
  hotFolder?: RunningHotFolder;
  sftp?: SftpExporter;
  /** With a vault: every queued document goes to the SFTP archive, retried across restarts. */
  sftpArchive?: SftpArchiveExport;
  close(): Promise<void>;
}

export interface IntegrationServicesOptions {
  config: Pick<StationConfig, 'api' | 'print' | 'sftp' | 'storage' | 'station'>;
  log: LogWriter;
  /** Where requests are kept: the station's vault (encrypted). Without one, memory only (demo, tests). */
  vault?: Vault;
  repository?: SigningRequestRepository;
  /** Every API call, for the audit trail (privacy's apiAuditSink). */
  audit?: (entry: ApiAuditEntry) => void;
  webhookOutbox?: WebhookOutbox;
  /**
   * The audit trail (privacy's AuditTrail fits): every request's arrival and end, whichever door it
   * came through. The signer's name goes as `subject` (encrypted there, found by GDPR export/erasure).
   */
  auditTrail?: { append(entry: { actor: string; action: string; recordId?: string; subject?: string; from: string; details?: Record<string, unknown> }): unknown };
  /** The client archive has a document (SFTP delivery): e.g. retentionPurger.confirmArchiveReceipt(id, 'sftp'). */
  onArchiveReceipt?: (documentId: string, via: 'sftp') => void;
}

export async function startIntegrationServices(options: IntegrationServicesOptions): Promise<IntegrationServices> {
  const { config, log } = options;
  const repository = options.repository ?? (options.vault ? createVaultSigningRequestRepository(options.vault) : createInMemorySigningRequestRepository());
  const inbox = createSigningRequestInbox({ repository });
  const tokens = createFileApiTokenStore(apiTokenFile(config.storage.dir));
  // With a vault, pending webhooks survive a restart and the delivery log is readable by the CLI.
  const outbox = options.webhookOutbox ?? (options.vault ? createVaultWebhookOutbox(options.vault) : undefined);
  const webhooks = createWebhookDispatcher({
    inbox, secretFor: (owner) => tokens.webhookSecretFor(owner), callbackHostsFor: (owner) => tokens.callbackHostsFor(owner),
    allowInsecureCallbacks: config.api.allowInsecureCallbacks, log, outbox,
  });
  const trail = options.auditTrail;
  const stopAuditing = trail
    ? (['arrived', 'completed', 'cancelled', 'expired'] as const).map((event) =>
        inbox.on(event, (r) => {
          try {
            trail.append({
              actor: event === 'arrived' ? `${r.source}:${r.owner}` : 'station',
              action: `signing-request.${event}`,
              recordId: r.id,
              subject: event === 'arrived' ? r.signerName : undefined,
              from: r.source,
              details: event === 'cancelled' ? { reason: r.cancelReason } : event === 'arrived' ? { documentSha256: r.documentSha256, bytes: r.documentBytes } : undefined,
            });
          } catch (err) {
            log.error('audit of a signing request failed', { signingRequestId: r.id, error: (err as Error).message });
          }
        }))
    : [];
  const services: IntegrationServices = {
    inbox,
    tokens,
    webhooks,
    async close() {
      // Doors first (no new requests), then what reacts to requests, then the inbox.
      await services.api?.close();
      await services.printer?.close();
      services.hotFolder?.close();
      services.sftpArchive?.close();
      services.sftp?.close();
      webhooks.close();
      for (const stop of stopAuditing) stop();
      inbox.close();
    },
  };
  try {
    if (config.sftp.enabled) {
      const s = config.sftp;
      const documentTypes = s.documentTypes.split(',').map((t) => t.trim()).filter(Boolean);
      services.sftp = createSftpExporter({
        config: {
          host: s.host, port: s.port, username: s.username, privateKeyFile: s.privateKeyFile || undefined, password: s.password || undefined,
          hostKeySha256: s.hostKeySha256, remoteDir: s.remoteDir, tenant: config.station.tenant, documentTypes,
        },
        log,
        // With a vault the archive export follows the vault's queue (every signed document, durable
        // retries); without one, completed requests are exported straight from the inbox.
        inbox: options.vault ? undefined : inbox,
        retry: options.vault ? { attempts: 1 } : undefined,
      });
      if (options.vault) {
        services.sftpArchive = startSftpArchiveExport({
          vault: options.vault, exporter: services.sftp, log, documentTypes,
          onDelivered: (id) => options.onArchiveReceipt?.(id, 'sftp'),
        });
      }
    }
    if (config.api.enabled) {
      services.api = await startApiServer({ config: config.api, inbox, tokens, log, audit: options.audit });
    }
    if (config.print.enabled) {
      services.printer = await startIppPrinter({
        config: { host: config.print.host, port: config.print.port, name: config.print.name, location: config.print.location, maxDocumentBytes: config.print.maxDocumentBytes, allowFrom: config.print.allowFrom, maxWaiting: config.print.maxWaiting,
          maxAttributeBytes: config.print.maxAttributeBytes, maxAttributeValues: config.print.maxAttributeValues,
          tlsCert: config.print.tlsCert || undefined, tlsKey: config.print.tlsKey || undefined },
        inbox, log,
      });
    }
    if (config.print.hotFolder) {
      services.hotFolder = startHotFolder({ dir: config.print.hotFolder, inbox, log, maxBytes: config.print.maxDocumentBytes });
    }
  } catch (err) {
    await services.close();
    throw err;
  }
  return services;
}
