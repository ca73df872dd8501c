import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { radosgwAvailable } from '../../test/support/radosgw';
import { freshBucket, type TestS3 } from '../../test/support/syncFixtures';
import { openLocalVault, tempDir } from '../../test/support/vaultFixtures';
import type { Vault } from '../vault/vault';
import { fetchArchivedCheckpoints, uploadAuditCheckpoints } from './auditCheckpointArchive';
import { auditHeadFileName } from './auditHeadAnchor';
import { createAuditTrail, entryHash, type AuditEntryRow, type AuditTrail } from './auditTrail';
import { rawVaultDatabase } from '../../test/support/rawVaultDatabase';

const missing = process.env.STATION_TEST_S3_ENDPOINT ? undefined : radosgwAvailable();
const quiet = { info() {}, warn() {} };

describe.skipIf(missing)(`audit checkpoints in the S3 archive (radosgw)${missing ? ` — skipped: ${missing}` : ''}`, () => {
  let s3: TestS3;
  let tmp: ReturnType<typeof tempDir>;
  let vault: Vault;
  let audit: AuditTrail;

  beforeAll(async () => {
    s3 = await freshBucket();
    tmp = tempDir('audit-archive-');
    ({ vault } = await openLocalVault(tmp.dir));
    audit = createAuditTrail(vault, { log: quiet, checkpointEvery: 10 });
    for (let i = 0; i < 25; i++) audit.append({ actor: 'anna', action: 'sign-in', from: 'desk-1' });
    // Checkpoints at 10 and 20, and the head (25) signed before upload.
    expect(await uploadAuditCheckpoints(audit, s3.client, s3.bucket)).toBe(3);
    expect(await uploadAuditCheckpoints(audit, s3.client, s3.bucket)).toBe(0);
  });
  afterAll(() => {
    vault?.close();
    tmp?.remove();
  });

  it('archives each checkpoint once, and the archived ones verify against the trail', async () => {
    expect(await s3.list()).toEqual([10, 20, 25].map((n) => `bank-a/audit/station-7/checkpoint-${String(n).padStart(12, '0')}.json`));
    const archived = await fetchArchivedCheckpoints(s3.client, s3.bucket, 'bank-a', 'station-7');
    expect(audit.verify({ archived })).toMatchObject({ ok: true, reason: expect.stringMatching(/3 archived checkpoints match/) });
  });

  it('catches a local rewrite that also replaced the local checkpoints and key, and a cut tail', async () => {
    const archived = await fetchArchivedCheckpoints(s3.client, s3.bucket, 'bank-a', 'station-7');
    const db = rawVaultDatabase(vault);
    // The attacker edits entry 13, recomputes every later hash and deletes the local checkpoints and key.
    const rows = db.prepare('SELECT * FROM audit_entries WHERE seq >= 13 ORDER BY seq').all() as AuditEntryRow[];
    let prev = (db.prepare('SELECT entry_hash FROM audit_entries WHERE seq = 12').get() as { entry_hash: string }).entry_hash;
    for (const r of rows) {
      const actor = r.seq === 13 ? 'nobody' : r.actor;
      const h = entryHash({ ...r, actor, prev_hash: prev });
      db.prepare('UPDATE audit_entries SET actor = ?, prev_hash = ?, entry_hash = ? WHERE seq = ?').run(actor, prev, h, r.seq);
      prev = h;
    }
    db.exec('DELETE FROM audit_checkpoints; DELETE FROM audit_keys');
    // The signed head beside the vault (audit-head.json) still names entry 25's old hash…
    expect(audit.verify()).toMatchObject({ ok: false, brokenAt: 25, problem: 'checkpoint' });
    // …so this attacker, who controls the whole disk, also removes it and the vault's note of it.
    rmSync(join(vault.dir, auditHeadFileName));
    db.exec('DELETE FROM audit_head_anchor');
    expect(audit.verify().ok).toBe(true); // locally undetectable…
    expect(audit.verify({ archived })).toMatchObject({ ok: false, brokenAt: 20, problem: 'checkpoint' }); // …but not against the archive.
    db.exec('DELETE FROM audit_entries WHERE seq > 22');
    expect(audit.verify({ archived: archived.filter((c) => c.seq !== 20) })).toMatchObject({ ok: false, brokenAt: 23, problem: 'truncated' });
    // A forged archived checkpoint is refused.
    expect(audit.verify({ archived: [{ ...archived[0], entryHash: 'f'.repeat(64) }] })).toMatchObject({ ok: false, brokenAt: 10, problem: 'signature' });
  });
});
