import { createHash, randomUUID } from 'node:crypto';
import { checkPdfDocument } from './pdfDocumentCheck';
import type { NewSigningRequest, SignedPlaceSummary, SigningRequest, SigningRequestStatus } from './signingRequest';
import type { SigningRequestRepository } from './signingRequestRepository';

/**
 * The teller's queue of incoming signing requests, whatever door they came through (API, printer,
 * hot folder). The UI subscribes to its events; the API, the webhook dispatcher and the SFTP exporter
 * react to the same events, so there is one source of truth for a request's life:
 *
 *   submit → arrived → (complete → completed) | (cancel → cancelled) | (expiry → expired)
 *
 * Cancelling or expiring erases the request's document bytes and personal metadata at once: the
 * station keeps no document data for a request that was not signed.
 */
export interface InboxEvents {
  arrived: (request: SigningRequest) => void;
  completed: (request: SigningRequest) => void;
  cancelled: (request: SigningRequest) => void;
  expired: (request: SigningRequest) => void;
}
export type InboxEventName = keyof InboxEvents;

export class SigningRequestNotFoundError extends Error {
  constructor(readonly id: string) {
    super(`no signing request ${id}`);
    this.name = 'SigningRequestNotFoundError';
  }
}

/** The request is already completed, cancelled or expired; the operation does not apply any more. */
export class SigningRequestStateError extends Error {
  constructor(readonly request: SigningRequest, action: string) {
    super(`signing request ${request.id} is ${request.status}; cannot ${action}`);
    this.name = 'SigningRequestStateError';
  }
}

/** Same idempotency key, different request: the client reused a key by mistake. */
export class IdempotencyConflictError extends Error {
  constructor(readonly existing: SigningRequest) {
    super(`idempotency key already used for signing request ${existing.id} with a different document or metadata`);
    this.name = 'IdempotencyConflictError';
  }
}

export interface SigningRequestInboxOptions {
  repository: SigningRequestRepository;
  /** Default time a request may wait to be signed. Default 7 days: branches can be offline for days. */
  defaultTtlSeconds?: number;
  now?: () => Date;
  newId?: () => string;
  /** Days a signed PDF stays fetchable when the request did not say. Default 30. */
  defaultRetentionDays?: number;
  /** How often expiry and retention are checked; 0 disables the timer (call them yourself). Default 60 s. */
  expiryCheckIntervalMs?: number;
}

export interface SigningRequestInbox {
  /** Validates and stores a new request; emits 'arrived'. With an idempotency key already seen for the same owner and same content, returns the earlier request (`created: false`). */
  submit(input: NewSigningRequest): Promise<{ request: SigningRequest; created: boolean }>;
  get(id: string): Promise<SigningRequest | undefined>;
  list(filter?: { status?: SigningRequestStatus; owner?: string }): Promise<SigningRequest[]>;
  /** The document to be signed, while the request is pending. */
  document(id: string): Promise<Uint8Array | undefined>;
  /** The signed PDF, once completed (until retention removes it). */
  signedDocument(id: string): Promise<Uint8Array | undefined>;
  complete(id: string, signedPdf: Uint8Array, signatures?: SignedPlaceSummary[]): Promise<SigningRequest>;
  cancel(id: string, reason: string): Promise<SigningRequest>;
  /** Expires every pending request whose time is up; returns them. */
  expireDue(): Promise<SigningRequest[]>;
  /** Removes signed PDFs whose retention ran out; returns the requests concerned. */
  removeRetainedDocuments(): Promise<SigningRequest[]>;
  /** Removes one request's signed PDF now (after its client fetched it, with retentionDays 0). */
  removeSignedDocument(id: string): Promise<void>;
  on<E extends InboxEventName>(event: E, listener: InboxEvents[E]): () => void;
  close(): void;
}

const maxText = 500;

function cleanText(value: string | undefined, field: string, max = maxText): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new TypeError(`${field} must be a string`);
  // Control characters would end up on the teller's screen and in logs.
  if (/[\u0000-\u001f\u007f]/.test(value)) throw new TypeError(`${field} contains control characters`);
  if (value.length > max) throw new TypeError(`${field} is longer than ${max} characters`);
  return value;
}

