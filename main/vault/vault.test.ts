import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultMigrationsDir } from './migrationRunner';
import { decodeEnvelope, encodeEnvelope, openEnvelope } from './portableEnvelope';
import { openVault, documentKinds } from './vault';
import { InvalidTransitionError, KeyUnavailableError, VaultError, VaultInputError, VaultIntegrityError } from './vaultErrors';
import { findPlaintextMarkers, openLocalVault, pdfWithText, tempDir } from '../../test/support/vaultFixtures';
import { rawVaultDatabase } from '../../test/support/rawVaultDatabase';

const cleanups: (() => void)[] = [];

/** A migrations folder with the vault's own migrations (1–99) only, for tests that add others. */
function vaultMigrationsIn(dir: string): string {
  const migrations = join(dir, 'migrations');
  mkdirSync(migrations);
  for (const f of readdirSync(defaultMigrationsDir)) if (Number(/^\d+/.exec(f)?.[0]) < 100) copyFileSync(join(defaultMigrationsDir, f), join(migrations, f));
  return migrations;
}
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});
function scratch() {
  const t = tempDir();
  cleanups.push(t.remove);
  return t.dir;
}

describe('vault database', () => {
  it('opens with WAL, synchronous=FULL, secure_delete and the core migration recorded', async () => {
    const dir = scratch();
    const { vault } = await openLocalVault(dir);
    cleanups.unshift(() => vault.close());
    expect(rawVaultDatabase(vault).pragma('journal_mode', { simple: true })).toBe('wal');
    expect(rawVaultDatabase(vault).pragma('synchronous', { simple: true })).toBe(2);
    expect(rawVaultDatabase(vault).pragma('secure_delete', { simple: true })).toBe(1);
    const versions = rawVaultDatabase(vault).prepare('SELECT version FROM schema_migrations').all();
    expect(versions).toContainEqual({ version: 1 });
    vault.sealRecord('x', 'y', Buffer.from('z'));
    for (const f of ['vault.sqlite', 'vault.sqlite-wal', 'keys/station-file.key', 'keys/local-provider.json']) expect(statSync(join(dir, f)).mode & 0o777, f).toBe(0o600);
  });

  it('runs other areas’ migrations (100+, 200+) in numeric order, each once, even if added later', async () => {
    const dir = scratch();
    const migrations = vaultMigrationsIn(dir);
    writeFileSync(join(migrations, '200-inbox.sql'), 'CREATE TABLE inbox (id TEXT PRIMARY KEY, audit_ref INTEGER REFERENCES audit(n));');
    writeFileSync(join(migrations, '100-audit.sql'), 'CREATE TABLE audit (n INTEGER PRIMARY KEY, entry TEXT);');
    const opts = { dir, tenant: 'bank-a', stationId: 's1', keyProvider: (await openLocalVault(scratch())).provider, migrationsDir: migrations };
    const first = await openVault(opts);
    expect((rawVaultDatabase(first).prepare('SELECT version FROM schema_migrations ORDER BY rowid').all() as { version: number }[]).map((r) => r.version)).toEqual([1, 2, 100, 200]);
    first.close();
    writeFileSync(join(migrations, '150-retention.ts'), "export function up(db) { db.exec('CREATE TABLE retention_runs (at TEXT)'); }\n");
    const second = await openVault(opts);
    cleanups.unshift(() => second.close());
    expect((rawVaultDatabase(second).prepare('SELECT version FROM schema_migrations ORDER BY version').all() as { version: number }[]).map((r) => r.version)).toEqual([1, 2, 100, 150, 200]);
    expect(rawVaultDatabase(second).prepare("SELECT name FROM sqlite_master WHERE name = 'retention_runs'").get()).toBeTruthy();
  });

  it('refuses a failing migration, rolls it back and says which', async () => {
    const dir = scratch();
    const migrations = vaultMigrationsIn(dir);
    writeFileSync(join(migrations, '101-broken.sql'), 'CREATE TABLE half (a INTEGER); THIS IS NOT SQL;');
    const provider = (await openLocalVault(scratch())).provider;
    await expect(openVault({ dir, tenant: 'bank-a', stationId: 's1', keyProvider: provider, migrationsDir: migrations })).rejects.toThrow(/101-broken\.sql failed and was rolled back/);
    const db = new Database(join(dir, 'vault.sqlite'));
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'half'").get()).toBeUndefined();
    db.close();
  });

  it('refuses a damaged database file at start without changing it', async () => {
    const dir = scratch();
    const { vault } = await openLocalVault(dir);
    for (let i = 0; i < 20; i++) vault.enqueueSignedDocument({ id: `d${i}`, tenant: 'bank-a', pdf: pdfWithText(`page ${i}`.repeat(300)) });
    vault.close();
    const file = join(dir, 'vault.sqlite');
    const bytes = readFileSync(file);
    bytes.fill(0x41, 4096 * 3, 4096 * 3 + 2000); // scribble over part of a b-tree page
    writeFileSync(file, bytes);
    await expect(openLocalVault(dir)).rejects.toThrow(VaultError);
    expect(readFileSync(file).equals(bytes)).toBe(true);
  });
});

