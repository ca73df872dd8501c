import { afterAll, describe, expect, it } from 'vitest';
import { findPlaintextMarkers, openLocalVault, pdfWithText, tempDir } from '../../../test/support/vaultFixtures';
import type { Vault } from '../../vault/vault';
import { createSigningRequestInbox } from './signingRequestInbox';
import { describeSigningRequestRepositoryContract } from '../../../test/support/signingRequestRepositoryContract';
import { createVaultSigningRequestRepository } from './vaultSigningRequestRepository';

const opened: { vault: Vault; remove(): void }[] = [];
afterAll(() => {
  for (const o of opened) {
    o.vault.close();
    o.remove();
  }
});

async function freshVault() {
  const dir = tempDir('signing-requests-vault-');
  const { vault } = await openLocalVault(dir.dir);
  opened.push({ vault, remove: dir.remove });
  return { vault, dir: dir.dir };
}

describeSigningRequestRepositoryContract('encrypted vault', async () => createVaultSigningRequestRepository((await freshVault()).vault));

describe('signing requests in the vault', () => {
  it('never writes the document, the signer or the reference to disk in plaintext, and survives a reopen', async () => {
    const { vault, dir } = await freshVault();
    const inbox = createSigningRequestInbox({ repository: createVaultSigningRequestRepository(vault), expiryCheckIntervalMs: 0 });
    const pdf = pdfWithText('LOANCONTRACT-7731');
    const { request } = await inbox.submit({ source: 'api', owner: 'crm-system', document: pdf, documentName: 'loan-Žemaitė.pdf', signerName: 'Ona Žemaitė-Plaintext', externalReference: 'REF-PLAIN-991', idempotencyKey: 'idem-PLAIN-1' });
    const signed = pdfWithText('SIGNEDCOPY-4410');
    await inbox.complete(request.id, signed);
    const markers = ['LOANCONTRACT-7731', 'SIGNEDCOPY-4410', 'Žemaitė', 'REF-PLAIN-991', 'idem-PLAIN-1', 'crm-system'];
    expect(findPlaintextMarkers(dir, markers)).toEqual([]);
    // Another process (or a restart) reads the same request back.
    const again = createVaultSigningRequestRepository(vault);
    expect((await again.get(request.id))?.signerName).toBe('Ona Žemaitė-Plaintext');
    expect((await again.findByIdempotencyKey('crm-system', 'idem-PLAIN-1'))?.id).toBe(request.id);
    expect(Buffer.from((await again.readDocument(request.id, 'signed'))!).equals(signed)).toBe(true);
    inbox.close();
  });

  it('cancelling shreds the document: its vault records are gone', async () => {
    const { vault } = await freshVault();
    const repository = createVaultSigningRequestRepository(vault);
    const inbox = createSigningRequestInbox({ repository, expiryCheckIntervalMs: 0 });
    const { request } = await inbox.submit({ source: 'print', owner: 'frontdesk', document: pdfWithText('CANCELME-1'), documentName: 'x.pdf', signerName: 'Guest' });
    await inbox.cancel(request.id, 'guest left');
    expect(vault.openRecord('signing-request-original', request.id)).toBeUndefined();
    const stored = await repository.get(request.id);
    expect(stored?.status).toBe('cancelled');
    expect(stored?.signerName).toBeUndefined();
    inbox.close();
  });
});
