import { describe, expect, it } from 'vitest';
import type { SigningRequest } from '../../main/integrations/inbox/signingRequest';
import type { SigningRequestRepository } from '../../main/integrations/inbox/signingRequestRepository';

/**
 * What every SigningRequestRepository must do. The in-memory one runs it now; the vault-backed one
 * runs the very same cases, so the inbox can rely on either.
 */
export function describeSigningRequestRepositoryContract(name: string, make: () => Promise<SigningRequestRepository> | SigningRequestRepository) {
  const record = (id: string, extra: Partial<SigningRequest> = {}): SigningRequest => ({
    id, source: 'api', status: 'pending', owner: 'crm', fieldsToSign: ['Sig1'], documentName: 'a.pdf', documentBytes: 3,
    documentSha256: '0'.repeat(64), createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z',
    expiresAt: '2026-01-08T00:00:00.000Z', signerName: 'Ona', ...extra,
  });

  describe(`SigningRequestRepository contract: ${name}`, () => {
    it('stores a record with its original document and gives both back unchanged', async () => {
      const repo = await make();
      await repo.insert(record('r1'), new Uint8Array([1, 2, 3]));
      expect(await repo.get('r1')).toEqual(record('r1'));
      expect([...(await repo.readDocument('r1', 'original'))!]).toEqual([1, 2, 3]);
      expect(await repo.readDocument('r1', 'signed')).toBeUndefined();
      expect(await repo.get('nope')).toBeUndefined();
    });

    it('refuses a second insert with the same id', async () => {
      const repo = await make();
      await repo.insert(record('r1'), new Uint8Array([1]));
      await expect(repo.insert(record('r1'), new Uint8Array([2]))).rejects.toThrow();
      expect([...(await repo.readDocument('r1', 'original'))!]).toEqual([1]);
    });

    it('returns copies: changing a returned record or buffer changes nothing stored', async () => {
      const repo = await make();
      const bytes = new Uint8Array([9, 9]);
      await repo.insert(record('r1'), bytes);
      bytes[0] = 0;
      const got = (await repo.get('r1'))!;
      got.status = 'completed';
      expect((await repo.get('r1'))!.status).toBe('pending');
      expect([...(await repo.readDocument('r1', 'original'))!]).toEqual([9, 9]);
    });

    it('finds by idempotency key within one owner only, and filters lists', async () => {
      const repo = await make();
      await repo.insert(record('r1', { idempotencyKey: 'k' }), new Uint8Array([1]));
      await repo.insert(record('r2', { owner: 'erp', idempotencyKey: 'k', status: 'completed' }), new Uint8Array([1]));
      expect((await repo.findByIdempotencyKey('crm', 'k'))?.id).toBe('r1');
      expect((await repo.findByIdempotencyKey('erp', 'k'))?.id).toBe('r2');
      expect(await repo.findByIdempotencyKey('pms', 'k')).toBeUndefined();
      expect((await repo.list({ status: 'completed' })).map((r) => r.id)).toEqual(['r2']);
      expect((await repo.list({ owner: 'crm' })).map((r) => r.id)).toEqual(['r1']);
      expect((await repo.list()).length).toBe(2);
    });

    it('updates, keeps a signed document, and deletes every document byte on request', async () => {
      const repo = await make();
      await repo.insert(record('r1'), new Uint8Array([1]));
      await repo.putDocument('r1', 'signed', new Uint8Array([7]));
      await repo.update(record('r1', { status: 'completed' }));
      expect((await repo.get('r1'))!.status).toBe('completed');
      expect([...(await repo.readDocument('r1', 'signed'))!]).toEqual([7]);
      await repo.deleteDocuments('r1', ['original']);
      expect(await repo.readDocument('r1', 'original')).toBeUndefined();
      expect([...(await repo.readDocument('r1', 'signed'))!]).toEqual([7]);
      await repo.deleteDocuments('r1');
      expect(await repo.readDocument('r1', 'signed')).toBeUndefined();
      expect(await repo.get('r1')).toBeDefined();
      await expect(repo.update(record('ghost'))).rejects.toThrow();
      await expect(repo.putDocument('ghost', 'signed', new Uint8Array([1]))).rejects.toThrow();
    });
  });
}