describe('encrypted records', () => {
  it('seals and opens; tampered bytes, swapped records and other AAD are refused, never garbage', async () => {
    const dir = scratch();
    const { vault } = await openLocalVault(dir);
    cleanups.unshift(() => vault.close());
    vault.sealRecord('audit-entry', 'a1', Buffer.from('first entry'), Buffer.from('chain:1'));
    vault.sealRecord('audit-entry', 'a2', Buffer.from('second entry'));
    expect(vault.openRecord('audit-entry', 'a1', Buffer.from('chain:1'))!.toString()).toBe('first entry');
    expect(vault.openRecord('audit-entry', 'missing')).toBeUndefined();
    expect(() => vault.openRecord('audit-entry', 'a1', Buffer.from('chain:2'))).toThrow(VaultIntegrityError);

    // Swap: a2's ciphertext and key copied onto a1.
    rawVaultDatabase(vault).prepare("UPDATE records SET sealed = (SELECT sealed FROM records WHERE id = 'a2') WHERE id = 'a1'").run();
    expect(() => vault.openRecord('audit-entry', 'a1', Buffer.from('chain:1'))).toThrow(VaultIntegrityError);
    rawVaultDatabase(vault).prepare("UPDATE records SET wrapped_dek = (SELECT wrapped_dek FROM records WHERE id = 'a2') WHERE id = 'a1'").run();
    expect(() => vault.openRecord('audit-entry', 'a1')).toThrow(VaultIntegrityError);

    // One flipped bit in the ciphertext.
    const row = rawVaultDatabase(vault).prepare("SELECT sealed FROM records WHERE id = 'a2'").get() as { sealed: Buffer };
    row.sealed[20] ^= 1;
    rawVaultDatabase(vault).prepare("UPDATE records SET sealed = ? WHERE id = 'a2'").run(row.sealed);
    expect(() => vault.openRecord('audit-entry', 'a2')).toThrow(/does not authenticate/);
  });

  it('crypto-shredding: after destroyRecordKey the record can never be opened, and the key bytes are gone from the files', async () => {
    const dir = scratch();
    const { vault } = await openLocalVault(dir);
    vault.sealRecord('signer', 's1', Buffer.from('Ona Petraitienė'));
    const wrapped = (rawVaultDatabase(vault).prepare("SELECT wrapped_dek FROM records WHERE id = 's1'").get() as { wrapped_dek: Buffer }).wrapped_dek;
    expect(vault.destroyRecordKey('signer', 's1')).toBe(true);
    expect(() => vault.openRecord('signer', 's1')).toThrow(KeyUnavailableError);
    vault.close();
    for (const f of ['vault.sqlite', 'vault.sqlite-wal']) {
      if (existsSync(join(dir, f))) expect(readFileSync(join(dir, f)).includes(wrapped)).toBe(false);
    }
  });

  it('a vault file copied without its keys (stolen laptop disk image, minus the keystore) opens nothing', async () => {
    const dir = scratch();
    const { vault } = await openLocalVault(dir);
    vault.enqueueSignedDocument({ id: 'stolen', tenant: 'bank-a', pdf: pdfWithText('secret contract') });
    vault.close();
    const thief = scratch();
    copyFileSync(join(dir, 'vault.sqlite'), join(thief, 'vault.sqlite'));
    const { vault: copy } = await openLocalVault(thief);
    cleanups.unshift(() => copy.close());
    expect(copy.document('stolen')!.state).toBe('queued'); // ids and states are not secret
    expect(() => copy.openDocument('stolen')).toThrow(/does not open this protected key/);
  });

  it('refuses bad kinds and ids with a clear error', async () => {
    const { vault } = await openLocalVault(scratch());
    cleanups.unshift(() => vault.close());
    expect(() => vault.sealRecord('Bad Kind', 'x', Buffer.from('a'))).toThrow(VaultInputError);
    expect(() => vault.sealRecord('ok', '../../etc', Buffer.from('a'))).toThrow(/record id/);
  });

  it('a record envelope opens with only the key provider, and a header edited to another id is refused', async () => {
    const { vault, provider } = await openLocalVault(scratch());
    cleanups.unshift(() => vault.close());
    vault.sealRecord('note', 'n1', Buffer.from('hello envelope'));
    const envelope = vault.recordEnvelope('note', 'n1', 'text/plain');
    const unwrap = (h: { kek: { blob: string; encryptionContext: Record<string, string> } }) => provider.decryptDataKey(Buffer.from(h.kek.blob, 'base64'), h.kek.encryptionContext);
    expect((await openEnvelope(envelope, unwrap)).plaintext.toString()).toBe('hello envelope');
    const { header, sealed } = decodeEnvelope(envelope);
    await expect(openEnvelope(encodeEnvelope({ ...header, id: 'n2' }, sealed), unwrap)).rejects.toThrow(VaultIntegrityError);
    await expect(openEnvelope(encodeEnvelope({ ...header, kek: { ...header.kek, encryptionContext: { tenant: 'bank-b', station: 'station-7' } } }, sealed), unwrap)).rejects.toThrow(VaultIntegrityError);
    await expect(openEnvelope(Buffer.from('%PDF-1.7 not an envelope'), unwrap)).rejects.toThrow(/not a Signing Station envelope/);
  });
});

