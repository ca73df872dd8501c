import type { ApiAuditEntry } from '../integrations/api/apiServer';
import type { AuditTrail } from './auditTrail';

/**
 * The API server's audit hook (ApiServerOptions.audit) into the audit trail: one entry per call,
 * actor 'api:<integration>', the signing request as the record, the caller's address as "from".
 * Method, path, status and token id go into the encrypted details (paths may carry references).
 */
export function apiAuditSink(audit: AuditTrail): (entry: ApiAuditEntry) => void {
  return (e) => {
    audit.append({
      actor: e.integration ? `api:${e.integration}` : 'api:unauthenticated',
      action: 'api.call',
      recordId: e.signingRequestId && /^[A-Za-z0-9][A-Za-z0-9._:@-]{0,199}$/.test(e.signingRequestId) ? e.signingRequestId : undefined,
      from: e.remoteAddress || 'unknown',
      details: { method: e.method, path: e.path, status: e.status, requestId: e.requestId, tokenId: e.tokenId },
    });
  };
}
