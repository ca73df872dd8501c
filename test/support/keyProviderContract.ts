import { expect, it } from 'vitest';
import type { KeyProvider } from '../../main/vault/keyProvider';
import { openEnvelope } from '../../main/vault/portableEnvelope';
import { openVault } from '../../main/vault/vault';
import { VaultError } from '../../main/vault/vaultErrors';
import { pdfWithText, tempDir } from './vaultFixtures';

/**
 * What every KeyProvider must do, run against each implementation (local and AWS KMS via moto):
 * the vault may not tell them apart.
 */
export function keyProviderContract(make: () => Promise<{ provider: KeyProvider; other: KeyProvider }>): void {
  const context = { tenant: 'bank-a', station: 'station-7' };

  it('generates a 256-bit data key that unwraps under the same context', async () => {
    const { provider } = await make();
    const key = await provider.generateDataKey(context);
    expect(key.plaintext.length).toBe(32);
    expect(key.blob.includes(key.plaintext)).toBe(false);
    expect(key.keyId).toContain(provider.keyId.split('/').pop()!);
    expect((await provider.decryptDataKey(key.blob, { station: 'station-7', tenant: 'bank-a' })).equals(key.plaintext)).toBe(true);
  });

  it('refuses another encryption context', async () => {
    const { provider } = await make();
    const key = await provider.generateDataKey(context);
    await expect(provider.decryptDataKey(key.blob, { tenant: 'bank-b', station: 'station-7' })).rejects.toThrow(VaultError);
    await expect(provider.decryptDataKey(key.blob, { tenant: 'bank-a' })).rejects.toThrow(VaultError);
  });

  it('refuses a tampered blob', async () => {
    const { provider } = await make();
    const key = await provider.generateDataKey(context);
    const tampered = Buffer.from(key.blob);
    tampered[tampered.length - 3] ^= 0x40;
    await expect(provider.decryptDataKey(tampered, context)).rejects.toThrow(VaultError);
  });

  it('refuses a blob made under another master key', async () => {
    const { provider, other } = await make();
    const key = await other.generateDataKey(context);
    await expect(provider.decryptDataKey(key.blob, context)).rejects.toThrow(VaultError);
  });

  it('reports health', async () => {
    const { provider } = await make();
    const health = await provider.checkHealth();
    expect(health).toMatchObject({ ok: true, provider: provider.name });
  });

  it('carries a vault: documents sealed, reopened from disk, and their envelopes opened with the provider alone', async () => {
    const { provider } = await make();
    const t = tempDir();
    try {
      let vault = await openVault({ dir: t.dir, tenant: 'bank-a', stationId: 'station-7', keyProvider: provider });
      vault.enqueueSignedDocument({ id: 'k1', tenant: 'bank-a', pdf: pdfWithText('contract text'), signerName: 'A. Person' });
      vault.close();
      vault = await openVault({ dir: t.dir, tenant: 'bank-a', stationId: 'station-7', keyProvider: provider });
      expect(vault.openDocument('k1').signerName).toBe('A. Person');
      const { envelope } = vault.archiveParts('k1');
      vault.close();
      const opened = await openEnvelope(envelope, (h) => provider.decryptDataKey(Buffer.from(h.kek.blob, 'base64'), h.kek.encryptionContext));
      expect(opened.plaintext.toString('latin1')).toContain('contract text');
      expect(opened.header.kek.provider).toBe(provider.name);
    } finally {
      t.remove();
    }
  });
}
