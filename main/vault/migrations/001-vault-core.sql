-- The vault's own tables. Nothing personal and no document byte is stored in clear: every payload
-- is an AES-256-GCM ciphertext under its own data key (records.wrapped_dek), which is wrapped by the
-- tenant's key-encryption key (tenant_keys). See docs/vault-envelope-format.md.

-- Tenant key-encryption keys, one row per version. wrapped_kek is the key provider's blob (the KMS
-- CiphertextBlob): only the client's KMS key unwraps it. protected_kek is the plaintext copy kept for
-- offline work, protected by the OS keystore or the (weaker) file key. retired_at: no new records.
CREATE TABLE tenant_keys (
  tenant TEXT NOT NULL,
  version INTEGER NOT NULL,
  provider TEXT NOT NULL,
  key_id TEXT NOT NULL,
  station_id TEXT NOT NULL,
  wrapped_kek BLOB NOT NULL,
  protected_kek BLOB NOT NULL,
  protector TEXT NOT NULL,
  created_at TEXT NOT NULL,
  retired_at TEXT,
  PRIMARY KEY (tenant, version)
) STRICT;

-- Encrypted records of every kind (documents, signer details, biometric containers, audit payloads,
-- API inbox items). sealed = iv ‖ ciphertext ‖ tag. wrapped_dek NULL: the key was destroyed
-- (crypto-shredding) and the record can never be read again.
CREATE TABLE records (
  kind TEXT NOT NULL,
  id TEXT NOT NULL,
  tenant TEXT NOT NULL,
  schema_version INTEGER NOT NULL,
  kek_version INTEGER NOT NULL,
  wrapped_dek BLOB,
  sealed BLOB NOT NULL,
  plaintext_bytes INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (kind, id)
) STRICT;

-- The document queue. seq is the order of signing (uploads go oldest first). No personal data:
-- ids, states, sizes, times, hashes of ciphertext only.
CREATE TABLE documents (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  tenant TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('in_progress', 'signed', 'queued', 'uploading', 'synced', 'kept', 'purged', 'cancelled')),
  created_at TEXT NOT NULL,
  signed_at TEXT,
  queued_at TEXT,
  synced_at TEXT,
  updated_at TEXT NOT NULL,
  pdf_bytes INTEGER,
  envelope_bytes INTEGER,
  envelope_sha256 TEXT,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT,
  last_error TEXT,
  object_key TEXT
) STRICT;
CREATE INDEX documents_by_state ON documents (state, seq);
