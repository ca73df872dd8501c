-- SFTP archive export (integrations): which signed documents still have to reach the client's SFTP
-- archive. A row is added in the same transaction that queues the document, so a crash cannot lose an
-- export; retries continue across restarts until the document is delivered (or gone before it could be).
CREATE TABLE sftp_exports (
  document_id TEXT PRIMARY KEY,
  status TEXT NOT NULL CHECK (status IN ('pending', 'exported', 'skipped')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT NOT NULL,
  last_error TEXT,
  remote_path TEXT,
  exported_at TEXT,
  created_at TEXT NOT NULL
) STRICT;
CREATE INDEX sftp_exports_due ON sftp_exports (status, next_attempt_at);
