import { describe, expect, it } from 'vitest';
import { stationConfigSchema } from '../config/stationConfigSchema';
import { findPlaintextMarkers, openLocalVault, tempDir } from '../../test/support/vaultFixtures';
import { createAuditTrail } from './auditTrail';
import { auditConfigChange, configChanges } from './configChangeAudit';

describe('configuration changes in the audit trail', () => {
  it('records which settings changed, old and new values except secrets', async () => {
    const before = stationConfigSchema.parse({});
    const after = stationConfigSchema.parse({ privacy: { retentionDays: 7 }, sftp: { password: 'Hunter2-Zqxw' } });
    expect(configChanges(before, after)).toEqual([
      { setting: 'sftp.password', secret: true },
      { setting: 'privacy.retentionDays', from: 30, to: 7, secret: false },
    ]);
    const tmp = tempDir('config-audit-');
    const { vault } = await openLocalVault(tmp.dir);
    try {
      const audit = createAuditTrail(vault, { log: { info() {}, warn() {} } });
      expect(auditConfigChange(audit, { actor: 'admin', from: 'cli', before, after })).toBe(2);
      expect(auditConfigChange(audit, { actor: 'admin', from: 'cli', before: after, after })).toBe(0);
      expect(audit.entries().map((e) => e.action)).toEqual(['config.changed']);
      expect(JSON.stringify(audit.openPayload(1))).not.toContain('Hunter2');
      expect(findPlaintextMarkers(tmp.dir, ['Hunter2', 'retentionDays'])).toEqual([]);
    } finally {
      vault.close();
      tmp.remove();
    }
  });
});
