import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findPlaintextMarkers, openLocalVault, pdfWithText, tempDir } from '../../test/support/vaultFixtures';
import type { Vault } from '../vault/vault';
import { createAuditTrail, entryHash, type AuditEntryRow, type AuditTrail } from './auditTrail';
import { rawVaultDatabase } from '../../test/support/rawVaultDatabase';

const quiet = { info() {}, warn() {} };

describe('audit trail: hash chain and signed checkpoints in the real vault', () => {
  let tmp: ReturnType<typeof tempDir>;
  let vault: Vault;
  let audit: AuditTrail;

  beforeEach(async () => {
    tmp = tempDir('audit-');
    ({ vault } = await openLocalVault(tmp.dir));
    audit = createAuditTrail(vault, { log: quiet, checkpointEvery: 100 });
    // One transaction for the setup (each append is otherwise its own durable commit).
    vault.transaction(() => {
      for (let i = 1; i <= 250; i++) {
        audit.append(i % 10 === 7
          ? { actor: 'anna.k', action: 'document.viewed', recordId: `doc-${i}`, subject: `Customer Zqxw${i}`, from: 'desk-3', details: { reason: 'reprint' } }
          : { actor: 'anna.k', action: 'sign-in', from: 'desk-3' });
      }
    });
  });
  afterEach(() => {
    vault.close();
    tmp.remove();
  });

  const db = () => rawVaultDatabase(vault);

  it('an untouched trail verifies, with a signed checkpoint every 100 entries', () => {
    const v = audit.verify();
    expect(v).toMatchObject({ ok: true, entries: 250, checkpoints: 2 });
    expect(v.brokenAt).toBeUndefined();
    audit.checkpoint();
    expect(audit.verify()).toMatchObject({ ok: true, checkpoints: 3 });
  });

  it('an edited entry is pinpointed', () => {
    db().prepare("UPDATE audit_entries SET actor = 'mallory' WHERE seq = 142").run();
    expect(audit.verify()).toMatchObject({ ok: false, brokenAt: 142, problem: 'edited' });
  });

  it('a deleted entry is pinpointed', () => {
    db().prepare('DELETE FROM audit_entries WHERE seq = 142').run();
    expect(audit.verify()).toMatchObject({ ok: false, brokenAt: 142, problem: 'deleted' });
  });

  it('a deleted entry is pinpointed even when the later ones are renumbered to close the gap', () => {
    db().prepare('DELETE FROM audit_entries WHERE seq = 142').run();
    db().prepare('UPDATE audit_entries SET seq = -seq WHERE seq > 142').run();
    db().prepare('UPDATE audit_entries SET seq = -seq - 1 WHERE seq < 0').run();
    expect(audit.verify()).toMatchObject({ ok: false, brokenAt: 142, problem: 'deleted' });
  });

  it('two swapped entries are pinpointed as reordered', () => {
    db().prepare('UPDATE audit_entries SET seq = -1 WHERE seq = 142').run();
    db().prepare('UPDATE audit_entries SET seq = 142 WHERE seq = 143').run();
    db().prepare('UPDATE audit_entries SET seq = 143 WHERE seq = -1').run();
    const v = audit.verify();
    expect(v).toMatchObject({ ok: false, brokenAt: 142, problem: 'reordered' });
    expect(v.reason).toMatch(/written as entry 143/);
  });

  it('a rewrite that recomputes every later hash is caught by the signed checkpoint', () => {
    const rows = db().prepare('SELECT * FROM audit_entries WHERE seq >= 142 ORDER BY seq').all() as AuditEntryRow[];
    let prev = (db().prepare('SELECT entry_hash FROM audit_entries WHERE seq = 141').get() as { entry_hash: string }).entry_hash;
    const update = db().prepare('UPDATE audit_entries SET actor = ?, prev_hash = ?, entry_hash = ? WHERE seq = ?');
    for (const r of rows) {
      const actor = r.seq === 142 ? 'mallory' : r.actor;
      const h = entryHash({ ...r, actor, prev_hash: prev });
      update.run(actor, prev, h, r.seq);
      prev = h;
    }
    const v = audit.verify();
    expect(v).toMatchObject({ ok: false, brokenAt: 101, problem: 'checkpoint' });
    expect(v.reason).toMatch(/entries 101–200 were rewritten/);
  });

  it('a cut-off tail is caught by a checkpoint beyond the end', () => {
    db().prepare('DELETE FROM audit_entries WHERE seq > 180').run();
    expect(audit.verify()).toMatchObject({ ok: false, brokenAt: 181, problem: 'truncated' });
  });

  it('a forged checkpoint signature or an untrusted key is refused', () => {
    db().prepare("UPDATE audit_checkpoints SET at = '2020-01-01T00:00:00.000Z' WHERE seq = 100").run();
    expect(audit.verify()).toMatchObject({ ok: false, brokenAt: 100, problem: 'signature' });
    db().prepare("UPDATE audit_checkpoints SET at = (SELECT at FROM audit_checkpoints WHERE seq = 200) WHERE seq = 100").run();
    expect(audit.verify({ trustedKeys: ['someone-else'] })).toMatchObject({ ok: false, problem: 'signature' });
  });

  it('a replaced or removed encrypted payload is caught; one removed by an erasure is accepted', () => {
    const other = db().prepare("SELECT sealed FROM records WHERE kind = 'audit-payload' AND id = 'audit-17'").get() as { sealed: Buffer };
    db().prepare("UPDATE records SET sealed = ? WHERE kind = 'audit-payload' AND id = 'audit-7'").run(other.sealed);
    expect(audit.verify()).toMatchObject({ ok: false, brokenAt: 7, problem: 'payload' });
    db().prepare("DELETE FROM records WHERE kind = 'audit-payload' AND id = 'audit-7'").run();
    expect(audit.verify()).toMatchObject({ ok: false, brokenAt: 7, problem: 'payload' });
    const erasure = audit.append({ actor: 'sup', action: 'gdpr.erased', from: 'cli' });
    vault.transaction(() => audit.erasePayloads([7, 17], erasure.seq));
    expect(audit.verify()).toMatchObject({ ok: true, erasedPayloads: 2 });
    expect(audit.openPayload(17)).toBe('erased');
  });

  it('keeps personal data encrypted: no subject in clear in the database, its WAL or any file', () => {
    expect(audit.openPayload(7)).toEqual({ subject: 'Customer Zqxw7', details: { reason: 'reprint' } });
    expect(audit.entries({ subjectTag: audit.subjectTag('  customer   ZQXW7 ') }).map((e) => e.seq)).toEqual([7]);
    expect(findPlaintextMarkers(tmp.dir, ['Zqxw7', 'Zqxw247', 'reprint'])).toEqual([]);
  });

  it('refuses malformed entries with a clear error and writes nothing', () => {
    expect(() => audit.append({ actor: '', action: 'x', from: 'desk' })).toThrow(/actor/);
    expect(() => audit.append({ actor: 'a', action: 'x', from: 'desk', recordId: 'Jane Doe' })).toThrow(/recordId/);
    expect(() => audit.append(null as never)).toThrow(/object/);
    expect(audit.verify()).toMatchObject({ ok: true, entries: 250 });
  });

  it('follows the vault: each document transition is an entry written in the same transaction', () => {
    const stop = audit.followVault();
    vault.startDocument({ id: 'doc-a', tenant: 'bank-a' });
    vault.enqueueSignedDocument({ id: 'doc-a', tenant: 'bank-a', pdf: pdfWithText('hello'), signerName: 'Jane Zqxw' });
    vault.cancelDocument('doc-a');
    stop();
    expect(audit.entries({ recordId: 'doc-a' }).map((e) => e.action)).toEqual(['document.in_progress', 'document.signed', 'document.queued', 'document.cancelled']);
    expect(audit.verify().ok).toBe(true);
  });

  it('offers unsent checkpoints as self-contained S3 objects', () => {
    const pending = audit.pendingCheckpoints();
    expect(pending.map((p) => p.key)).toEqual(['bank-a/audit/station-7/checkpoint-000000000100.json', 'bank-a/audit/station-7/checkpoint-000000000200.json']);
    expect(JSON.parse(pending[0].body.toString())).toMatchObject({ seq: 100, publicKeyPem: expect.stringContaining('PUBLIC KEY') });
    audit.markCheckpointUploaded(100);
    expect(audit.pendingCheckpoints().map((p) => p.seq)).toEqual([200]);
  });
});
