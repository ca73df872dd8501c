import { describe, expect, it } from 'vitest';
import { silentLogger } from '../logging/logger';
import { DeskAccessControl } from '../desk/deskAccess';
import { openLocalVault, tempDir } from '../../test/support/vaultFixtures';
import { createAccountService } from './accountService';
import { deskAccountsFrom } from './deskAccountsAdapter';
import { tellerLanguagesIn } from './tellerLanguages';

const quiet = { info() {}, warn() {} };
const cheap = { logN: 10, r: 8, p: 1 };

describe("a teller's window language, kept with the account (real vault file)", () => {
  it('is chosen at the desk, survives a restart, and is each teller’s own', async () => {
    const tmp = tempDir('teller-language-');
    try {
      let { vault } = await openLocalVault(tmp.dir);
      let accounts = createAccountService(vault, { log: quiet, cost: cheap, audit: { append: () => undefined } });
      const admin = await accounts.addAccount('bootstrap', { username: 'admin', role: 'administrator', secret: 'correct horse battery' });
      await accounts.addAccount(admin, { username: 'anna', role: 'teller', secret: '482913', secretKind: 'pin' });
      await accounts.addAccount(admin, { username: 'bo', role: 'teller', secret: '739164', secretKind: 'pin' });
      let desk = new DeskAccessControl({ accounts: deskAccountsFrom(accounts, tellerLanguagesIn(vault)), lockAfterMs: 0, log: silentLogger });
      expect((await desk.signIn('anna', '482913', 'desk')).user).toEqual({ username: 'anna', role: 'teller', language: undefined });
      expect(desk.setLanguage('lt').user?.language).toBe('lt');
      desk.signOut();
      expect((await desk.signIn('bo', '739164', 'desk')).user?.language).toBeUndefined();
      desk.close();
      vault.close();

      ({ vault } = await openLocalVault(tmp.dir));
      accounts = createAccountService(vault, { log: quiet, cost: cheap, audit: { append: () => undefined } });
      desk = new DeskAccessControl({ accounts: deskAccountsFrom(accounts, tellerLanguagesIn(vault)), lockAfterMs: 0, log: silentLogger });
      expect((await desk.signIn('anna', '482913', 'desk')).user?.language).toBe('lt');
      desk.signOut();
      expect(() => desk.setLanguage('de')).toThrow(/locked/);
      desk.close();
      vault.close();
    } finally {
      tmp.remove();
    }
  });
});
