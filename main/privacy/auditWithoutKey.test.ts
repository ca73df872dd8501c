import { describe, expect, it } from 'vitest';
import { createAccountService } from '../accounts/accountService';
import { AwsKmsKeyProvider } from '../vault/awsKmsKeyProvider';
import { findPlaintextMarkers, tempDir } from '../../test/support/vaultFixtures';
import { openVault } from '../vault/vault';
import { createAuditTrail } from './auditTrail';

describe('audit on a first start with KMS while offline (no tenant key yet)', () => {
  it('keeps every fact, never writes the details in clear, and tellers can still sign in', async () => {
    const tmp = tempDir('audit-nokey-');
    // The real KMS provider, pointed at a closed port: what a branch sees when the network is down.
    const keyProvider = new AwsKmsKeyProvider({ keyId: 'alias/bank-a', region: 'eu-north-1', endpoint: 'http://127.0.0.1:9', client: { maxAttempts: 1, credentials: { accessKeyId: 'x', secretAccessKey: 'y' } } });
    const vault = await openVault({ dir: tmp.dir, tenant: 'bank-a', stationId: 'station-7', keyProvider });
    try {
      expect(vault.hasTenantKey()).toBe(false);
      const warnings: string[] = [];
      const audit = createAuditTrail(vault, { log: { info() {}, warn: (m) => warnings.push(m) }, checkpointEvery: 2 });
      audit.append({ actor: 'anna', action: 'document.viewed', recordId: 'doc-1', subject: 'Offline Zqxw', from: 'desk-1', details: { note: 'Zqxw note' } });
      audit.append({ actor: 'anna', action: 'sign-in', from: 'desk-1' });
      expect(audit.entries().map((e) => [e.action, e.payload_sha256, e.subject_tag])).toEqual([['document.viewed', null, null], ['sign-in', null, null]]);
      expect(warnings).toEqual([expect.stringMatching(/without its details/), expect.stringMatching(/head not anchored yet/), expect.stringMatching(/checkpoint deferred/)]);
      expect(audit.verify()).toMatchObject({ ok: true, entries: 2, checkpoints: 0 });
      expect(findPlaintextMarkers(tmp.dir, ['Zqxw'])).toEqual([]);

      // Accounts need no tenant key: a known teller signs in, audited without details.
      const accounts = createAccountService(vault, { log: { info() {}, warn() {} }, audit, cost: { logN: 10, r: 8, p: 1 } });
      const admin = await accounts.addAccount('bootstrap', { username: 'admin', role: 'administrator', secret: 'a long admin secret' });
      await accounts.addAccount(admin, { username: 'anna', role: 'teller', secret: '482913', secretKind: 'pin' });
      expect((await accounts.signIn('anna', '482913', 'desk-1')).ok).toBe(true);
      expect(audit.verify().ok).toBe(true);
    } finally {
      vault.close();
      tmp.remove();
    }
  });
});
