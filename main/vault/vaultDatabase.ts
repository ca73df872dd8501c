import Database from 'better-sqlite3';
import { closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { diskFullIn, isDiskFull } from './diskSpace';
import { VaultError } from './vaultErrors';

/** Room to open the vault: its WAL index and a first WAL segment. */
const openingBytes = 1024 * 1024;

export type VaultDatabase = Database.Database;

/**
 * Opens the vault's SQLite file with the settings that make "nothing lost, nothing left" hold:
 *  - WAL + synchronous=FULL: a committed transition survives power loss and SIGKILL;
 *  - secure_delete=ON: deleted rows (shredded keys, purged documents) are overwritten, not left in free pages;
 *  - temp_store=MEMORY: sorts and temp tables never spill plaintext-bearing pages to temp files;
 *  - foreign_keys=ON; busy_timeout so a second process (the CLI beside the app) waits rather than fails.
 * Then `PRAGMA integrity_check`: a damaged file is refused at start, not discovered at upload.
 */
export function openVaultDatabase(file: string, options: { readonly?: boolean; skipIntegrityCheck?: boolean } = {}): VaultDatabase {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  // Create the file 0600 ourselves: SQLite gives its -wal and -shm files the database file's mode.
  if (!options.readonly && !existsSync(file)) closeSync(openSync(file, 'a', 0o600));
  let db: VaultDatabase;
  try {
    db = new Database(file, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
  } catch (err) {
    if (isDiskFull(err)) throw diskFullIn(dirname(file), openingBytes);
    throw new VaultError(`cannot open the vault database ${file}: ${(err as Error).message}`, 'open');
  }
  try {
    db.pragma('busy_timeout = 10000');
    if (!options.readonly) {
      const mode = db.pragma('journal_mode = WAL', { simple: true });
      if (String(mode).toLowerCase() !== 'wal') throw new VaultError(`the vault database could not switch to WAL (got ${mode})`, 'open');
    }
    db.pragma('synchronous = FULL');
    db.pragma('secure_delete = ON');
    db.pragma('temp_store = MEMORY');
    db.pragma('foreign_keys = ON');
    if (!options.skipIntegrityCheck) {
      const result = integrityCheck(db);
      if (result !== 'ok') throw new VaultError(`the vault database ${file} is damaged (integrity_check: ${result}); it was not changed`, 'damaged');
    }
    return db;
  } catch (err) {
    db.close();
    if (err instanceof VaultError) throw err;
    // Opening writes too: the WAL index (-shm) and the WAL itself need room.
    if (isDiskFull(err)) throw diskFullIn(dirname(file), openingBytes);
    throw new VaultError(`cannot use the vault database ${file}: ${(err as Error).message}`, 'open');
  }
}

/** 'ok', or the first problems SQLite reports. */
export function integrityCheck(db: VaultDatabase): string {
  const rows = db.pragma('integrity_check(20)') as { integrity_check: string }[];
  return rows.map((r) => r.integrity_check).join('; ');
}
