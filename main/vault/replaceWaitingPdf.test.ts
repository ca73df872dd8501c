import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Vault } from './vault';
import { openLocalVault, pdfWithText, tempDir } from '../../test/support/vaultFixtures';

/** The sync's long-term step replaces a waiting document's PDF by its extended version, and only that. */
describe('vault.replaceWaitingPdf', () => {
  let vault: Vault;
  let remove: () => void;
  afterEach(() => {
    vault?.close();
    remove?.();
  });

  it('replaces a queued PDF (same key, new checksum) and refuses once the document is archived', async () => {
    const t = tempDir();
    remove = t.remove;
    ({ vault } = await openLocalVault(t.dir));
    vault.enqueueSignedDocument({ id: 'doc-1', tenant: 'bank-a', pdf: pdfWithText('desk B-B'), signedAt: '2026-11-20T09:30:00Z' });
    const before = vault.document('doc-1')!;
    const extended = Buffer.concat([pdfWithText('desk B-B'), Buffer.from('\n% an incremental update with a DSS\n')]);
    const after = vault.replaceWaitingPdf('doc-1', extended);
    expect(after).toMatchObject({ state: 'queued', object_key: before.object_key, pdf_bytes: extended.length });
    expect(after.envelope_sha256).not.toBe(before.envelope_sha256);
    expect(vault.openDocument('doc-1').pdf.equals(extended)).toBe(true);
    const payload = vault.archiveParts('doc-1');
    expect(createHash('sha256').update(payload.envelope).digest('hex')).toBe(after.envelope_sha256);
    vault.claimForUpload(1);
    vault.markSynced('doc-1');
    expect(() => vault.replaceWaitingPdf('doc-1', extended)).toThrow(/is synced: only a document not yet archived can be replaced/);
    expect(() => vault.replaceWaitingPdf('nope', extended)).toThrow();
  });
});
