-- The audit head anchor (privacy area, main/privacy/auditHeadAnchor.ts): the signed head of the
-- audit trail lives in a file beside the vault (audit-head.json), out of reach of an edit of this
-- database. This one row says that such a file was written for this vault, so that a missing file
-- is reported as missing instead of being started afresh; `since` is the first anchored entry.
CREATE TABLE audit_head_anchor (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  since INTEGER NOT NULL,
  established_at TEXT NOT NULL
) STRICT;
