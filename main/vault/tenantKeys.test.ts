import { afterEach, describe, expect, it } from 'vitest';
import { decodeEnvelope, openEnvelope } from './portableEnvelope';
import { safeStorageProtector, type SafeStorageLike } from './secretProtector';
import { openVault } from './vault';
import { LocalKeyProvider } from './localKeyProvider';
import { defaultProtector, localProviderFile } from './createKeyProvider';
import { KeyUnavailableError } from './vaultErrors';
import { openLocalVault, pdfWithText, tempDir } from '../../test/support/vaultFixtures';
import { rawVaultDatabase } from '../../test/support/rawVaultDatabase';

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

describe('tenant key rotation', () => {
  it('new records use the new version; old ones still open; envelopes name their version', async () => {
    const t = tempDir();
    cleanups.push(t.remove);
    const { vault, provider } = await openLocalVault(t.dir);
    cleanups.unshift(() => vault.close());
    vault.enqueueSignedDocument({ id: 'before', tenant: 'bank-a', pdf: pdfWithText('before rotation') });
    expect(await vault.rotateTenantKey()).toBe(2);
    vault.enqueueSignedDocument({ id: 'after', tenant: 'bank-a', pdf: pdfWithText('after rotation') });
    expect(decodeEnvelope(vault.archiveParts('before').envelope).header.kek.version).toBe(1);
    expect(decodeEnvelope(vault.archiveParts('after').envelope).header.kek.version).toBe(2);
    for (const id of ['before', 'after']) {
      const opened = await openEnvelope(vault.archiveParts(id).envelope, (h) => provider.decryptDataKey(Buffer.from(h.kek.blob, 'base64'), h.kek.encryptionContext));
      expect(opened.plaintext.toString('latin1')).toContain(`${id} rotation`);
    }
    expect((await vault.check()).keys.versions.map((v) => v.ok)).toEqual([true, true]);
  });

  it('rotates at open when the key is older than rotateAfterDays, or the provider key changed', async () => {
    const t = tempDir();
    cleanups.push(t.remove);
    const { vault, provider } = await openLocalVault(t.dir);
    rawVaultDatabase(vault).prepare("UPDATE tenant_keys SET created_at = '2020-01-01T00:00:00Z'").run();
    vault.close();
    const opts = { dir: t.dir, tenant: 'bank-a', stationId: 'station-7', keyProvider: provider, rotateAfterDays: 90 };
    let v = await openVault(opts);
    expect(rawVaultDatabase(v).prepare('SELECT MAX(version) AS v FROM tenant_keys').get()).toEqual({ v: 2 });
    v.close();
    provider.createKey(); // the bank switched master keys
    v = await openVault(opts);
    expect(rawVaultDatabase(v).prepare('SELECT key_id FROM tenant_keys WHERE retired_at IS NULL').get()).toEqual({ key_id: provider.keyId });
    v.close();
  });

  it('offline (provider refusing) with an existing key: keeps working, rotation waits', async () => {
    const t = tempDir();
    cleanups.push(t.remove);
    const { vault, provider } = await openLocalVault(t.dir);
    rawVaultDatabase(vault).prepare("UPDATE tenant_keys SET created_at = '2020-01-01T00:00:00Z'").run();
    vault.close();
    provider.setKeyState(provider.keyId, 'disabled');
    const v = await openVault({ dir: t.dir, tenant: 'bank-a', stationId: 'station-7', keyProvider: LocalKeyProvider.open(localProviderFile(t.dir), defaultProtector(t.dir)) });
    cleanups.unshift(() => v.close());
    v.enqueueSignedDocument({ id: 'offline-doc', tenant: 'bank-a', pdf: pdfWithText('offline') });
    expect(rawVaultDatabase(v).prepare('SELECT COUNT(*) AS n FROM tenant_keys').get()).toEqual({ n: 1 });
    await expect(v.rotateTenantKey()).rejects.toThrow(KeyUnavailableError);
  });
});

describe('OS keystore protector (Electron safeStorage)', () => {
  // Electron is not here: a stand-in with safeStorage's contract (string in, opaque Buffer out).
  const fakeSafeStorage = (available = true): SafeStorageLike => ({
    isEncryptionAvailable: () => available,
    encryptString: (s) => Buffer.from(s, 'utf8').map((b) => b ^ 0x5a) as Buffer,
    decryptString: (b) => Buffer.from(b.map((x) => x ^ 0x5a)).toString('utf8'),
  });

  it('round-trips a binary secret and is reported as the OS keystore', async () => {
    const p = safeStorageProtector(fakeSafeStorage());
    const secret = Buffer.from([0, 255, 1, 254, 10, 13]);
    expect(p.unprotect(p.protect(secret)).equals(secret)).toBe(true);
    expect(p).toMatchObject({ kind: 'os-keystore', weaker: false });
    const t = tempDir();
    cleanups.push(t.remove);
    const keyProvider = LocalKeyProvider.open(localProviderFile(t.dir), p);
    const vault = await openVault({ dir: t.dir, tenant: 'bank-a', stationId: 's', keyProvider, protector: p });
    cleanups.unshift(() => vault.close());
    vault.sealRecord('x', 'y', Buffer.from('z'));
    expect((await vault.check()).keys).toMatchObject({ protector: 'os-keystore', weakerProtector: false });
  });

  it('refuses to pretend when the keystore is unavailable', () => {
    expect(() => safeStorageProtector(fakeSafeStorage(false))).toThrow(/keystore is not available/);
  });
});
