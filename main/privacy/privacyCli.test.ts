import Database from 'better-sqlite3';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../cli/cliCommand';
import { runCli } from '../cli/main';
import { loadStationConfig } from '../config/loadStationConfig';
import { openStationVault } from '../vault/openStationVault';
import { pdfWithText, tempDir } from '../../test/support/vaultFixtures';
import { createAuditTrail } from './auditTrail';

/** The privacy and account commands end to end through runCli, on a real vault file. */
const tmp = tempDir('privacy-cli-');
const env: NodeJS.ProcessEnv = {
  PATH: process.env.PATH,
  HOME: tmp.dir,
  STATION_CONFIG: join(tmp.dir, 'no-such-config.json'),
  STATION_STORAGE_DIR: join(tmp.dir, 'data'),
  STATION_STATION_TENANT: 'bank-a',
  STATION_STATION_ID: 'teller-3',
  STATION_PRIVACY_RETENTION_BY_DOCUMENT_TYPE: 'loan=3650',
};
const secrets = {
  admin: 'admin secret 123',
  sup: 'supervisor secret 1',
  anna: '482913',
};
for (const [name, secret] of Object.entries(secrets)) writeFileSync(join(tmp.dir, `${name}.secret`), secret + '\n');
writeFileSync(join(tmp.dir, 'wrong.secret'), 'not it at all\n');

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { stdout: (t) => (out += t), stderr: (t) => (err += t), env, cwd: tmp.dir };
  return { code: await runCli(argv, io), out, err };
}
const as = (user: keyof typeof secrets) => ['--user', user, '--secret-file', join(tmp.dir, `${user}.secret`)];

beforeAll(async () => {
  expect((await cli('user', 'add', '--username', 'admin', '--role', 'administrator', '--new-secret-file', join(tmp.dir, 'admin.secret'))).code).toBe(0);
  expect((await cli('user', 'add', '--username', 'sup', '--role', 'supervisor', '--new-secret-file', join(tmp.dir, 'sup.secret'), ...as('admin'))).code).toBe(0);
  expect((await cli('user', 'add', '--username', 'anna', '--role', 'teller', '--pin', '--new-secret-file', join(tmp.dir, 'anna.secret'), ...as('admin'))).code).toBe(0);
  const { config } = loadStationConfig({ env });
  const vault = await openStationVault(config);
  const audit = createAuditTrail(vault, { log: { info() {}, warn() {} } });
  audit.followVault();
  vault.enqueueSignedDocument({ id: 'doc-1', tenant: 'bank-a', pdf: pdfWithText('Contract of Zqxw Person'), signerName: 'Zqxw Person', metadata: { documentType: 'loan' } });
  audit.append({ actor: 'anna', action: 'document.shown', recordId: 'doc-1', subject: 'Zqxw Person', from: 'desk-3' });
  vault.enqueueSignedDocument({ id: 'doc-2', tenant: 'bank-a', pdf: pdfWithText('Contract of Other'), signerName: 'Other Person' });
  vault.close();
});
afterAll(() => tmp.remove());

