-- Teller accounts (privacy area, migrations 100–199). Usernames are the bank's staff identifiers,
-- kept in clear so that sign-in can find them; secrets only as scrypt hashes (main/accounts/secretHashing.ts).
CREATE TABLE accounts (
  id TEXT PRIMARY KEY,
  username TEXT NOT NULL UNIQUE COLLATE NOCASE,
  role TEXT NOT NULL CHECK (role IN ('teller', 'supervisor', 'administrator')),
  secret_kind TEXT NOT NULL CHECK (secret_kind IN ('password', 'pin')),
  secret_hash TEXT NOT NULL,
  created_at TEXT NOT NULL,
  secret_changed_at TEXT NOT NULL,
  disabled_at TEXT,
  last_sign_in_at TEXT
) STRICT;

-- Failed sign-ins, by the username typed (known or not: an unknown name is throttled the same way,
-- so that the answers do not tell which usernames exist). Reset by a successful sign-in.
CREATE TABLE sign_in_throttle (
  username TEXT PRIMARY KEY COLLATE NOCASE,
  failures INTEGER NOT NULL,
  last_failure_at TEXT NOT NULL,
  locked_until TEXT
) STRICT;
