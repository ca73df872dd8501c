import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../cli/cliCommand';
import { runCli } from '../cli/main';
import { loadStationConfig } from '../config/loadStationConfig';
import { openStationVault } from '../vault/openStationVault';
import { tempDir } from '../../test/support/vaultFixtures';
import { auditHeadFileName } from './auditHeadAnchor';
import { createAuditTrail } from './auditTrail';

/**
 * A cut-off audit tail caught without S3: a real station vault file, the real
 * `station audit verify`, and the attack exactly as the review did it — the sqlite3 command-line
 * tool deleting the last entries (and checkpoints), no keys needed.
 */
const tmp = tempDir('audit-head-');
const original = join(tmp.dir, 'original');
const quiet = { info() {}, warn() {} };

const envFor = (storage: string): NodeJS.ProcessEnv => ({
  PATH: process.env.PATH, HOME: tmp.dir,
  STATION_CONFIG: join(tmp.dir, 'no-such-config.json'), STATION_STORAGE_DIR: storage,
  STATION_STATION_TENANT: 'bank-a', STATION_STATION_ID: 'teller-3',
});

async function cli(storage: string, ...argv: string[]) {
  let out = '';
  let err = '';
  const io: CliIo = { stdout: (t) => void (out += t), stderr: (t) => void (err += t), env: envFor(storage), cwd: tmp.dir };
  return { code: await runCli(argv, io), out, err };
}
const sup = ['--user', 'sup', '--secret-file', join(tmp.dir, 'sup.secret')];
const verify = (storage: string) => cli(storage, 'audit', 'verify', ...sup);
const sqlite3 = (storage: string, sql: string) => execFileSync('sqlite3', [join(storage, 'vault.sqlite'), sql], { encoding: 'utf8' });

/** A copy of the station's storage folder (vault, head file, keys) for one attack. */
let copies = 0;
function copy(): string {
  const dir = join(tmp.dir, `attack-${++copies}`);
  cpSync(original, dir, { recursive: true });
  return dir;
}

beforeAll(async () => {
  writeFileSync(join(tmp.dir, 'admin.secret'), 'admin secret 123\n');
  writeFileSync(join(tmp.dir, 'sup.secret'), 'supervisor secret 1\n');
  expect((await cli(original, 'user', 'add', '--username', 'admin', '--role', 'administrator', '--new-secret-file', join(tmp.dir, 'admin.secret'))).code).toBe(0);
  expect((await cli(original, 'user', 'add', '--username', 'sup', '--role', 'supervisor', '--new-secret-file', join(tmp.dir, 'sup.secret'), '--user', 'admin', '--secret-file', join(tmp.dir, 'admin.secret'))).code).toBe(0);
  const vault = await openStationVault(loadStationConfig({ env: envFor(original) }).config);
  try {
    const audit = createAuditTrail(vault, { log: quiet, checkpointEvery: 10 });
    for (let i = 0; i < 40; i++) audit.append({ actor: 'anna', action: 'document.viewed', recordId: `doc-${i}`, from: 'desk-1' });
  } finally {
    vault.close();
  }
  expect((await cli(original, 'audit', 'checkpoint', ...sup)).code).toBe(0);
  for (let i = 0; i < 5; i++) expect((await verify(original)).code).toBe(0); // a few more entries after the last checkpoint
});
afterAll(() => tmp.remove());

const lastSeq = (storage: string) => Number(sqlite3(storage, 'SELECT MAX(seq) FROM audit_entries').trim());
const lastCheckpoint = (storage: string) => Number(sqlite3(storage, 'SELECT MAX(seq) FROM audit_checkpoints').trim());

