import { createHash } from 'node:crypto';
import type { Vault } from '../../vault/vault';
import type { SigningRequest } from './signingRequest';
import type { DocumentKind, SigningRequestRepository } from './signingRequestRepository';

/**
 * Signing requests in the station's encrypted vault (table from migration 200). Every byte of a
 * document and every personal field is a sealed vault record; deleting documents destroys their
 * data keys (crypto-shredding) before the rows go, so a cancelled request leaves nothing readable,
 * not even in the WAL.
 */
const recordKind = 'signing-request';
const documentKind: Record<DocumentKind, string> = { original: 'signing-request-original', signed: 'signing-request-signed' };

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const aadFor = (id: string) => new TextEncoder().encode(`signing-request:${id}`);

interface Row {
  id: string;
}

export function createVaultSigningRequestRepository(vault: Vault): SigningRequestRepository {
  const db = vault.sql;
  const insertRow = db.prepare(`INSERT INTO signing_requests (id, owner_sha256, status, idempotency_sha256, created_at, updated_at, expires_at)
    VALUES (@id, @owner, @status, @idem, @createdAt, @updatedAt, @expiresAt)`);
  const updateRow = db.prepare('UPDATE signing_requests SET status = @status, updated_at = @updatedAt, expires_at = @expiresAt WHERE id = @id');
  const rowById = db.prepare('SELECT id FROM signing_requests WHERE id = ?');
  const rowByIdempotency = db.prepare('SELECT id FROM signing_requests WHERE owner_sha256 = ? AND idempotency_sha256 = ?');

  function read(id: string): SigningRequest | undefined {
    if (!rowById.get(id)) return undefined;
    const plain = vault.openRecord(recordKind, id, aadFor(id));
    if (!plain) throw new Error(`signing request ${id}: its sealed record is missing`);
    return JSON.parse(plain.toString('utf8')) as SigningRequest;
  }

  function seal(request: SigningRequest): void {
    vault.sealRecord(recordKind, request.id, new TextEncoder().encode(JSON.stringify(request)), aadFor(request.id));
  }

  return {
    async insert(request, original) {
      vault.transaction(() => {
        if (rowById.get(request.id)) throw new Error(`signing request ${request.id} already exists`);
        insertRow.run({
          id: request.id,
          owner: sha256(request.owner),
          status: request.status,
          idem: request.idempotencyKey ? sha256(request.idempotencyKey) : null,
          createdAt: request.createdAt,
          updatedAt: request.updatedAt,
          expiresAt: request.expiresAt,
        });
        seal(request);
        vault.sealRecord(documentKind.original, request.id, original, aadFor(request.id));
      });
    },
    async get(id) {
      return read(id);
    },
    async findByIdempotencyKey(owner, key) {
      const row = rowByIdempotency.get(sha256(owner), sha256(key)) as Row | undefined;
      return row ? read(row.id) : undefined;
    },
    async list(filter = {}) {
      const where: string[] = [];
      const params: string[] = [];
      if (filter.status) {
        where.push('status = ?');
        params.push(filter.status);
      }
      if (filter.owner) {
        where.push('owner_sha256 = ?');
        params.push(sha256(filter.owner));
      }
      const rows = db.prepare(`SELECT id FROM signing_requests ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY created_at, rowid`).all(...params) as Row[];
      return rows.map((r) => read(r.id)!);
    },
    async update(request) {
      vault.transaction(() => {
        if (!rowById.get(request.id)) throw new Error(`signing request ${request.id} does not exist`);
        updateRow.run({ id: request.id, status: request.status, updatedAt: request.updatedAt, expiresAt: request.expiresAt });
        seal(request);
      });
    },
    async putDocument(id, kind, bytes) {
      if (!rowById.get(id)) throw new Error(`signing request ${id} does not exist`);
      vault.sealRecord(documentKind[kind], id, bytes, aadFor(id));
    },
    async readDocument(id, kind) {
      const bytes = vault.openRecord(documentKind[kind], id, aadFor(id));
      return bytes && new Uint8Array(bytes);
    },
    async deleteDocuments(id, kinds = ['original', 'signed']) {
      for (const kind of kinds) vault.deleteRecord(documentKind[kind], id);
    },
  };
}
