-- Signing requests from enterprise integrations (API, Print to Tab, hot folder). The row holds only
-- what is not personal and what queries need; the request itself (signer, names, references) and
-- its documents are vault records: 'signing-request' (JSON), 'signing-request-original' and
-- 'signing-request-signed' (PDF), each with its own data key and the request id as AAD. Owner and
-- idempotency key are kept as SHA-256 so that lookups work without the names in clear.
CREATE TABLE signing_requests (
  id TEXT PRIMARY KEY,
  owner_sha256 TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'completed', 'cancelled', 'expired')),
  idempotency_sha256 TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX signing_requests_by_idempotency ON signing_requests (owner_sha256, idempotency_sha256)
  WHERE idempotency_sha256 IS NOT NULL;
CREATE INDEX signing_requests_by_status ON signing_requests (status, expires_at);
