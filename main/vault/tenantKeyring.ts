import type { KeyProvider } from './keyProvider';
import type { SecretProtector } from './secretProtector';
import type { VaultDatabase } from './vaultDatabase';
import { KeyUnavailableError } from './vaultErrors';

/**
 * The tenant's key-encryption keys (KEK), versioned. A new KEK is made by the key provider
 * (KMS GenerateDataKey, encryption context {tenant, station}); the vault keeps the provider's blob
 * (so that the client's systems can unwrap it with KMS Decrypt) and a copy protected by the OS
 * keystore or the file key (so that the station works for days without the network).
 * Rotation adds a version; old versions stay as long as records use them.
 */
export interface TenantKeyRow {
  tenant: string;
  version: number;
  provider: string;
  key_id: string;
  station_id: string;
  wrapped_kek: Buffer;
  protected_kek: Buffer;
  protector: string;
  created_at: string;
  retired_at: string | null;
  key_ref: string | null;
}

export class TenantKeyring {
  private readonly cache = new Map<number, Buffer>();

  constructor(
    private readonly db: VaultDatabase,
    readonly tenant: string,
    readonly stationId: string,
    private readonly provider: KeyProvider,
    private readonly protector: SecretProtector,
  ) {}

  /** The encryption context of this station's KEKs: names tenant and station, nothing personal. */
  get encryptionContext(): Record<string, string> {
    return { tenant: this.tenant, station: this.stationId };
  }

  activeRow(): TenantKeyRow | undefined {
    return this.db
      .prepare('SELECT * FROM tenant_keys WHERE tenant = ? AND retired_at IS NULL ORDER BY version DESC LIMIT 1')
      .get(this.tenant) as TenantKeyRow | undefined;
  }

  row(version: number): TenantKeyRow | undefined {
    return this.db.prepare('SELECT * FROM tenant_keys WHERE tenant = ? AND version = ?').get(this.tenant, version) as TenantKeyRow | undefined;
  }

  /**
   * Makes sure there is a usable active KEK: creates the first one (needs the provider: for KMS,
   * the network), or rotates when the configured provider/key changed or the key is older than
   * `rotateAfterDays`. Offline with an existing key: keeps working with it and says why not rotated.
   */
  async ensureActiveKey(rotateAfterDays: number, now = new Date()): Promise<{ version: number; rotated: boolean; note?: string }> {
    const active = this.activeRow();
    const ageDays = active ? (now.getTime() - Date.parse(active.created_at)) / 86_400_000 : Infinity;
    const stale = active && (active.provider !== this.provider.name || (active.key_ref ?? active.key_id) !== this.provider.keyId || ageDays >= rotateAfterDays);
    if (active && !stale) return { version: active.version, rotated: false };
    try {
      return { version: await this.rotate(now), rotated: true };
    } catch (err) {
      if (active && err instanceof KeyUnavailableError) return { version: active.version, rotated: false, note: `tenant key not rotated: ${err.message}` };
      throw err;
    }
  }

  /** A new KEK version from the provider; the previous active one is retired (still readable). */
  async rotate(now = new Date()): Promise<number> {
    const generated = await this.provider.generateDataKey(this.encryptionContext);
    const protectedKek = this.protector.protect(generated.plaintext);
    const insert = this.db.transaction(() => {
      const last = this.db.prepare('SELECT MAX(version) AS v FROM tenant_keys WHERE tenant = ?').get(this.tenant) as { v: number | null };
      const version = (last.v ?? 0) + 1;
      this.db.prepare('UPDATE tenant_keys SET retired_at = ? WHERE tenant = ? AND retired_at IS NULL').run(now.toISOString(), this.tenant);
      this.db
        .prepare(`INSERT INTO tenant_keys (tenant, version, provider, key_id, key_ref, station_id, wrapped_kek, protected_kek, protector, created_at)
                  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
        .run(this.tenant, version, this.provider.name, generated.keyId, this.provider.keyId, this.stationId, generated.blob, protectedKek, this.protector.kind, now.toISOString());
      return version;
    });
    const version = insert.immediate();
    this.cache.set(version, generated.plaintext);
    return version;
  }

  /** The active version and its key, for sealing. Synchronous: the key is cached or unprotected locally. */
  active(): { version: number; kek: Buffer } {
    const row = this.activeRow();
    if (!row) throw new KeyUnavailableError(`no key for tenant '${this.tenant}' on this station yet: connect to the key service once (station vault check)`, true);
    return { version: row.version, kek: this.kek(row.version) };
  }

  /** The KEK of a version, for opening. */
  kek(version: number): Buffer {
    const cached = this.cache.get(version);
    if (cached) return cached;
    const row = this.row(version);
    if (!row) throw new KeyUnavailableError(`tenant key version ${version} of '${this.tenant}' is not on this station`, false);
    if (row.protector !== this.protector.kind) throw new KeyUnavailableError(`tenant key version ${version} is protected by ${row.protector}, but this process has ${this.protector.kind}`, false);
    const kek = this.protector.unprotect(row.protected_kek);
    this.cache.set(version, kek);
    return kek;
  }

  /** Every version of this tenant's key on the station, oldest first. */
  versions(): TenantKeyRow[] {
    return this.db.prepare('SELECT * FROM tenant_keys WHERE tenant = ? ORDER BY version').all(this.tenant) as TenantKeyRow[];
  }

  /** Asks the provider to unwrap each version's blob: proves the client's key still opens it. */
  async verifyWithProvider(): Promise<{ version: number; ok: boolean; detail: string }[]> {
    const out = [];
    for (const row of this.versions()) {
      if (row.provider !== this.provider.name) {
        out.push({ version: row.version, ok: false, detail: `made by provider ${row.provider}, not ${this.provider.name}` });
        continue;
      }
      try {
        const plain = await this.provider.decryptDataKey(row.wrapped_kek, { tenant: row.tenant, station: row.station_id });
        const same = plain.equals(this.kek(row.version));
        plain.fill(0);
        out.push({ version: row.version, ok: same, detail: same ? 'unwraps and matches' : 'unwraps to a different key' });
      } catch (err) {
        out.push({ version: row.version, ok: false, detail: (err as Error).message });
      }
    }
    return out;
  }

  /** Forgets the plaintext keys held in memory. */
  wipe(): void {
    for (const k of this.cache.values()) k.fill(0);
    this.cache.clear();
  }
}
