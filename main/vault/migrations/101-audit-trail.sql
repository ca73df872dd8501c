-- The audit trail (privacy area). Append-only, one row per event, each carrying the hash of the one
-- before (a hash chain over public fields and the hash of the encrypted payload, so that it verifies
-- without decrypting). Personal data (the data subject's identifier, free-form details) live only in
-- the encrypted payload: a vault record of kind 'audit-payload', id 'audit-<seq>'.
CREATE TABLE audit_entries (
  seq INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  record_id TEXT,
  source TEXT NOT NULL,
  -- HMAC-SHA256 of the normalised subject identifier under a station secret: finds a person's
  -- entries (export, erasure) without storing who they are.
  subject_tag TEXT,
  payload_sha256 TEXT,
  prev_hash TEXT NOT NULL,
  entry_hash TEXT NOT NULL UNIQUE
) STRICT;
CREATE INDEX audit_entries_by_subject ON audit_entries (subject_tag) WHERE subject_tag IS NOT NULL;
CREATE INDEX audit_entries_by_record ON audit_entries (record_id) WHERE record_id IS NOT NULL;
CREATE INDEX audit_entries_by_time ON audit_entries (at);

-- Payloads removed by a GDPR erasure: the fact stays (the entry, its hash), the data go. verify()
-- accepts a missing payload only when it is listed here, by the erasure entry that removed it.
CREATE TABLE audit_payload_erasures (
  seq INTEGER PRIMARY KEY,
  erased_by_seq INTEGER NOT NULL,
  erased_at TEXT NOT NULL
) STRICT;

-- Signed checkpoints: the chain head at an entry, signed (Ed25519) by the station's audit key, and
-- copied to S3 with the documents so that a rewrite of the local chain is caught against the archive.
CREATE TABLE audit_checkpoints (
  seq INTEGER PRIMARY KEY,
  entry_hash TEXT NOT NULL,
  at TEXT NOT NULL,
  station_id TEXT NOT NULL,
  key_id TEXT NOT NULL,
  signature TEXT NOT NULL,
  uploaded_at TEXT
) STRICT;

-- Public halves of the station's audit signing keys (the private half is a sealed vault record).
CREATE TABLE audit_keys (
  key_id TEXT PRIMARY KEY,
  public_key_pem TEXT NOT NULL,
  created_at TEXT NOT NULL
) STRICT;

-- Which records belong to which data subject (by subject tag): filled when an audit entry names
-- both a subject and a record, or by linkSubject(). Used by GDPR export and erasure.
CREATE TABLE subject_links (
  subject_tag TEXT NOT NULL,
  record_id TEXT NOT NULL,
  linked_at TEXT NOT NULL,
  PRIMARY KEY (subject_tag, record_id)
) STRICT;