export function createSigningRequestInbox(options: SigningRequestInboxOptions): SigningRequestInbox {
  const { repository } = options;
  const now = options.now ?? (() => new Date());
  const newId = options.newId ?? (() => randomUUID());
  const defaultTtl = options.defaultTtlSeconds ?? 7 * 24 * 3600;
  const defaultRetentionDays = options.defaultRetentionDays ?? 30;
  const listeners: { [E in InboxEventName]: Set<InboxEvents[E]> } = {
    arrived: new Set(), completed: new Set(), cancelled: new Set(), expired: new Set(),
  };
  // One change at a time per request: a cancel racing a complete must not both win.
  const locks = new Map<string, Promise<unknown>>();
  function exclusive<T>(id: string, work: () => Promise<T>): Promise<T> {
    const previous = locks.get(id) ?? Promise.resolve();
    const next = previous.then(work, work);
    const settled = next.catch(() => undefined);
    locks.set(id, settled);
    void settled.then(() => { if (locks.get(id) === settled) locks.delete(id); });
    return next;
  }
  // Idempotent submits with the same key must not race each other into two requests.
  const submitting = new Map<string, Promise<{ request: SigningRequest; created: boolean }>>();

  function emit<E extends InboxEventName>(event: E, request: SigningRequest): void {
    for (const listener of listeners[event]) {
      try {
        (listener as (r: SigningRequest) => void)(structuredClone(request));
      } catch {
        // A listener's failure (a UI bug) must not undo or block the state change that already happened.
      }
    }
  }

  async function mustGet(id: string): Promise<SigningRequest> {
    const r = await repository.get(id);
    if (!r) throw new SigningRequestNotFoundError(id);
    return r;
  }

  /** Erases documents and personal metadata of a request that will never be signed. */
  async function forget(request: SigningRequest, status: 'cancelled' | 'expired', reason: string): Promise<SigningRequest> {
    await repository.deleteDocuments(request.id);
    const at = now().toISOString();
    const updated: SigningRequest = {
      ...request,
      status,
      signerName: undefined,
      fieldsToSign: [],
      plan: undefined,
      signatures: undefined,
      documentName: '',
      updatedAt: at,
      cancelledAt: at,
      cancelReason: reason,
    };
    await repository.update(updated);
    return updated;
  }

  async function doSubmit(input: NewSigningRequest): Promise<{ request: SigningRequest; created: boolean }> {
    const document = input.document;
    if (!(document instanceof Uint8Array)) throw new TypeError('document must be bytes');
    checkPdfDocument(document);
    const documentSha256 = createHash('sha256').update(document).digest('hex');
    const fieldsToSign = (input.fieldsToSign ?? []).map((f, i) => cleanText(f, `fieldsToSign[${i}]`, 200)!);
    if (input.idempotencyKey) {
      const existing = await repository.findByIdempotencyKey(input.owner, input.idempotencyKey);
      if (existing) {
        // Same key and same content: a retry of a request we already have (its answer may have been lost).
        const same = existing.documentSha256 === documentSha256 && existing.externalReference === (input.externalReference ?? undefined);
        if (same) return { request: existing, created: false };
        throw new IdempotencyConflictError(existing);
      }
    }
    const createdAt = now();
    const ttl = input.ttlSeconds ?? defaultTtl;
    if (!Number.isFinite(ttl) || ttl <= 0) throw new TypeError('ttlSeconds must be positive');
    const request: SigningRequest = {
      id: newId(),
      source: input.source,
      status: 'pending',
      owner: cleanText(input.owner, 'owner', 200)!,
      externalReference: cleanText(input.externalReference, 'externalReference', 200),
      documentType: cleanText(input.documentType, 'documentType', 100),
      signerName: cleanText(input.signerName, 'signerName', 200),
      fieldsToSign,
      plan: input.plan,
      packageReference: cleanText(input.packageReference, 'packageReference', 64),
      language: cleanText(input.language, 'language', 35),
      callbackUrl: cleanText(input.callbackUrl, 'callbackUrl', 2000),
      retentionDays: input.retentionDays,
      idempotencyKey: cleanText(input.idempotencyKey, 'idempotencyKey', 200),
      documentName: cleanText(input.documentName.replace(/[\u0000-\u001f\u007f]/g, ' '), 'documentName', 255) || 'document.pdf',
      documentBytes: document.length,
      documentSha256,
      createdAt: createdAt.toISOString(),
      updatedAt: createdAt.toISOString(),
      expiresAt: new Date(createdAt.getTime() + ttl * 1000).toISOString(),
    };
    await repository.insert(request, document);
    emit('arrived', request);
    return { request, created: true };
  }

  const inbox: SigningRequestInbox = {
    submit(input) {
      if (!input.idempotencyKey) return doSubmit(input);
      const key = `${input.owner}\u0000${input.idempotencyKey}`;
      const running = submitting.get(key);
      const next = (running ? running.catch(() => undefined) : Promise.resolve()).then(() => doSubmit(input));
      submitting.set(key, next);
      void next.catch(() => undefined).then(() => { if (submitting.get(key) === next) submitting.delete(key); });
      return next;
    },
    get: (id) => repository.get(id),
    list: (filter) => repository.list(filter),
    async document(id) {
      const r = await repository.get(id);
      if (!r || r.status !== 'pending') return undefined;
      return repository.readDocument(id, 'original');
    },
    async signedDocument(id) {
      const r = await repository.get(id);
      if (!r || r.status !== 'completed') return undefined;
      return repository.readDocument(id, 'signed');
    },
    complete(id, signedPdf, signatures) {
      return exclusive(id, async () => {
        const r = await mustGet(id);
        if (r.status !== 'pending') throw new SigningRequestStateError(r, 'complete it');
        checkPdfDocument(signedPdf);
        await repository.putDocument(id, 'signed', signedPdf);
        // The unsigned original is not needed any more: keep no more than the signed result.
        await repository.deleteDocuments(id, ['original']);
        const at = now().toISOString();
        const updated: SigningRequest = {
          ...r,
          status: 'completed',
          signatures,
          signedDocumentSha256: createHash('sha256').update(signedPdf).digest('hex'),
          updatedAt: at,
          completedAt: at,
        };
        await repository.update(updated);
        emit('completed', updated);
        return updated;
      });
    },
    cancel(id, reason) {
      return exclusive(id, async () => {
        const r = await mustGet(id);
        if (r.status !== 'pending') throw new SigningRequestStateError(r, 'cancel it');
        const updated = await forget(r, 'cancelled', cleanText(reason, 'reason') ?? 'cancelled');
        emit('cancelled', updated);
        return updated;
      });
    },
    async expireDue() {
      const due = (await repository.list({ status: 'pending' })).filter((r) => Date.parse(r.expiresAt) <= now().getTime());
      const expired: SigningRequest[] = [];
      for (const r of due) {
        const updated = await exclusive(r.id, async () => {
          const current = await mustGet(r.id);
          if (current.status !== 'pending') return undefined;
          return forget(current, 'expired', 'not signed before expiry');
        });
        if (updated) {
          expired.push(updated);
          emit('expired', updated);
        }
      }
      return expired;
    },
    async removeRetainedDocuments() {
      const t = now().getTime();
      const due = (await repository.list({ status: 'completed' })).filter((r) =>
        !r.signedDocumentRemovedAt && r.completedAt && Date.parse(r.completedAt) + (r.retentionDays ?? defaultRetentionDays) * 86_400_000 <= t);
      const removed: SigningRequest[] = [];
      for (const r of due) {
        await inbox.removeSignedDocument(r.id);
        removed.push((await repository.get(r.id))!);
      }
      return removed;
    },
    removeSignedDocument(id) {
      return exclusive(id, async () => {
        const r = await mustGet(id);
        if (r.status !== 'completed' || r.signedDocumentRemovedAt) return;
        await repository.deleteDocuments(id);
        await repository.update({ ...r, signedDocumentRemovedAt: now().toISOString(), updatedAt: now().toISOString() });
      });
    },
    on(event, listener) {
      listeners[event].add(listener as never);
      return () => listeners[event].delete(listener as never);
    },
    close() {
      if (timer) clearInterval(timer);
      for (const set of Object.values(listeners)) set.clear();
    },
  };

  const interval = options.expiryCheckIntervalMs ?? 60_000;
  const timer = interval > 0
    ? setInterval(() => void inbox.expireDue().then(() => inbox.removeRetainedDocuments()).catch(() => undefined), interval)
    : undefined;
  timer?.unref();
  return inbox;
}
