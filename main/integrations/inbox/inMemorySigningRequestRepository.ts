import type { SigningRequest } from './signingRequest';
import type { DocumentKind, SigningRequestRepository } from './signingRequestRepository';

/**
 * Keeps everything in process memory: nothing reaches the disk, and everything is gone when the
 * process ends. For tests, benchmarks and the CLI's one-shot tools; the station uses the vault.
 */
export function createInMemorySigningRequestRepository(): SigningRequestRepository {
  const requests = new Map<string, SigningRequest>();
  const documents = new Map<string, Uint8Array>();
  const docKey = (id: string, kind: DocumentKind) => `${kind}:${id}`;
  const copy = (r: SigningRequest): SigningRequest => structuredClone(r);

  return {
    async insert(request, original) {
      if (requests.has(request.id)) throw new Error(`signing request ${request.id} already exists`);
      requests.set(request.id, copy(request));
      documents.set(docKey(request.id, 'original'), Uint8Array.from(original));
    },
    async get(id) {
      const r = requests.get(id);
      return r && copy(r);
    },
    async findByIdempotencyKey(owner, key) {
      for (const r of requests.values()) if (r.owner === owner && r.idempotencyKey === key) return copy(r);
      return undefined;
    },
    async list(filter = {}) {
      return [...requests.values()]
        .filter((r) => (!filter.status || r.status === filter.status) && (!filter.owner || r.owner === filter.owner))
        .map(copy);
    },
    async update(request) {
      if (!requests.has(request.id)) throw new Error(`signing request ${request.id} does not exist`);
      requests.set(request.id, copy(request));
    },
    async putDocument(id, kind, bytes) {
      if (!requests.has(id)) throw new Error(`signing request ${id} does not exist`);
      documents.set(docKey(id, kind), Uint8Array.from(bytes));
    },
    async readDocument(id, kind) {
      const d = documents.get(docKey(id, kind));
      return d && Uint8Array.from(d);
    },
    async deleteDocuments(id, kinds = ['original', 'signed']) {
      for (const kind of kinds) {
        const d = documents.get(docKey(id, kind));
        if (d) d.fill(0); // best effort: do not leave the bytes in a buffer someone still holds
        documents.delete(docKey(id, kind));
      }
    },
  };
}