describe('document queue life cycle', () => {
  it('in_progress → signed → queued → uploading → synced → kept → synced → purged, each seen by listeners in its transaction', async () => {
    const { vault } = await openLocalVault(scratch());
    cleanups.unshift(() => vault.close());
    const seen: string[] = [];
    vault.onTransition((e, db) => {
      expect(db.inTransaction).toBe(true);
      seen.push(`${e.from ?? '∅'}→${e.to}`);
    });
    vault.startDocument({ id: 'doc-1', tenant: 'bank-a' });
    vault.storeSignedDocument({ id: 'doc-1', tenant: 'bank-a', pdf: pdfWithText('Loan agreement'), signerName: 'Jonas Jonaitis', signedAt: '2026-03-04T10:00:00Z' });
    vault.enqueue('doc-1');
    // The key is the claimer's to choose (the sync's), recorded with the claim, before any upload.
    expect(vault.document('doc-1')!.object_key).toBeNull();
    const [claimed] = vault.claimForUpload(5, new Date(), (row) => `${row.tenant}/${row.signed_at!.slice(0, 10)}/${row.id}.pdf`);
    expect(claimed).toMatchObject({ id: 'doc-1', object_key: 'bank-a/2026-03-04/doc-1.pdf', attempts: 1 });
    expect(vault.claimForUpload(5)).toEqual([]);
    vault.markSynced('doc-1');
    vault.keepDocument('doc-1');
    expect(vault.applyRetention({ retentionDays: 0, budgetBytes: 0 })).toEqual([]);
    vault.releaseDocument('doc-1');
    expect(vault.applyRetention({ retentionDays: 0, budgetBytes: 0, now: new Date(Date.now() + 1000) })).toEqual(['doc-1']);
    expect(seen).toEqual(['∅→in_progress', 'in_progress→signed', 'signed→queued', 'queued→uploading', 'uploading→synced', 'synced→kept', 'kept→synced', 'synced→purged']);
    expect(rawVaultDatabase(vault).prepare("SELECT COUNT(*) AS n FROM records WHERE id = 'doc-1'").get()).toEqual({ n: 0 });
    expect(() => vault.openDocument('doc-1')).toThrow(/purged/);
  });

  it('refuses transitions the life cycle does not allow, changing nothing', async () => {
    const { vault } = await openLocalVault(scratch());
    cleanups.unshift(() => vault.close());
    vault.enqueueSignedDocument({ id: 'd', tenant: 'bank-a', pdf: pdfWithText('x') });
    expect(() => vault.markSynced('d')).toThrow(InvalidTransitionError);
    expect(() => vault.purgeDocument('d', 'test')).toThrow(InvalidTransitionError);
    expect(() => vault.enqueueSignedDocument({ id: 'd', tenant: 'bank-a', pdf: pdfWithText('again') })).toThrow(/already queued/);
    expect(() => vault.enqueueSignedDocument({ id: 'e', tenant: 'bank-b', pdf: pdfWithText('x') })).toThrow(/tenant 'bank-a'/);
    expect(() => vault.enqueueSignedDocument({ id: 'bad id/../', tenant: 'bank-a', pdf: pdfWithText('x') })).toThrow(VaultInputError);
    expect(() => vault.enqueueSignedDocument({ id: 'f', tenant: 'bank-a', pdf: new Uint8Array() })).toThrow(/empty/);
    expect(vault.document('d')!.state).toBe('queued');
    expect(vault.document('e')).toBeUndefined();
    expect(vault.document('f')).toBeUndefined();
  });

  it('cancel leaves nothing behind: no rows, no keys, no ciphertext', async () => {
    const { vault } = await openLocalVault(scratch());
    cleanups.unshift(() => vault.close());
    vault.startDocument({ id: 'c1', tenant: 'bank-a' });
    vault.cancelDocument('c1');
    vault.enqueueSignedDocument({ id: 'c2', tenant: 'bank-a', pdf: pdfWithText('to cancel'), signerName: 'X', biometricContainer: Buffer.from('bio') });
    vault.cancelDocument('c2');
    expect(rawVaultDatabase(vault).prepare('SELECT COUNT(*) AS n FROM documents').get()).toEqual({ n: 0 });
    expect(rawVaultDatabase(vault).prepare('SELECT COUNT(*) AS n FROM records').get()).toEqual({ n: 0 });
  });

  it('signings abandoned for more than a day are cancelled (audited) when the next one starts; recent ones stay', async () => {
    const { vault } = await openLocalVault(scratch());
    cleanups.unshift(() => vault.close());
    vault.startDocument({ id: 'old', tenant: 'bank-a' });
    vault.startDocument({ id: 'fresh', tenant: 'bank-a' });
    rawVaultDatabase(vault).prepare("UPDATE documents SET updated_at = '2026-01-01T00:00:00.000Z' WHERE id = 'old'").run();
    const seen: string[] = [];
    vault.onTransition((e) => seen.push(`${e.documentId}→${e.to}: ${e.reason}`));
    vault.startDocument({ id: 'next', tenant: 'bank-a' });
    expect(vault.document('old')).toBeUndefined();
    expect(vault.document('fresh')!.state).toBe('in_progress');
    expect(seen[0]).toBe('old→cancelled: abandoned: no signature within 24 h');
  });

  it('an interrupted upload is re-queued at the next start; failures wait for their retry time', async () => {
    const dir = scratch();
    let { vault } = await openLocalVault(dir);
    vault.enqueueSignedDocument({ id: 'u1', tenant: 'bank-a', pdf: pdfWithText('one') });
    vault.enqueueSignedDocument({ id: 'u2', tenant: 'bank-a', pdf: pdfWithText('two') });
    expect(vault.claimForUpload(1).map((d) => d.id)).toEqual(['u1']);
    vault.close();
    ({ vault } = await openLocalVault(dir));
    cleanups.unshift(() => vault.close());
    expect(vault.document('u1')!.state).toBe('queued');
    const [first, second] = vault.claimForUpload(5);
    expect([first.id, second.id]).toEqual(['u1', 'u2']);
    vault.markUploadFailed('u1', 'HTTP 503', new Date(Date.now() + 60_000));
    vault.markUploadFailed('u2', 'HTTP 503', new Date(Date.now() - 1));
    expect(vault.claimForUpload(5).map((d) => d.id)).toEqual(['u2']);
    const status = vault.queueStatus();
    expect(status.counts.queued).toBe(1);
    expect(status.counts.uploading).toBe(1);
    expect(status.failing).toBe(2);
    expect(status.lastError).toBe('HTTP 503');
    expect(status.oldestWaiting!.id).toBe('u1');
  });

  it('retention by storage budget purges the oldest synced first and never an unsynced one', async () => {
    const { vault } = await openLocalVault(scratch());
    cleanups.unshift(() => vault.close());
    for (const id of ['a', 'b', 'c']) vault.enqueueSignedDocument({ id, tenant: 'bank-a', pdf: pdfWithText(id.repeat(1000)) });
    vault.enqueueSignedDocument({ id: 'waiting', tenant: 'bank-a', pdf: pdfWithText('w'.repeat(5000)) });
    for (const d of vault.claimForUpload(3)) vault.markSynced(d.id);
    const per = vault.document('a')!.envelope_bytes!;
    const budget = vault.queueStatus().bytesStored - per; // one document too many
    expect(vault.applyRetention({ retentionDays: 365, budgetBytes: budget })).toEqual(['a']);
    expect(vault.applyRetention({ retentionDays: 365, budgetBytes: 1 })).toEqual(['b', 'c']);
    expect(vault.document('waiting')!.state).toBe('queued');
  });

  it('no plaintext marker (name, document text, metadata) in any file the vault wrote', async () => {
    const dir = scratch();
    const { vault } = await openLocalVault(dir);
    const markers = ['Aušra Žemaitytė-MARKER', 'LOAN-AGREEMENT-TEXT-7731', 'customer-ref-99812', 'x=1234.5 p=0.8712'];
    vault.startDocument({ id: 'm1', tenant: 'bank-a' });
    vault.enqueueSignedDocument({ id: 'm1', tenant: 'bank-a', pdf: pdfWithText(markers[1]), signerName: markers[0], metadata: { reference: markers[2] }, biometricContainer: Buffer.from(markers[3]) });
    vault.sealRecord('audit-entry', 'e1', Buffer.from(`signed by ${markers[0]}`));
    expect(findPlaintextMarkers(dir, markers)).toEqual([]); // while open: WAL and SHM too
    expect(vault.openDocument('m1').signerName).toBe(markers[0]);
    vault.close();
    expect(findPlaintextMarkers(dir, markers)).toEqual([]);
  });

  it('a vault opened under a KMS that is unreachable and has no key yet: status works, sealing says why it cannot', async () => {
    const dir = scratch();
    const offline = {
      name: 'aws-kms' as const,
      keyId: 'arn:aws:kms:eu-north-1:111122223333:key/x',
      generateDataKey: async () => { throw new KeyUnavailableError('KMS unreachable', true); },
      decryptDataKey: async () => { throw new KeyUnavailableError('KMS unreachable', true); },
      checkHealth: async () => ({ ok: false, provider: 'aws-kms' as const, keyId: 'x', detail: 'unreachable' }),
    };
    const vault = await openVault({ dir, tenant: 'bank-a', stationId: 's', keyProvider: offline });
    cleanups.unshift(() => vault.close());
    expect(vault.queueStatus().counts.queued).toBe(0);
    expect(() => vault.enqueueSignedDocument({ id: 'd', tenant: 'bank-a', pdf: pdfWithText('x') })).toThrow(/no key for tenant/);
    expect(vault.document('d')).toBeUndefined();
    expect(documentKinds.pdf).toBe('document-pdf');
  });
});
