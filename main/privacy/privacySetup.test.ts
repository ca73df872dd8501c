import { describe, expect, it } from 'vitest';
import { stationConfigSchema } from '../config/stationConfigSchema';
import { openLocalVault, pdfWithText, tempDir } from '../../test/support/vaultFixtures';
import { setupPrivacy } from './privacySetup';

describe('privacy services as the station composes them', () => {
  it('audits the desk sign-in, document transitions and the start/stop; the desk sees no difference between disabled and wrong', async () => {
    const tmp = tempDir('privacy-setup-');
    const { vault } = await openLocalVault(tmp.dir);
    try {
      const config = stationConfigSchema.parse({ station: { tenant: 'bank-a', id: 'station-7' }, privacy: { retentionDays: 0 } });
      const privacy = setupPrivacy({ vault, config, log: { info() {}, warn() {} } });
      expect(privacy.deskAccounts.hint).toEqual({ kind: 'no-accounts' });
      const admin = await privacy.accounts.addAccount('bootstrap', { username: 'admin', role: 'administrator', secret: 'a long admin secret' });
      await privacy.accounts.addAccount(admin, { username: 'anna', role: 'teller', secret: '482913', secretKind: 'pin' });
      expect(privacy.deskAccounts.hint).toBeUndefined();
      expect(await privacy.deskAccounts.signIn('anna', '482913', 'desk-1')).toEqual({ ok: true, account: expect.objectContaining({ username: 'anna', role: 'teller' }) });
      privacy.accounts.disableAccount(admin, 'anna');
      expect(await privacy.deskAccounts.signIn('anna', '482913', 'desk-1')).toEqual({ ok: false, reason: 'refused' });
      vault.enqueueSignedDocument({ id: 'd1', tenant: 'bank-a', pdf: pdfWithText('x'), signerName: 'Y' });
      privacy.close();
      const actions = privacy.audit.entries().map((e) => e.action);
      expect(actions[0]).toBe('station.started');
      expect(actions).toEqual(expect.arrayContaining(['sign-in', 'sign-in.refused.disabled', 'user.disabled', 'document.signed', 'document.queued']));
      expect(actions.at(-1)).toBe('station.stopped');
      expect(privacy.audit.verify()).toMatchObject({ ok: true, checkpoints: 1 });
    } finally {
      vault.close();
      tmp.remove();
    }
  });
});