describe('station privacy commands', () => {
  it('refuses each role what it may not do, with exit code 77 and one line', async () => {
    const refusals: [string[], keyof typeof secrets][] = [
      [['audit', 'verify'], 'anna'],
      [['audit', 'export', '--from', '2020-01-01', '--to', '2100-01-01', '--out', join(tmp.dir, 'x.json')], 'anna'],
      [['gdpr', 'erase', '--subject', 'Zqxw Person'], 'anna'],
      [['gdpr', 'erase', '--subject', 'Zqxw Person'], 'admin'],
      [['gdpr', 'export', '--subject', 'Zqxw Person', '--out', join(tmp.dir, 'exp')], 'admin'],
      [['privacy', 'records'], 'anna'],
      [['privacy', 'purge'], 'anna'],
      [['privacy', 'hold', '--document', 'doc-1'], 'admin'],
      [['user', 'list'], 'sup'],
      [['user', 'disable', '--username', 'anna'], 'sup'],
      [['user', 'add', '--username', 'eve', '--role', 'administrator', '--new-secret-file', join(tmp.dir, 'admin.secret')], 'sup'],
    ];
    for (const [argv, user] of refusals) {
      const r = await cli(...argv, ...as(user));
      expect({ argv, code: r.code, err: r.err }).toMatchObject({ code: 77, err: expect.stringMatching(/refused: a (teller|supervisor|administrator) may not/) });
    }
    expect(existsSync(join(tmp.dir, 'x.json'))).toBe(false);
    // Without signing in, and with a wrong secret: refused too.
    expect((await cli('audit', 'verify')).code).toBe(2);
    expect(await cli('audit', 'verify', '--user', 'sup', '--secret-file', join(tmp.dir, 'wrong.secret'))).toMatchObject({ code: 77, err: expect.stringMatching(/sign-in refused/) });
    // A second "first administrator" is refused once accounts exist.
    expect((await cli('user', 'add', '--username', 'eve', '--role', 'administrator', '--new-secret-file', join(tmp.dir, 'admin.secret'))).code).toBe(77);
  });

  it('puts a document under legal hold (supervisors only) and purges by the retention policy', async () => {
    expect((await cli('privacy', 'hold', '--document', 'doc-2', ...as('anna'))).code).toBe(77);
    // doc-2 is only queued: a hold applies to synced documents, and the refusal says why.
    expect(await cli('privacy', 'hold', '--document', 'doc-2', ...as('sup'))).toMatchObject({ code: 2, err: expect.stringMatching(/queued; it cannot become kept/) });
    expect(await cli('privacy', 'hold', '--document', 'nope', ...as('sup'))).toMatchObject({ code: 2, err: expect.stringMatching(/no document/) });
    expect(await cli('privacy', 'purge', '--json', ...as('admin'))).toMatchObject({ code: 0, out: expect.stringMatching(/"purged": \[\]/) });
    // A synced document: held, released.
    const { config } = loadStationConfig({ env });
    const vault = await openStationVault(config);
    vault.enqueueSignedDocument({ id: 'doc-3', tenant: 'bank-a', pdf: pdfWithText('third'), signerName: 'Third Person' });
    for (const d of vault.claimForUpload(10)) {
      if (d.id === 'doc-3') vault.markSynced(d.id);
      else vault.markUploadFailed(d.id, 'test: not uploaded', new Date(0));
    }
    vault.close();
    expect(await cli('privacy', 'hold', '--document', 'doc-3', '--reason', 'court order 17', ...as('sup'))).toMatchObject({ code: 0, out: 'document doc-3 is now kept\n' });
    expect(await cli('privacy', 'hold', '--document', 'doc-3', '--release', ...as('sup'))).toMatchObject({ code: 0, out: 'document doc-3 is now synced\n' });
  });

  it('lists accounts for the administrator', async () => {
    const r = await cli('user', 'list', '--json', ...as('admin'));
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).map((a: { username: string; role: string }) => `${a.username}:${a.role}`)).toEqual(['admin:administrator', 'anna:teller', 'sup:supervisor']);
  });

  it('writes the records of processing from the live configuration', async () => {
    const r = await cli('privacy', 'records', ...as('sup'));
    expect(r.code).toBe(0);
    expect(r.out).toContain(join(tmp.dir, 'data', 'vault.sqlite'));
    expect(r.out).toContain('loan: 3650 days after upload');
    expect(r.out).toContain('local key provider');
    expect(r.out).toMatch(/Tenant key v1: local/);
    expect(r.out).toMatch(/\| gdpr.erase \| — \| yes \| — \|/);
  });

  it('exports a subject and a period, erases a subject, and the trail then still verifies', async () => {
    const exp = await cli('gdpr', 'export', '--subject', 'zqxw person', '--out', join(tmp.dir, 'export'), ...as('sup'));
    expect(exp).toMatchObject({ code: 0, out: expect.stringMatching(/1 documents \(1 PDFs\)/) });
    expect(readFileSync(join(tmp.dir, 'export', 'documents', 'doc-1.pdf'), 'latin1')).toContain('Zqxw Person');

    const dry = await cli('gdpr', 'erase', '--subject', 'Zqxw Person', '--dry-run', ...as('sup'));
    expect(dry).toMatchObject({ code: 0, out: expect.stringMatching(/Would erase 1 documents: doc-1/) });
    const erase = await cli('gdpr', 'erase', '--subject', 'Zqxw Person', '--json', ...as('sup'));
    expect(erase.code).toBe(0);
    // Two entries named the subject: the teller's 'shown' and the supervisor's export.
    expect(JSON.parse(erase.out)).toMatchObject({ erased: [{ documentId: 'doc-1', local: 'deleted' }], auditPayloadsErased: 2 });

    const out = join(tmp.dir, 'period.json');
    const period = await cli('audit', 'export', '--from', '2020-01-01', '--to', '2100-01-01', '--out', out, ...as('admin'));
    expect(period.code).toBe(0);
    const json = JSON.parse(readFileSync(out, 'utf8'));
    expect(json.verification.ok).toBe(true);
    expect(json.entries.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['user.added', 'sign-in', 'sign-in.refused', 'gdpr.exported', 'gdpr.erased', 'document.cancelled']));
    expect(json.signIns).toEqual(expect.arrayContaining([{ actor: 'sup', from: 'cli', succeeded: expect.any(Number), refused: 1, throttled: 0 }]));
    expect(JSON.stringify(json)).not.toContain('Zqxw');
    expect(await cli('audit', 'verify', ...as('sup'))).toMatchObject({ code: 0, out: expect.stringMatching(/^audit trail OK/) });
  });

  it('audit verify points at an entry edited, deleted or reordered directly in SQLite', async () => {
    const file = join(tmp.dir, 'data', 'vault.sqlite');
    const tamper = (sql: string) => {
      const db = new Database(file);
      db.exec(sql);
      db.close();
    };
    tamper("UPDATE audit_entries SET actor = 'mallory' WHERE seq = 4");
    expect(await cli('audit', 'verify', ...as('sup'))).toMatchObject({ code: 1, out: expect.stringMatching(/BROKEN at entry 4 \(edited\)/) });
    tamper("UPDATE audit_entries SET actor = 'admin' WHERE seq = 4");
    expect((await cli('audit', 'verify', ...as('sup'))).code).toBe(0);
    tamper('UPDATE audit_entries SET seq = -1 WHERE seq = 5; UPDATE audit_entries SET seq = 5 WHERE seq = 6; UPDATE audit_entries SET seq = 6 WHERE seq = -1');
    expect(await cli('audit', 'verify', '--json', ...as('sup'))).toMatchObject({ code: 1, out: expect.stringMatching(/"brokenAt": 5,\s+"problem": "reordered"/) });
    tamper('UPDATE audit_entries SET seq = -1 WHERE seq = 5; UPDATE audit_entries SET seq = 5 WHERE seq = 6; UPDATE audit_entries SET seq = 6 WHERE seq = -1; DELETE FROM audit_entries WHERE seq = 3');
    expect(await cli('audit', 'verify', ...as('sup'))).toMatchObject({ code: 1, out: expect.stringMatching(/BROKEN at entry 3 \(deleted\)/) });
  });
});
