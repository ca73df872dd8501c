import type { DocumentRows } from './documentRows';
import type { KeyProvider } from './keyProvider';
import type { QueueStatus } from './queueStatus';
import type { SecretProtector } from './secretProtector';
import type { TenantKeyring } from './tenantKeyring';

export interface VaultCheck {
  ok: boolean;
  integrity: string;
  schemaVersions: number[];
  keys: { provider: string; keyId: string; health: string; protector: string; weakerProtector: boolean; versions: { version: number; ok: boolean; detail: string }[] };
  status: QueueStatus;
  problems: string[];
}

export interface VaultCheckParts {
  integrity: string;
  schemaVersions: number[];
  keyProvider: KeyProvider;
  keyring: TenantKeyring;
  protector: SecretProtector;
  rows: DocumentRows;
  status: QueueStatus;
}

/** Integrity, key health (the provider still unwraps every version), lost content, counts: `station vault check`. */
export async function checkVault(parts: VaultCheckParts): Promise<VaultCheck> {
  const { integrity, keyProvider, keyring, protector } = parts;
  const problems: string[] = [];
  if (integrity !== 'ok') problems.push(`integrity_check: ${integrity}`);
  const health = await keyProvider.checkHealth();
  if (!health.ok) problems.push(`key provider: ${health.detail}`);
  const versions = keyring.activeRow() ? await keyring.verifyWithProvider() : [];
  if (!keyring.activeRow()) problems.push('no tenant key on this station yet');
  for (const v of versions) if (!v.ok) problems.push(`tenant key v${v.version}: ${v.detail}`);
  const withoutContent = parts.rows.withoutContent();
  if (withoutContent) problems.push(`${withoutContent} documents have lost their content`);
  return {
    ok: problems.length === 0,
    integrity,
    schemaVersions: parts.schemaVersions,
    keys: { provider: health.provider, keyId: health.keyId, health: health.detail, protector: protector.kind, weakerProtector: protector.weaker, versions },
    status: parts.status,
    problems,
  };
}
