import type { Vault } from '../../main/vault/vault';
import type { VaultDatabase } from '../../main/vault/vaultDatabase';

/**
 * Tests only: the vault's own SQLite handle, to tamper with rows, backdate them and read raw
 * bytes as an attacker or a crash would. Production code takes `vault.sql` (the narrow port).
 */
export function rawVaultDatabase(vault: Vault): VaultDatabase {
  return (vault as unknown as { db: VaultDatabase }).db;
}
