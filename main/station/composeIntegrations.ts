import type { StationConfig } from '../config/stationConfigSchema';
import { startApiServer, type RunningApiServer } from '../integrations/api/apiServer';
import { createFileApiTokenStore } from '../integrations/api/apiTokenStore';
import { createSigningRequestInbox, type SigningRequestInbox } from '../integrations/inbox/signingRequestInbox';
import { createVaultSigningRequestRepository } from '../integrations/inbox/vaultSigningRequestRepository';
import { apiTokenFile } from '../integrations/integrationPaths';
import type { IntegrationLog } from '../integrations/integrationLog';
import { startHotFolder, type RunningHotFolder } from '../integrations/print/hotFolder';
import { startIppPrinter, type RunningIppPrinter } from '../integrations/print/ippPrinter';
import { createSftpExporter, type SftpExporter } from '../integrations/sftp/sftpExporter';
import { createWebhookDispatcher } from '../integrations/webhooks/webhookDispatcher';
import type { Logger } from '../logging/logger';
import type { ApiAuditEntry } from '../integrations/api/apiServer';
import type { Vault } from '../vault/vault';

export interface ComposedIntegrations {
  requests: SigningRequestInbox;
  api?: RunningApiServer;
  printer?: RunningIppPrinter;
  hotFolder?: RunningHotFolder;
  sftp?: SftpExporter;
  close(): Promise<void>;
}

/** The station's logger as the integrations' log (fields are ids and codes; the logger redacts by name). */
function integrationLog(log: Logger): IntegrationLog {
  const f = (fields?: Record<string, unknown>) =>
    fields && Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, typeof v === 'object' && v !== null ? JSON.stringify(v) : (v as string | number | boolean | undefined)]));
  return { info: (m, x) => log.info(m, f(x)), warn: (m, x) => log.warn(m, f(x)), error: (m, x) => log.error(m, f(x)) };
}

/**
 * The doors through which documents arrive from outside and results go back: the signing-request
 * inbox (persisted encrypted in the vault), the HTTP API, webhooks, the IPP printer (Print to Tab),
 * the hot folder and the SFTP export. Each is started only when configured; the inbox always exists
 * so requests that arrived before a restart are still in the teller's queue.
 */
export async function composeIntegrations(config: StationConfig, vault: Vault, apiAudit: (entry: ApiAuditEntry) => void, log: Logger): Promise<ComposedIntegrations> {
  const ilog = integrationLog(log.child('integrations'));
  const requests = createSigningRequestInbox({ repository: createVaultSigningRequestRepository(vault) });
  const tokens = createFileApiTokenStore(apiTokenFile(config.storage.dir));
  const webhooks = createWebhookDispatcher({ inbox: requests, secretFor: (owner) => tokens.webhookSecretFor(owner), log: ilog });
  const started: { close(): unknown }[] = [];
  const result: ComposedIntegrations = {
    requests,
    async close() {
      for (const s of started.reverse()) await Promise.resolve(s.close()).catch(() => undefined);
      webhooks.close();
      requests.close();
    },
  };
  try {
    if (config.api.enabled) {
      result.api = await startApiServer({ config: config.api, inbox: requests, tokens, log: ilog, audit: apiAudit });
      started.push(result.api);
    }
    if (config.print.enabled) {
      result.printer = await startIppPrinter({
        config: { host: config.print.host, port: config.print.port, name: config.print.name, location: config.print.location, maxDocumentBytes: config.print.maxDocumentBytes },
        inbox: requests,
        log: ilog,
      });
      started.push(result.printer);
    }
    if (config.print.hotFolder) {
      result.hotFolder = startHotFolder({ dir: config.print.hotFolder, inbox: requests, log: ilog, maxBytes: config.print.maxDocumentBytes });
      started.push(result.hotFolder);
    }
    if (config.sftp.enabled) {
      result.sftp = createSftpExporter({
        config: {
          host: config.sftp.host,
          port: config.sftp.port,
          username: config.sftp.username,
          privateKeyFile: config.sftp.privateKeyFile || undefined,
          password: config.sftp.password || undefined,
          hostKeySha256: config.sftp.hostKeySha256,
          remoteDir: config.sftp.remoteDir,
          tenant: config.station.tenant,
          documentTypes: config.sftp.documentTypes ? config.sftp.documentTypes.split(',').map((t) => t.trim()).filter(Boolean) : [],
        },
        log: ilog,
        inbox: requests,
      });
      started.push(result.sftp);
    }
  } catch (err) {
    await result.close();
    throw err;
  }
  return result;
}
