-- Retention (privacy area): what the purge needs to know about a document beyond the vault's queue
-- row. document_type is copied from the encrypted details on first sight (a type such as 'loan' is
-- not personal); archive_receipt_at is set when the client's own archive confirms it has the
-- document (API acknowledgement or SFTP delivery), which may allow removing the local copy at once.
CREATE TABLE document_retention (
  document_id TEXT PRIMARY KEY,
  document_type TEXT,
  archive_receipt_at TEXT,
  archive_receipt_via TEXT
) STRICT;
