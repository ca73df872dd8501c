import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { VaultDatabase } from './vaultDatabase';
import { VaultError } from './vaultErrors';

/**
 * Numbered migrations, one file each, in main/vault/migrations/:
 *   NNN-what-it-does.sql   plain SQL, run as one transaction
 *   NNN-what-it-does.ts    `export function up(db: VaultDatabase): void` (synchronous), one transaction
 * Every file is picked up and run in numeric order. Ranges belong to areas: 1–99 the vault itself,
 * 100–199 privacy (audit chain, erasure, retention), 200–299 integrations (API inbox).
 * A migration that is missing from `schema_migrations` runs even if a higher number already ran,
 * so two areas can add their files independently. A number used twice is refused.
 */
export interface Migration {
  version: number;
  name: string;
  up(db: VaultDatabase): void;
}

export const defaultMigrationsDir = fileURLToPath(new URL('./migrations/', import.meta.url));

export async function loadMigrations(dir: string = defaultMigrationsDir): Promise<Migration[]> {
  const files = readdirSync(dir).filter((f) => /^\d+[-_].+\.(sql|ts|js|mjs)$/.test(f) && !/\.(test|d)\.ts$/.test(f));
  const byVersion = new Map<number, Migration>();
  for (const file of files) {
    const version = Number(/^(\d+)/.exec(file)![1]);
    if (byVersion.has(version)) throw new VaultError(`migrations ${byVersion.get(version)!.name} and ${file} share the number ${version}`, 'migration');
    const path = join(dir, file);
    let up: (db: VaultDatabase) => void;
    if (file.endsWith('.sql')) {
      const sql = readFileSync(path, 'utf8');
      up = (db) => db.exec(sql);
    } else {
      const mod = await import(pathToFileURL(path).href);
      if (typeof mod.up !== 'function') throw new VaultError(`migration ${file} exports no up(db) function`, 'migration');
      up = mod.up;
    }
    byVersion.set(version, { version, name: file, up });
  }
  return [...byVersion.values()].sort((a, b) => a.version - b.version);
}

/** Runs what has not run yet, each migration and its version row in one transaction. Returns the names run. */
export function runMigrations(db: VaultDatabase, migrations: Migration[]): string[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
  )`);
  const ran: string[] = [];
  for (const m of migrations) {
    // BEGIN IMMEDIATE: two processes starting at once do not both run the same migration.
    const apply = db.transaction(() => {
      const done = db.prepare('SELECT 1 FROM schema_migrations WHERE version = ?').get(m.version);
      if (done) return false;
      m.up(db);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(m.version, m.name, new Date().toISOString());
      return true;
    });
    try {
      if (apply.immediate()) ran.push(m.name);
    } catch (err) {
      throw new VaultError(`migration ${m.name} failed and was rolled back: ${(err as Error).message}`, 'migration');
    }
  }
  return ran;
}

/** The versions applied to this database, in order (`station vault check`). */
export function appliedMigrationVersions(db: VaultDatabase): number[] {
  return (db.prepare('SELECT version FROM schema_migrations ORDER BY version').all() as { version: number }[]).map((r) => r.version);
}
