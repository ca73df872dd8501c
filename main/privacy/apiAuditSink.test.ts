import { describe, expect, it } from 'vitest';
import { openLocalVault, tempDir } from '../../test/support/vaultFixtures';
import { apiAuditSink } from './apiAuditSink';
import { createAuditTrail } from './auditTrail';

describe('API calls into the audit trail', () => {
  it('records each call with the integration as actor, the request as record, and the rest encrypted', async () => {
    const tmp = tempDir('api-audit-');
    const { vault } = await openLocalVault(tmp.dir);
    try {
      const audit = createAuditTrail(vault, { log: { info() {}, warn() {} } });
      const sink = apiAuditSink(audit);
      sink({ at: '2026-01-01T00:00:00Z', requestId: 'r1', remoteAddress: '10.0.0.5', method: 'POST', path: '/v1/signing-requests', status: 201, integration: 'core-banking', tokenId: 't1', signingRequestId: 'sr-42' });
      sink({ at: '2026-01-01T00:00:01Z', requestId: 'r2', remoteAddress: '10.0.0.6', method: 'GET', path: '/v1/x', status: 401 });
      expect(audit.entries().map((e) => [e.actor, e.action, e.record_id, e.source])).toEqual([
        ['api:core-banking', 'api.call', 'sr-42', '10.0.0.5'],
        ['api:unauthenticated', 'api.call', null, '10.0.0.6'],
      ]);
      expect(audit.openPayload(1)).toEqual({ details: { method: 'POST', path: '/v1/signing-requests', status: 201, requestId: 'r1', tokenId: 't1' } });
      expect(audit.verify().ok).toBe(true);
    } finally {
      vault.close();
      tmp.remove();
    }
  });
});
