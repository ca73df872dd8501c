import { CreateAliasCommand, CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { createServer } from 'node:http';
import { afterAll, describe, expect, it } from 'vitest';
import { kmsForTests } from '../../test/support/moto';
import { freePort } from '../../test/support/radosgw';
import { AwsKmsKeyProvider } from './awsKmsKeyProvider';
import { defaultProtector, localProviderFile } from './createKeyProvider';
import { LocalKeyProvider } from './localKeyProvider';
import { openVault } from './vault';
import { KeyUnavailableError } from './vaultErrors';
import { keyProviderContract } from '../../test/support/keyProviderContract';
import { pdfWithText, tempDir } from '../../test/support/vaultFixtures';
import { rawVaultDatabase } from '../../test/support/rawVaultDatabase';

const dirs: { remove(): void }[] = [];
afterAll(() => dirs.forEach((d) => d.remove()));

describe('local key provider', () => {
  keyProviderContract(async () => {
    const a = tempDir();
    const b = tempDir();
    dirs.push(a, b);
    return {
      provider: LocalKeyProvider.open(localProviderFile(a.dir), defaultProtector(a.dir)),
      other: LocalKeyProvider.open(localProviderFile(b.dir), defaultProtector(b.dir)),
    };
  });

  // moto ignores key state, so disabled and deleted keys are tested here.
  it('a disabled key refuses, and works again once enabled; a deleted key never again', async () => {
    const t = tempDir();
    try {
      const provider = LocalKeyProvider.open(localProviderFile(t.dir), defaultProtector(t.dir));
      const key = await provider.generateDataKey({ tenant: 't' });
      provider.setKeyState(provider.keyId, 'disabled');
      await expect(provider.decryptDataKey(key.blob, { tenant: 't' })).rejects.toThrow(KeyUnavailableError);
      await expect(provider.generateDataKey({ tenant: 't' })).rejects.toThrow(/disabled/);
      expect((await provider.checkHealth()).ok).toBe(false);
      provider.setKeyState(provider.keyId, 'enabled');
      expect((await provider.decryptDataKey(key.blob, { tenant: 't' })).equals(key.plaintext)).toBe(true);
      provider.setKeyState(provider.keyId, 'deleted');
      const reopened = LocalKeyProvider.open(localProviderFile(t.dir), defaultProtector(t.dir));
      await expect(reopened.decryptDataKey(key.blob, { tenant: 't' })).rejects.toThrow(/deleted/);
    } finally {
      t.remove();
    }
  });

  it('a vault whose provider key was disabled still opens offline from its protected copy; check reports the key', async () => {
    const t = tempDir();
    try {
      const provider = LocalKeyProvider.open(localProviderFile(t.dir), defaultProtector(t.dir));
      let vault = await openVault({ dir: t.dir, tenant: 'bank-a', stationId: 's', keyProvider: provider });
      vault.enqueueSignedDocument({ id: 'd1', tenant: 'bank-a', pdf: pdfWithText('x') });
      vault.close();
      provider.setKeyState(provider.keyId, 'disabled');
      vault = await openVault({ dir: t.dir, tenant: 'bank-a', stationId: 's', keyProvider: provider });
      expect(vault.openDocument('d1').pdf.toString('latin1')).toContain('(x)');
      const check = await vault.check();
      expect(check.ok).toBe(false);
      expect(check.problems.join('\n')).toMatch(/disabled/);
      vault.close();
    } finally {
      t.remove();
    }
  });

  it('two processes creating the key file at once end up with one master key', async () => {
    const t = tempDir();
    try {
      const file = localProviderFile(t.dir);
      const [a, b] = [LocalKeyProvider.open(file, defaultProtector(t.dir)), LocalKeyProvider.open(file, defaultProtector(t.dir))];
      expect(a.keyId).toBe(b.keyId);
    } finally {
      t.remove();
    }
  });
});

describe('AWS KMS key provider (moto)', () => {
  async function kmsProvider(): Promise<{ provider: AwsKmsKeyProvider; other: AwsKmsKeyProvider }> {
    const kms = await kmsForTests();
    const client = new KMSClient({ endpoint: kms.endpoint, region: kms.region, credentials: kms.credentials });
    const [a, b] = await Promise.all([client.send(new CreateKeyCommand({ Description: 'bank-a' })), client.send(new CreateKeyCommand({ Description: 'bank-b' }))]);
    client.destroy();
    const make = (keyId: string) => new AwsKmsKeyProvider({ keyId, endpoint: kms.endpoint, region: kms.region, client: { credentials: kms.credentials } });
    return { provider: make(a.KeyMetadata!.Arn!), other: make(b.KeyMetadata!.Arn!) };
  }
  keyProviderContract(kmsProvider);

  it('a key configured by alias does not look like a new key at every start (no needless rotation)', async () => {
    const kms = await kmsForTests();
    const client = new KMSClient({ endpoint: kms.endpoint, region: kms.region, credentials: kms.credentials });
    const key = await client.send(new CreateKeyCommand({ Description: 'alias test' }));
    const alias = `alias/bank-${Date.now()}`;
    await client.send(new CreateAliasCommand({ AliasName: alias, TargetKeyId: key.KeyMetadata!.KeyId! }));
    client.destroy();
    const provider = new AwsKmsKeyProvider({ keyId: alias, endpoint: kms.endpoint, region: kms.region, client: { credentials: kms.credentials } });
    const t = tempDir();
    try {
      for (let i = 0; i < 2; i++) (await openVault({ dir: t.dir, tenant: 'bank-a', stationId: 's', keyProvider: provider })).close();
      const vault = await openVault({ dir: t.dir, tenant: 'bank-a', stationId: 's', keyProvider: provider });
      expect(rawVaultDatabase(vault).prepare('SELECT version, key_id, key_ref FROM tenant_keys').all()).toEqual([{ version: 1, key_id: key.KeyMetadata!.Arn, key_ref: alias }]);
      vault.close();
    } finally {
      t.remove();
    }
  });

  it('a KMS that accepts connections but never answers fails as "offline" instead of hanging start-up', async () => {
    const silent = createServer(() => {}); // swallows requests
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    try {
      const endpoint = `http://127.0.0.1:${(silent.address() as { port: number }).port}`;
      const provider = new AwsKmsKeyProvider({ keyId: 'alias/x', endpoint, region: 'eu-north-1', requestTimeoutMs: 500, client: { credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, maxAttempts: 1 } });
      const err = await provider.generateDataKey({ tenant: 't' }).catch((e) => e);
      expect(err).toBeInstanceOf(KeyUnavailableError);
      expect(err.retryable).toBe(true);
      provider.destroy();
    } finally {
      silent.closeAllConnections();
      silent.close();
    }
  });

  it('an unreachable KMS is "offline, retry later", not "denied"', async () => {
    const port = await freePort();
    const provider = new AwsKmsKeyProvider({ keyId: 'alias/none', endpoint: `http://127.0.0.1:${port}`, region: 'eu-north-1', client: { credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, maxAttempts: 1 } });
    const err = await provider.generateDataKey({ tenant: 't' }).catch((e) => e);
    expect(err).toBeInstanceOf(KeyUnavailableError);
    expect(err.retryable).toBe(true);
    expect((await provider.checkHealth()).ok).toBe(false);
  });
});
