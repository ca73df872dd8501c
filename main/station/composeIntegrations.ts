import type { StationConfig } from '../config/stationConfigSchema';
import type { ApiAuditEntry, RunningApiServer } from '../integrations/api/apiServer';
import type { SigningRequestInbox } from '../integrations/inbox/signingRequestInbox';
import { startIntegrationServices } from '../integrations/integrationServices';
import type { IntegrationLog } from '../integrations/integrationLog';
import type { RunningIppPrinter } from '../integrations/print/ippPrinter';
import type { Logger } from '../logging/logger';
import type { AuditTrail } from '../privacy/auditTrail';
import type { RetentionPurger } from '../privacy/retentionPurger';
import type { Vault } from '../vault/vault';

export interface ComposedIntegrations {
  requests: SigningRequestInbox;
  api?: RunningApiServer;
  printer?: RunningIppPrinter;
  close(): Promise<void>;
}

/** The station's logger as the integrations' log (fields are ids and codes; the logger redacts by name). */
function integrationLog(log: Logger): IntegrationLog {
  const f = (fields?: Record<string, unknown>) =>
    fields && Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, typeof v === 'object' && v !== null ? JSON.stringify(v) : (v as string | number | boolean | undefined)]));
  return { info: (m, x) => log.info(m, f(x)), warn: (m, x) => log.warn(m, f(x)), error: (m, x) => log.error(m, f(x)) };
}

/**
 * The doors through which documents arrive from outside and results go back, as the integrations
 * area starts them (signing-request inbox and webhook outbox in the vault; API, IPP printer, hot
 * folder and SFTP archive export as configured), tied to privacy: every API call and request is
 * audited, and a document the client's SFTP archive has received may leave the station at once.
 */
export async function composeIntegrations(
  config: StationConfig,
  vault: Vault,
  privacy: { apiAudit: (entry: ApiAuditEntry) => void; audit: AuditTrail; purger: RetentionPurger },
  log: Logger,
): Promise<ComposedIntegrations> {
  const services = await startIntegrationServices({
    config,
    vault,
    log: integrationLog(log.child('integrations')),
    audit: privacy.apiAudit,
    auditTrail: privacy.audit,
    onArchiveReceipt: (documentId, via) => privacy.purger.confirmArchiveReceipt(documentId, via),
  });
  return { requests: services.inbox, api: services.api, printer: services.printer, close: () => services.close() };
}
