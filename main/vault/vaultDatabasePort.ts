import type { Statement } from 'better-sqlite3';
import type { VaultDatabase } from './vaultDatabase';

/**
 * What a repository over the vault may do with the vault's SQLite database: prepare statements on
 * its own tables and run them inside the vault's transactions. Not close the database, change its
 * settings (WAL, secure_delete), or reach the file: those stay the vault's.
 */
export interface VaultDatabasePort {
  prepare<Parameters extends unknown[] | object = unknown[], Result = unknown>(sql: string): Statement<Parameters, Result>;
  /** Runs fn in the vault's IMMEDIATE transaction (nested: a savepoint); disk full → rolled back, DiskFullError. */
  transaction<T>(fn: () => T): T;
  /** True inside a transaction (the audit writes now, or holds the entry for later). */
  readonly inTransaction: boolean;
  /** Whether a migration has created the table (a command may run against an older vault). */
  hasTable(name: string): boolean;
}

/** The port over the vault's handle, with the vault's own transaction. */
export function databasePort(db: VaultDatabase, transaction: <T>(fn: () => T) => T): VaultDatabasePort {
  return {
    prepare: (sql) => db.prepare(sql),
    transaction,
    get inTransaction() {
      return db.inTransaction;
    },
    hasTable: (name) => Boolean(db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name)),
  };
}
