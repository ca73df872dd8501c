import type { Statement } from 'better-sqlite3';
import { dataKeyAad, newDataKey, openWithKey, recordAad, sealWithKey } from './envelopeCrypto';
import { encodeEnvelope, envelopeFormat, type EnvelopeHeader } from './portableEnvelope';
import type { TenantKeyring } from './tenantKeyring';
import type { VaultDatabase } from './vaultDatabase';
import { KeyUnavailableError, VaultInputError, VaultIntegrityError } from './vaultErrors';

/**
 * Envelope-encrypted records: each its own 256-bit data key (AES-256-GCM, AAD = kind, id, tenant,
 * schema version and the caller's extra data), the data key wrapped under the tenant KEK.
 * Destroying the wrapped data key (crypto-shredding) makes the ciphertext permanently unreadable,
 * wherever copies of it are.
 */
export const recordSchemaVersion = 1;
const idPattern = /^[A-Za-z0-9][A-Za-z0-9._:@-]{0,199}$/;
const kindPattern = /^[a-z][a-z0-9-]{0,63}$/;

interface RecordRow {
  kind: string;
  id: string;
  tenant: string;
  schema_version: number;
  kek_version: number;
  wrapped_dek: Buffer | null;
  sealed: Buffer;
  plaintext_bytes: number;
  created_at: string;
}

export class RecordStore {
  private sealedStatement: Statement | undefined;

  constructor(private readonly db: VaultDatabase, private readonly keyring: TenantKeyring) {}

  get tenant(): string {
    return this.keyring.tenant;
  }

  /** Encrypts and stores (or replaces) a record. Synchronous, so callers can use it inside their transactions. */
  seal(kind: string, id: string, plaintext: Uint8Array, callerAad?: Uint8Array): void {
    checkName(kind, id);
    const { version, kek } = this.keyring.active();
    const dek = newDataKey();
    try {
      const sealed = sealWithKey(dek, plaintext, recordAad({ kind, id, tenant: this.tenant, schemaVersion: recordSchemaVersion, callerAad }));
      const wrapped = sealWithKey(kek, dek, dataKeyAad({ tenant: this.tenant, kind, id, kekVersion: version }));
      this.db
        .prepare(`INSERT INTO records (kind, id, tenant, schema_version, kek_version, wrapped_dek, sealed, plaintext_bytes, created_at)
                  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                  ON CONFLICT (kind, id) DO UPDATE SET tenant = excluded.tenant, schema_version = excluded.schema_version,
                    kek_version = excluded.kek_version, wrapped_dek = excluded.wrapped_dek, sealed = excluded.sealed,
                    plaintext_bytes = excluded.plaintext_bytes, created_at = excluded.created_at`)
        .run(kind, id, this.tenant, recordSchemaVersion, version, wrapped, sealed, plaintext.length, new Date().toISOString());
    } finally {
      dek.fill(0);
    }
  }

  /** Decrypts a record; undefined if there is none. Tampering, swapping and shredded keys are refused. */
  open(kind: string, id: string, callerAad?: Uint8Array): Buffer | undefined {
    const row = this.row(kind, id);
    if (!row) return undefined;
    const dek = this.unwrapDataKey(row);
    try {
      return openWithKey(dek, row.sealed, recordAad({ kind, id, tenant: row.tenant, schemaVersion: row.schema_version, callerAad }), `record ${kind}/${id}`);
    } finally {
      dek.fill(0);
    }
  }

  /** The stored ciphertext as it is, unopened (the audit chain hashes it); undefined if there is none. */
  sealedBytes(kind: string, id: string): Buffer | undefined {
    this.sealedStatement ??= this.db.prepare('SELECT sealed FROM records WHERE kind = ? AND id = ?');
    return (this.sealedStatement.get(kind, id) as { sealed: Buffer } | undefined)?.sealed;
  }

  has(kind: string, id: string): boolean {
    return Boolean(this.db.prepare('SELECT 1 FROM records WHERE kind = ? AND id = ?').get(kind, id));
  }

  /** Crypto-shredding: the data key is overwritten (secure_delete) and the ciphertext can never be opened. */
  destroyKey(kind: string, id: string): boolean {
    return this.db.prepare('UPDATE records SET wrapped_dek = NULL WHERE kind = ? AND id = ?').run(kind, id).changes > 0;
  }

  /** Key and rows gone. */
  delete(kind: string, id: string): boolean {
    this.destroyKey(kind, id);
    return this.db.prepare('DELETE FROM records WHERE kind = ? AND id = ?').run(kind, id).changes > 0;
  }

  /** The record as a portable envelope (deterministic: the same bytes every time, for upload retries). */
  envelope(kind: string, id: string, contentType: string, callerAad?: Uint8Array): Buffer {
    const row = this.row(kind, id);
    if (!row) throw new VaultInputError(`no record ${kind}/${id}`);
    if (!row.wrapped_dek) throw new KeyUnavailableError(`record ${kind}/${id} was erased (its key is destroyed)`, false);
    const kekRow = this.keyring.row(row.kek_version);
    if (!kekRow) throw new KeyUnavailableError(`tenant key version ${row.kek_version} is missing`, false);
    const header: EnvelopeHeader = {
      format: envelopeFormat,
      kind,
      id,
      tenant: row.tenant,
      schemaVersion: row.schema_version,
      contentType,
      plaintextBytes: row.plaintext_bytes,
      callerAad: Buffer.from(callerAad ?? []).toString('base64'),
      payload: { alg: 'AES-256-GCM', layout: 'iv12-ciphertext-tag16' },
      dataKey: { alg: 'AES-256-GCM', layout: 'iv12-ciphertext-tag16', wrapped: row.wrapped_dek.toString('base64') },
      kek: { provider: kekRow.provider, keyId: kekRow.key_id, version: kekRow.version, encryptionContext: { tenant: kekRow.tenant, station: kekRow.station_id }, blob: kekRow.wrapped_kek.toString('base64') },
    };
    return encodeEnvelope(header, row.sealed);
  }

  private row(kind: string, id: string): RecordRow | undefined {
    checkName(kind, id);
    const row = this.db.prepare('SELECT * FROM records WHERE kind = ? AND id = ?').get(kind, id) as RecordRow | undefined;
    if (row && row.tenant !== this.tenant) throw new VaultIntegrityError(`record ${kind}/${id} belongs to another tenant`);
    return row;
  }

  private unwrapDataKey(row: RecordRow): Buffer {
    if (!row.wrapped_dek) throw new KeyUnavailableError(`record ${row.kind}/${row.id} was erased (its key is destroyed)`, false);
    const kek = this.keyring.kek(row.kek_version);
    return openWithKey(kek, row.wrapped_dek, dataKeyAad({ tenant: row.tenant, kind: row.kind, id: row.id, kekVersion: row.kek_version }), `data key of ${row.kind}/${row.id}`);
  }
}

function checkName(kind: string, id: string): void {
  if (!kindPattern.test(kind)) throw new VaultInputError(`record kind must be lowercase letters, digits and dashes (got ${JSON.stringify(kind).slice(0, 70)})`);
  if (!idPattern.test(id)) throw new VaultInputError(`record id must be 1–200 of A–Z a–z 0–9 . _ : @ - (got ${JSON.stringify(id).slice(0, 70)})`);
}
