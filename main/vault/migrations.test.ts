import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createAccountService } from '../accounts/accountService';
import { tellerLanguagesIn } from '../accounts/tellerLanguages';
import { defaultMigrationsDir, loadMigrations, runMigrations, type Migration } from './migrationRunner';
import { rawVaultDatabase } from '../../test/support/rawVaultDatabase';
import { openLocalVault, pdfWithText, tempDir } from '../../test/support/vaultFixtures';
import { openVaultDatabase, type VaultDatabase } from './vaultDatabase';

/**
 * Every migration applied to the schema before it with data in every table, the way a station
 * that has been working for months meets it: the rows survive (each old column as it was), the
 * new columns start as the migration says, and the migrated schema takes new rows.
 */
const at = '2026-03-04T10:00:00.000Z';
const blob = (text: string) => Buffer.from(text, 'utf8');

/** Rows a working station would have in the tables each migration creates (ids and hashes only, as in life). */
const seeds: Record<number, (db: VaultDatabase, n: number) => void> = {
  1: (db, n) => {
    db.prepare('INSERT INTO tenant_keys (tenant, version, provider, key_id, station_id, wrapped_kek, protected_kek, protector, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run('bank-a', n, 'local', 'local-key', 'station-7', blob(`wrapped-${n}`), blob(`protected-${n}`), 'file-key', at);
    db.prepare('INSERT INTO records (kind, id, tenant, schema_version, kek_version, wrapped_dek, sealed, plaintext_bytes, created_at) VALUES (?, ?, ?, 1, ?, ?, ?, ?, ?)')
      .run('document-pdf', `doc-${n}`, 'bank-a', n, blob(`dek-${n}`), blob(`sealed-${n}`), 100 + n, at);
    db.prepare("INSERT INTO documents (id, tenant, state, created_at, signed_at, queued_at, updated_at, pdf_bytes, envelope_bytes, envelope_sha256, attempts, last_error, object_key) VALUES (?, 'bank-a', 'queued', ?, ?, ?, ?, ?, ?, ?, 2, 'timeout', ?)")
      .run(`doc-${n}`, at, at, at, at, 100 + n, 900 + n, 'ab'.repeat(32), `bank-a/2026/03/04/doc-${n}.pdf`);
  },
  2: () => undefined, // a column only
  100: (db, n) => {
    db.prepare("INSERT INTO accounts (id, username, role, secret_kind, secret_hash, created_at, secret_changed_at, last_sign_in_at) VALUES (?, ?, 'teller', 'pin', ?, ?, ?, ?)")
      .run(`acct-${n}`, `teller.${n}`, `scrypt$hash-${n}`, at, at, at);
    db.prepare('INSERT INTO sign_in_throttle (username, failures, last_failure_at, locked_until) VALUES (?, ?, ?, ?)').run(`account:acct-${n}`, n, at, null);
  },
  101: (db, n) => {
    db.prepare("INSERT INTO audit_entries (seq, at, actor, action, record_id, source, subject_tag, payload_sha256, prev_hash, entry_hash) VALUES (?, ?, 'anna.k', 'document.signed', ?, 'desk-3', ?, ?, ?, ?)")
      .run(n, at, `doc-${n}`, `tag-${n}`, 'cd'.repeat(32), `prev-${n}`, `hash-${n}`);
    db.prepare('INSERT INTO audit_payload_erasures (seq, erased_by_seq, erased_at) VALUES (?, ?, ?)').run(n, n + 1000, at);
    db.prepare("INSERT INTO audit_checkpoints (seq, entry_hash, at, station_id, key_id, signature) VALUES (?, ?, ?, 'station-7', 'key-1', ?)").run(n, `hash-${n}`, at, `sig-${n}`);
    db.prepare('INSERT INTO audit_keys (key_id, public_key_pem, created_at) VALUES (?, ?, ?)').run(`key-${n}`, `pem-${n}`, at);
    db.prepare('INSERT INTO subject_links (subject_tag, record_id, linked_at) VALUES (?, ?, ?)').run(`tag-${n}`, `doc-${n}`, at);
  },
  102: (db, n) => {
    db.prepare("INSERT INTO document_retention (document_id, document_type, archive_receipt_at, archive_receipt_via) VALUES (?, 'loan', ?, 'sftp')").run(`doc-${n}`, at);
  },
  105: (db, n) => {
    if (n === 1) db.prepare('INSERT INTO audit_head_anchor (id, since, established_at) VALUES (1, 1, ?)').run(at);
  },
  110: (db, n) => {
    db.prepare("UPDATE accounts SET desk_language = 'lt' WHERE id = ?").run(`acct-${n}`);
  },
  200: (db, n) => {
    db.prepare("INSERT INTO signing_requests (id, owner_sha256, status, idempotency_sha256, created_at, updated_at, expires_at) VALUES (?, ?, 'pending', ?, ?, ?, ?)")
      .run(`req-${n}`, 'ee'.repeat(32), `idem-${n}`, at, at, at);
  },
  201: (db, n) => {
    db.prepare("INSERT INTO webhook_deliveries (id, type, signing_request_id, owner, url, status, created_at, next_attempt_at, attempts) VALUES (?, 'signing-request.completed', ?, 'crm', 'https://crm.example/hook', 'pending', ?, ?, '[]')")
      .run(`wh-${n}`, `req-${n}`, at, at);
  },
  202: (db, n) => {
    db.prepare("INSERT INTO sftp_exports (document_id, status, attempts, next_attempt_at, last_error, created_at) VALUES (?, 'pending', 3, ?, 'connect ECONNREFUSED', ?)").run(`doc-${n}`, at, at);
  },
};

/** Columns each migration adds to a table that existed before it, and the value old rows get. */
const addedColumns: Record<number, Record<string, Record<string, unknown>>> = {
  2: { tenant_keys: { key_ref: null } },
  110: { accounts: { desk_language: null } },
};

function tables(db: VaultDatabase): string[] {
  return (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name != 'schema_migrations' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
}

function snapshot(db: VaultDatabase): Record<string, Record<string, unknown>[]> {
  return Object.fromEntries(tables(db).map((t) => [t, db.prepare(`SELECT * FROM ${t} ORDER BY rowid`).all() as Record<string, unknown>[]]));
}

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

/** A vault database with every migration before `target` applied, and two rows of data after each. */
function databaseBefore(target: Migration, all: Migration[]): VaultDatabase {
  const tmp = tempDir('vault-migration-');
  const db = openVaultDatabase(join(tmp.dir, 'vault.sqlite'));
  cleanups.push(() => {
    db.close();
    tmp.remove();
  });
  for (const m of all.filter((x) => x.version < target.version)) {
    runMigrations(db, [m]);
    for (const n of [1, 2]) seeds[m.version](db, n);
  }
  return db;
}

describe('vault migrations on a schema that has data', async () => {
  const migrations = await loadMigrations();

  it('every migration has seed rows here (a new migration brings its own)', () => {
    expect(migrations.map((m) => m.version).filter((v) => !(v in seeds))).toEqual([]);
  });

  for (const migration of migrations) {
    it(`${migration.name}: the rows before it survive, new columns start as declared, and new rows fit`, () => {
      const db = databaseBefore(migration, migrations);
      const before = snapshot(db);
      expect(runMigrations(db, [migration])).toEqual([migration.name]);
      const after = snapshot(db);
      for (const [table, rows] of Object.entries(before)) {
        const added = addedColumns[migration.version]?.[table] ?? {};
        expect(after[table], `${table} after ${migration.name}`).toEqual(rows.map((row) => ({ ...row, ...added })));
      }
      // The migrated schema takes the data a working station writes next.
      for (const n of [3, 4]) for (const m of migrations.filter((x) => x.version <= migration.version)) seeds[m.version](db, n);
      expect(runMigrations(db, [migration])).toEqual([]); // and it does not run twice
    });
  }

  it('110: old accounts speak the default language until chosen; a language not offered is refused', () => {
    const target = migrations.find((m) => m.version === 110)!;
    const db = databaseBefore(target, migrations);
    runMigrations(db, [target]);
    expect(db.prepare('SELECT id, desk_language FROM accounts ORDER BY id').all()).toEqual([{ id: 'acct-1', desk_language: null }, { id: 'acct-2', desk_language: null }]);
    expect(() => db.prepare("UPDATE accounts SET desk_language = 'xx' WHERE id = 'acct-1'").run()).toThrow(/CHECK/);
  });

  it('a vault from before the areas\' migrations (100+) opens with all of them: its key stays, its document opens, its accounts start empty', async () => {
    const tmp = tempDir('vault-migration-');
    cleanups.push(tmp.remove);
    const vaultCoreOnly = join(tmp.dir, 'migrations-core');
    mkdirSync(vaultCoreOnly);
    for (const m of migrations.filter((x) => x.version < 100)) copyFileSync(join(defaultMigrationsDir, m.name), join(vaultCoreOnly, m.name));
    const dir = join(tmp.dir, 'station');
    {
      const { vault } = await openLocalVault(dir, 'bank-a', 'station-7', vaultCoreOnly);
      vault.enqueueSignedDocument({ id: 'doc-old', tenant: 'bank-a', pdf: pdfWithText('Signed before the upgrade'), signerName: 'Jonas Jonaitis' });
      expect(rawVaultDatabase(vault).prepare("SELECT name FROM sqlite_master WHERE name = 'accounts'").get()).toBeUndefined();
      // A key made before 002 has no reference: what 002 leaves on the rows it finds.
      rawVaultDatabase(vault).prepare('UPDATE tenant_keys SET key_ref = NULL').run();
      vault.close();
    }
    const { vault } = await openLocalVault(dir);
    cleanups.unshift(() => vault.close());
    expect((await vault.check()).schemaVersions).toEqual(migrations.map((m) => m.version));
    // key_ref NULL on the old key: compared by key_id, so the upgrade does not rotate it.
    expect(vault.tenantKeyVersions().map((k) => ({ version: k.version, retired: k.retired_at }))).toEqual([{ version: 1, retired: null }]);
    expect(vault.openDocument('doc-old')).toMatchObject({ signerName: 'Jonas Jonaitis' });
    expect(vault.openDocument('doc-old').pdf.toString('latin1')).toContain('Signed before the upgrade');
    expect(vault.document('doc-old')!.state).toBe('queued');
    const accounts = createAccountService(vault, { log: { info() {}, warn() {} }, cost: { logN: 10, r: 8, p: 1 } });
    expect(accounts.count()).toBe(0);
    const admin = await accounts.addAccount('bootstrap', { username: 'admin', role: 'administrator', secret: 'a long admin secret' });
    expect(tellerLanguagesIn(vault).of(admin.id)).toBeUndefined();
  });
});