describe('station audit verify with the signed head beside the vault', () => {
  it('the untouched trail verifies, the head file sits beside vault.sqlite and names the last entry', async () => {
    const r = await verify(original);
    expect(r.out).toMatch(/^audit trail OK: .*the signed head \(entry \d+\) matches/);
    expect(r.code).toBe(0);
    const head = JSON.parse(readFileSync(join(original, auditHeadFileName), 'utf8'));
    // The verify run itself appended its sign-in: the head is the last committed entry.
    expect(head).toMatchObject({ format: 'signing-station/audit/1/head', tenant: 'bank-a', stationId: 'teller-3', seq: lastSeq(original), since: 1 });
    expect(head.seq).toBeGreaterThan(lastCheckpoint(original));
  });

  it('catches the last entries cut with sqlite3 (after the last checkpoint, where the chain alone sees nothing)', async () => {
    const dir = copy();
    const end = lastSeq(dir);
    const keep = lastCheckpoint(dir) + 1;
    sqlite3(dir, `DELETE FROM audit_entries WHERE seq > ${keep}`);
    const r = await verify(dir);
    expect(r.code).toBe(1);
    // The verify's own sign-in became entry keep+1 again; what was cut is beyond it.
    expect(r.out).toMatch(new RegExp(`^AUDIT TRAIL BROKEN at entry ${keep + 2} \\(truncated\\): entries ${keep + 2}–${end} were removed: the signed head \\(audit-head\\.json, [^)]+\\) says the trail reached entry ${end}, it ends at ${keep + 1}`));
  });

  it('catches entries and checkpoints cut together, and a cut checkpoint tail alone', async () => {
    const both = copy();
    sqlite3(both, 'DELETE FROM audit_entries WHERE seq > 12; DELETE FROM audit_checkpoints WHERE seq > 12;');
    const r = await verify(both);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/AUDIT TRAIL BROKEN at entry 14 \(truncated\): entries 14–\d+ were removed: the signed head/);

    const checkpoints = copy();
    const last = lastCheckpoint(checkpoints);
    sqlite3(checkpoints, 'DELETE FROM audit_checkpoints WHERE seq > 20');
    const c = await verify(checkpoints);
    expect(c.code).toBe(1);
    expect(c.out).toMatch(new RegExp(`\\(checkpoint\\): signed checkpoints were removed: the signed head names a checkpoint at entry ${last}, the last one present is at entry 20`));
  });

  it('catches a cut tail that was then written again (re-appended entries do not match the signed head)', async () => {
    const dir = copy();
    const end = lastSeq(dir);
    sqlite3(dir, `DELETE FROM audit_entries WHERE seq > ${end - 3}`);
    for (let i = 0; i < 4; i++) await verify(dir); // four sign-ins refill the numbers past the old end
    const r = await verify(dir);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(new RegExp(`AUDIT TRAIL BROKEN at entry ${end} \\(checkpoint\\): entry ${end} does not match the signed head`));
  });

  it('refuses a head file that was removed, edited by hand, or re-signed with a key of one\'s own', async () => {
    const removed = copy();
    sqlite3(removed, 'DELETE FROM audit_entries WHERE seq > 45');
    rmSync(join(removed, auditHeadFileName));
    const r = await verify(removed);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/AUDIT TRAIL BROKEN \(head\): the audit head file .*audit-head\.json is missing: the end of the trail cannot be checked/);
    expect(existsSync(join(removed, auditHeadFileName))).toBe(false); // not started afresh

    const edited = copy();
    sqlite3(edited, 'DELETE FROM audit_entries WHERE seq > 45');
    const file = join(edited, auditHeadFileName);
    const head = JSON.parse(readFileSync(file, 'utf8'));
    const hash = sqlite3(edited, 'SELECT entry_hash FROM audit_entries WHERE seq = 45').trim();
    writeFileSync(file, JSON.stringify({ ...head, seq: 45, entryHash: hash }));
    const e = await verify(edited);
    expect(e.code).toBe(1);
    expect(e.out).toMatch(/\(head\): the audit head file .* does not verify/);

    const resigned = copy();
    sqlite3(resigned, 'DELETE FROM audit_entries WHERE seq > 45');
    const { generateKeyPairSync, sign } = await import('node:crypto');
    const { keyIdOf } = await import('./auditTrail');
    const mine = generateKeyPairSync('ed25519');
    const rfile = join(resigned, auditHeadFileName);
    const rhead = JSON.parse(readFileSync(rfile, 'utf8'));
    // A head that agrees with the cut trail, signed with the attacker's own key (which verifies by itself).
    const fields = { ...rhead, seq: 45, entryHash: sqlite3(resigned, 'SELECT entry_hash FROM audit_entries WHERE seq = 45').trim() };
    const message = Buffer.from(JSON.stringify([fields.format, fields.tenant, fields.stationId, fields.seq, fields.entryHash, fields.checkpointSeq, fields.since, fields.at]), 'utf8');
    writeFileSync(rfile, JSON.stringify({
      ...fields, keyId: keyIdOf(mine.publicKey), publicKeyPem: mine.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      signature: sign(null, message, mine.privateKey).toString('base64'),
    }));
    const s = await verify(resigned);
    expect(s.code).toBe(1);
    expect(s.out).toMatch(/\(head\): the audit head file is signed by key [0-9a-f]{32}, not by this station's audit key [0-9a-f]{32}/);
  });

  it('what remains: someone who controls the whole disk rolls back the vault and the head file together (only --against-archive tells)', async () => {
    const before = copy(); // a snapshot of both files…
    for (let i = 0; i < 3; i++) await verify(original); // …the trail grows…
    cpSync(join(before, 'vault.sqlite'), join(original, 'vault.sqlite'));
    for (const side of ['-wal', '-shm']) rmSync(join(original, `vault.sqlite${side}`), { force: true });
    for (const side of ['-wal', '-shm']) if (existsSync(join(before, `vault.sqlite${side}`))) cpSync(join(before, `vault.sqlite${side}`), join(original, `vault.sqlite${side}`));
    cpSync(join(before, auditHeadFileName), join(original, auditHeadFileName)); // …and both are put back together.
    expect((await verify(original)).code).toBe(0);
  });
});
