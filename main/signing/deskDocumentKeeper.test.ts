import { describe, expect, it } from 'vitest';
import { createInMemorySigningRequestRepository } from '../integrations/inbox/inMemorySigningRequestRepository';
import { createSigningRequestInbox } from '../integrations/inbox/signingRequestInbox';
import { findPlaintextMarkers, openLocalVault, pdfWithText, tempDir } from '../../test/support/vaultFixtures';
import { CombinedInbox } from './combinedInbox';
import { vaultDeskDocumentKeeper } from './deskDocumentKeeper';
import { readableTitle } from './documentTitle';
import { MemoryInbox } from './memoryInbox';

async function queueOn(dir: string, requests = createSigningRequestInbox({ repository: createInMemorySigningRequestRepository(), expiryCheckIntervalMs: 0 })) {
  const { vault } = await openLocalVault(dir);
  const keeper = vaultDeskDocumentKeeper(vault);
  const inbox = await CombinedInbox.create(new MemoryInbox(keeper), requests, keeper);
  return { vault, inbox, requests };
}

describe('the desk queue across a stopped station (real vault file)', () => {
  it('a desk document on screen comes back, encrypted meanwhile, marked interrupted until prepared again', async () => {
    const tmp = tempDir('desk-keeper-');
    try {
      const pdf = new Uint8Array(pdfWithText('Xqzv-desk-marker'));
      const first = await queueOn(tmp.dir);
      const item = await first.inbox.add({ source: 'file', title: 'Loan Xqzv', pdf, pageCount: 1 });
      const other = await first.requests.submit({ source: 'api', owner: 'crm', document: pdf, documentName: 'lease.pdf' });
      await new Promise((r) => setTimeout(r, 10));
      first.inbox.markInSession(item.id);
      first.inbox.markInSession(other.request.id);
      // No clean shutdown: the vault file is simply left as it is (the process would be gone).
      first.vault.close();
      expect(findPlaintextMarkers(tmp.dir, ['Xqzv', 'desk-marker'])).toEqual([]);

      const second = await queueOn(tmp.dir, first.requests);
      expect(second.inbox.get(item.id)).toMatchObject({ title: 'Loan Xqzv', status: 'waiting', interrupted: true });
      expect(second.inbox.get(other.request.id)).toMatchObject({ status: 'waiting', interrupted: true });
      expect(await second.inbox.pdf(item.id)).toEqual(pdf);
      second.inbox.markInSession(item.id);
      expect(second.inbox.get(item.id)?.interrupted).toBeUndefined();
      second.inbox.release(item.id);
      await second.inbox.cancel(item.id, 'teller: wrong document');
      second.vault.close();

      // Discarded: the next start has neither the document nor the mark.
      const third = await queueOn(tmp.dir, first.requests);
      expect(third.inbox.get(item.id)).toBeUndefined();
      expect(third.inbox.get(other.request.id)?.interrupted).toBeUndefined();
      third.vault.close();
    } finally {
      tmp.remove();
    }
  });

  it('a signed desk document leaves the keeper (the signed copy lives in the vault queue)', async () => {
    const tmp = tempDir('desk-keeper-');
    try {
      const first = await queueOn(tmp.dir);
      const item = await first.inbox.add({ source: 'demo', title: 'Demo', pdf: new Uint8Array(pdfWithText('x')), pageCount: 1 });
      first.inbox.markInSession(item.id);
      await first.inbox.complete(item.id, { documentId: 'signed-1', sha256: 'a'.repeat(64), pdf: new Uint8Array(pdfWithText('y')) });
      first.inbox.syncStateChanged('signed-1', 'synced');
      expect(first.inbox.get(item.id)).toMatchObject({ status: 'signed', syncState: 'synced' });
      first.vault.close();
      const second = await queueOn(tmp.dir);
      expect(second.inbox.list()).toEqual([]);
      second.vault.close();
    } finally {
      tmp.remove();
    }
  });
});

describe('document titles the teller can read', () => {
  it("uses the PDF's own title, else a readable file name", () => {
    expect(readableTitle(undefined, 'pdflib_us_constitution.pdf')).toBe('Pdflib us constitution');
    expect(readableTitle('The Constitution of the United States', 'pdflib_us_constitution.pdf')).toBe('The Constitution of the United States');
    expect(readableTitle('Microsoft Word - lease_v3.docx', 'lease_v3.pdf')).toBe('Lease v3');
    expect(readableTitle('  ', 'C:\\scans\\Lease-2026.pdf')).toBe('Lease-2026');
  });
});
