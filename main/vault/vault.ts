/**
 * The offline vault: one encrypted SQLite file per station holding the queue of signed documents
 * and every other encrypted record of the station. API summary (keep stable; others build on it):
 *
 *   const vault = await openVault({ dir, tenant, stationId, keyProvider, log?, protector? })
 *
 *   Generic encrypted records (audit payloads, API inbox items, anything personal) — synchronous, so
 *   they can be used inside a caller's own `vault.transaction(() => …)`:
 *     vault.sealRecord(kind, id, plaintext, aad?)      store/replace, own data key, AAD-bound
 *     vault.openRecord(kind, id, aad?) → Buffer | undefined
 *     vault.destroyRecordKey(kind, id)                 crypto-shredding (ciphertext unreadable forever)
 *     vault.deleteRecord(kind, id)                     key destroyed and rows deleted
 *     vault.recordEnvelope(kind, id, contentType)      portable envelope (docs/vault-envelope-format.md)
 *     vault.db / vault.transaction(fn)                 for tables added by migrations 100+ / 200+
 *
 *   Document queue (in_progress → signed → queued → uploading → synced → kept | purged; cancelled):
 *     vault.startDocument({ id, tenant })
 *     vault.enqueueSignedDocument({ id, tenant, pdf, signerName?, metadata?, signedAt?, biometricContainer? })
 *     vault.storeSignedDocument(...) + vault.enqueue(id)  (the same in two steps)
 *     vault.cancelDocument(id)                          nothing left behind (abandoned signings: after 24 h, at the next start)
 *     vault.openDocument(id) → { pdf, signerName?, metadata? }  decrypts (re-print, export)
 *     vault.queueStatus() → { counts, bytesWaiting, bytesStored, oldestWaiting, lastError }
 *     vault.document(id) → row without personal data
 *     vault.onTransition((event, db) => …)             runs INSIDE each transition's transaction (audit)
 *     vault.applyRetention({ retentionDays, budgetBytes }) → purged ids (synced only, oldest first)
 *     vault.purgeDocument(id, reason) / keepDocument(id) / releaseDocument(id)
 *   For the sync service: claimForUpload, archiveParts, markSynced(Many), markUploadFailed, returnToQueue.
 *   Keys: vault.ensureTenantKey(), vault.rotateTenantKey(), vault.check() (integrity, keys, counts).
 *   vault.close()
 */
import { createHash } from 'node:crypto';
import { DiskFullError, diskFullIn, isDiskFull } from './diskSpace';
import { bytesForOneDocument } from './documentSpace';
import { join } from 'node:path';
import { allowedTransitions, documentStates, waitingStates, type DocumentState } from './documentStates';
import type { KeyProvider } from './keyProvider';
import { loadMigrations, runMigrations } from './migrationRunner';
import { RecordStore } from './recordStore';
import { defaultProtector } from './createKeyProvider';
import type { SecretProtector } from './secretProtector';
import { TenantKeyring } from './tenantKeyring';
import { integrityCheck, openVaultDatabase, type VaultDatabase } from './vaultDatabase';
import { InvalidTransitionError, KeyUnavailableError, VaultInputError } from './vaultErrors';
import { silentLogger, type LogWriter } from '../logging/logger';

export interface OpenVaultOptions {
  /** The vault's folder: vault.sqlite (+ -wal, -shm) and keys/. */
  dir: string;
  tenant: string;
  stationId: string;
  keyProvider: KeyProvider;
  log?: LogWriter;
  /** Protects the offline copy of the tenant key: the OS keystore in Electron; default the (weaker) file key. */
  protector?: SecretProtector;
  /** Rotate the tenant key when it is older than this (when the provider is reachable). Default 90. */
  rotateAfterDays?: number;
  migrationsDir?: string;
}

export interface SignedDocumentInput {
  /** Document id, unique per station: [A-Za-z0-9._-], up to 128 characters. Goes into S3 keys: no personal data. */
  id: string;
  tenant: string;
  /** The signed PDF (visible ink, sealed biometrics, PAdES seal). */
  pdf: Uint8Array;
  signerName?: string;
  /** Anything else about the signing (title, reference, consent, identification): encrypted. */
  metadata?: Record<string, unknown>;
  signedAt?: Date | string;
  /** The escrow-sealed biometric container, if kept apart from the PDF. */
  biometricContainer?: Uint8Array;
}

export interface DocumentRow {
  seq: number;
  id: string;
  tenant: string;
  state: DocumentState;
  created_at: string;
  signed_at: string | null;
  queued_at: string | null;
  synced_at: string | null;
  updated_at: string;
  pdf_bytes: number | null;
  envelope_bytes: number | null;
  envelope_sha256: string | null;
  attempts: number;
  next_attempt_at: string | null;
  last_error: string | null;
  object_key: string | null;
}

export interface TransitionEvent {
  documentId: string;
  tenant: string;
  from: DocumentState | null;
  /** 'cancelled' means the rows are gone. */
  to: DocumentState;
  at: string;
  reason?: string;
}

export interface QueueStatus {
  tenant: string;
  counts: Record<DocumentState, number>;
  /** Envelope bytes of documents not yet in the archive. */
  bytesWaiting: number;
  /** Envelope bytes of all documents whose ciphertext is still on this station. */
  bytesStored: number;
  oldestWaiting: { id: string; since: string; ageSeconds: number } | null;
  /** Documents whose last upload attempt failed, and the newest such error (no personal data). */
  failing: number;
  lastError: string | null;
}

export interface VaultCheck {
  ok: boolean;
  integrity: string;
  schemaVersions: number[];
  keys: { provider: string; keyId: string; health: string; protector: string; weakerProtector: boolean; versions: { version: number; ok: boolean; detail: string }[] };
  status: QueueStatus;
  problems: string[];
}

/** Record kinds the document queue uses. */
export const documentKinds = { pdf: 'document-pdf', details: 'document-details', biometrics: 'biometric-container' } as const;

const documentIdPattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
/** A log that drops everything (tests, tools). */

export async function openVault(options: OpenVaultOptions): Promise<Vault> {
  const log = options.log ?? silentLogger;
  const db = openVaultDatabase(join(options.dir, 'vault.sqlite'));
  try {
    const ran = runMigrations(db, await loadMigrations(options.migrationsDir));
    if (ran.length) log.info('vault migrations applied', { count: ran.length, last: ran[ran.length - 1] });
    const protector = options.protector ?? defaultProtector(options.dir);
    const keyring = new TenantKeyring(db, options.tenant, options.stationId, options.keyProvider, protector);
    const vault = new Vault(db, keyring, options, protector, log);
    // A crash (or SIGKILL) during an upload leaves 'uploading' rows: they go back to the queue.
    // The upload is idempotent (If-None-Match + checksum), so resuming never duplicates.
    const resumed = vault.resumeInterruptedUploads();
    if (resumed) log.warn('vault: uploads interrupted by a stop were re-queued', { count: resumed });
    const key = await keyring.ensureActiveKey(options.rotateAfterDays ?? 90).catch((err: Error) => {
      // Offline on first start with KMS: the vault opens (status, checks) but cannot seal yet.
      log.warn('vault: no tenant key available yet', { reason: err.message });
      return undefined;
    });
    if (key?.note) log.warn('vault: ' + key.note);
    if (key?.rotated) log.info('vault: new tenant key version', { version: key.version });
    return vault;
  } catch (err) {
    db.close();
    // A migration (or the re-queue of interrupted uploads) that did not fit was rolled back: say so.
    if (isDiskFull(err)) throw diskFullIn(options.dir, 2 * 1024 * 1024);
    throw err;
  }
}

export class Vault {
  readonly records: RecordStore;
  private readonly listeners = new Set<(event: TransitionEvent, db: VaultDatabase) => void>();
  private closed = false;

  constructor(
    readonly db: VaultDatabase,
    private readonly keyring: TenantKeyring,
    private readonly options: OpenVaultOptions,
    private readonly protector: SecretProtector,
    private readonly log: LogWriter,
  ) {
    this.records = new RecordStore(db, keyring);
  }

  get tenant(): string {
    return this.options.tenant;
  }
  get stationId(): string {
    return this.options.stationId;
  }
  get dir(): string {
    return this.options.dir;
  }
  get keyProvider(): KeyProvider {
    return this.options.keyProvider;
  }

  // ── generic encrypted records ────────────────────────────────────────────────────────────────

  sealRecord(kind: string, id: string, plaintext: Uint8Array, aad?: Uint8Array): void {
    this.records.seal(kind, id, plaintext, aad);
  }
  openRecord(kind: string, id: string, aad?: Uint8Array): Buffer | undefined {
    return this.records.open(kind, id, aad);
  }
  destroyRecordKey(kind: string, id: string): boolean {
    const done = this.records.destroyKey(kind, id);
    this.flushWal();
    return done;
  }
  deleteRecord(kind: string, id: string): boolean {
    const done = this.records.delete(kind, id);
    this.flushWal();
    return done;
  }
  recordEnvelope(kind: string, id: string, contentType: string, aad?: Uint8Array): Buffer {
    return this.records.envelope(kind, id, contentType, aad);
  }
  /**
   * Runs fn in one IMMEDIATE transaction (nested calls become savepoints). A write that does not fit
   * on the disk is rolled back whole and raised as DiskFullError (folder, free, needed).
   */
  transaction<T>(fn: () => T): T {
    try {
      return this.db.transaction(fn).immediate();
    } catch (err) {
      if (isDiskFull(err) && !(err instanceof DiskFullError)) throw diskFullIn(this.dir, this.bytesForOneDocument());
      throw err;
    }
  }

  /** Free bytes to have before writing one more signed document (recent sizes, or the measured one). */
  bytesForOneDocument(): number {
    return bytesForOneDocument(this.db);
  }

  // ── keys ──────────────────────────────────────────────────────────────────────────────────────

  async ensureTenantKey(): Promise<{ version: number; rotated: boolean; note?: string }> {
    return this.keyring.ensureActiveKey(this.options.rotateAfterDays ?? 90);
  }
  async rotateTenantKey(): Promise<number> {
    return this.keyring.rotate();
  }
  hasTenantKey(): boolean {
    return Boolean(this.keyring.activeRow());
  }

  // ── document queue ────────────────────────────────────────────────────────────────────────────

  onTransition(listener: (event: TransitionEvent, db: VaultDatabase) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  document(id: string): DocumentRow | undefined {
    return this.db.prepare('SELECT * FROM documents WHERE id = ?').get(id) as DocumentRow | undefined;
  }

  documents(state?: DocumentState): DocumentRow[] {
    return (state
      ? this.db.prepare('SELECT * FROM documents WHERE state = ? ORDER BY seq').all(state)
      : this.db.prepare('SELECT * FROM documents ORDER BY seq').all()) as DocumentRow[];
  }

  /** A signing began (the document is on the customer's screen). No content is stored yet. */
  startDocument(input: { id: string; tenant: string }): void {
    this.checkDocumentInput(input.id, input.tenant);
    // Signings begun more than a day ago and never finished (the app died, the customer left) hold
    // no content: cancelled here, when the audit hooks are surely listening, not at open.
    const abandoned = this.cancelAbandonedSignings(24);
    if (abandoned) this.log.info('vault: abandoned signings cancelled', { count: abandoned });
    this.transaction(() => {
      const now = new Date().toISOString();
      this.db.prepare('INSERT INTO documents (id, tenant, state, created_at, updated_at) VALUES (?, ?, ?, ?, ?)').run(input.id, input.tenant, 'in_progress', now, now);
      this.emit({ documentId: input.id, tenant: input.tenant, from: null, to: 'in_progress', at: now });
    });
  }

  /** The signed document is kept (encrypted), not yet queued for upload. */
  storeSignedDocument(input: SignedDocumentInput): DocumentRow {
    return this.transaction(() => this.writeSigned(input));
  }

  enqueue(id: string): DocumentRow {
    return this.transaction(() => this.transition(id, 'queued', { queued_at: new Date().toISOString() }));
  }

  /** Stores the signed document encrypted and puts it in the upload queue, in one transaction. */
  enqueueSignedDocument(input: SignedDocumentInput): DocumentRow {
    return this.transaction(() => {
      this.writeSigned(input);
      return this.transition(input.id, 'queued', { queued_at: new Date().toISOString() });
    });
  }

  /** Decrypts a stored document (teller re-print, GDPR export). */
  openDocument(id: string): { pdf: Buffer; signerName?: string; metadata?: Record<string, unknown> } {
    const pdf = this.records.open(documentKinds.pdf, id);
    if (!pdf) throw new VaultInputError(`no stored document ${id}${this.document(id)?.state === 'purged' ? ' (purged after sync)' : ''}`);
    const details = this.records.open(documentKinds.details, id);
    const parsed = details ? JSON.parse(details.toString('utf8')) : {};
    return { pdf, signerName: parsed.signerName, metadata: parsed.metadata };
  }

  /** Cancel: rows, record keys and ciphertext go; nothing is left behind. Not once uploading. */
  cancelDocument(id: string, reason = 'cancelled'): void {
    this.transaction(() => {
      const row = this.requireDocument(id);
      this.checkTransition(row, 'cancelled');
      for (const kind of Object.values(documentKinds)) this.records.delete(kind, id);
      this.db.prepare('DELETE FROM documents WHERE id = ?').run(id);
      this.emit({ documentId: id, tenant: row.tenant, from: row.state, to: 'cancelled', at: new Date().toISOString(), reason });
    });
    this.flushWal();
  }

  /**
   * Cancels 'in_progress' documents older than maxAgeHours. Age-based, not "all": another process
   * (the app beside a CLI command) may have a signing on screen right now.
   */
  cancelAbandonedSignings(maxAgeHours: number, now = new Date()): number {
    const cutoff = new Date(now.getTime() - maxAgeHours * 3_600_000).toISOString();
    const stale = this.db.prepare("SELECT id FROM documents WHERE state = 'in_progress' AND updated_at < ?").all(cutoff) as { id: string }[];
    for (const { id } of stale) this.cancelDocument(id, `abandoned: no signature within ${maxAgeHours} h`);
    return stale.length;
  }

  /** Legal hold: a synced document stays on the station whatever the retention says. */
  keepDocument(id: string, reason = 'hold'): DocumentRow {
    return this.transaction(() => this.transition(id, 'kept', {}, reason));
  }
  releaseDocument(id: string, reason = 'hold released'): DocumentRow {
    return this.transaction(() => this.transition(id, 'synced', {}, reason));
  }

  /** Removes a synced document's content (keys shredded, ciphertext deleted); a tombstone row stays. */
  purgeDocument(id: string, reason: string): DocumentRow {
    const row = this.transaction(() => {
      const updated = this.transition(id, 'purged', {}, reason);
      for (const kind of Object.values(documentKinds)) this.records.delete(kind, id);
      return updated;
    });
    this.flushWal();
    return row;
  }

  /**
   * Retention: purge synced documents (never kept ones, never unsynced ones) older than
   * `retentionDays`, then the oldest synced until what is stored fits `budgetBytes` (0: no budget).
   * Each purge is its own transition, seen by onTransition listeners (the audit chain).
   */
  applyRetention(policy: { retentionDays: number; budgetBytes: number; now?: Date }): string[] {
    const now = policy.now ?? new Date();
    const cutoff = new Date(now.getTime() - policy.retentionDays * 86_400_000).toISOString();
    const purged: string[] = [];
    const synced = this.db.prepare("SELECT id, synced_at, envelope_bytes FROM documents WHERE state = 'synced' ORDER BY synced_at, seq").all() as { id: string; synced_at: string; envelope_bytes: number }[];
    let stored = this.storedBytes();
    for (const doc of synced) {
      const expired = doc.synced_at <= cutoff;
      const overBudget = policy.budgetBytes > 0 && stored > policy.budgetBytes;
      if (!expired && !overBudget) continue;
      this.purgeDocument(doc.id, expired ? `retention: synced more than ${policy.retentionDays} days ago` : `retention: storage budget ${policy.budgetBytes} bytes`);
      stored -= doc.envelope_bytes ?? 0;
      purged.push(doc.id);
    }
    if (purged.length) this.log.info('vault retention purged synced documents', { count: purged.length });
    return purged;
  }

  queueStatus(now = new Date()): QueueStatus {
    const counts = Object.fromEntries(documentStates.map((s) => [s, 0])) as Record<DocumentState, number>;
    for (const r of this.db.prepare('SELECT state, COUNT(*) AS n FROM documents GROUP BY state').all() as { state: DocumentState; n: number }[]) counts[r.state] = r.n;
    const placeholders = waitingStates.map(() => '?').join(',');
    const waiting = this.db.prepare(`SELECT COALESCE(SUM(envelope_bytes), 0) AS b FROM documents WHERE state IN (${placeholders})`).get(...waitingStates) as { b: number };
    const oldest = this.db.prepare(`SELECT id, COALESCE(queued_at, signed_at, created_at) AS since FROM documents WHERE state IN (${placeholders}) ORDER BY seq LIMIT 1`).get(...waitingStates) as { id: string; since: string } | undefined;
    const failing = this.db.prepare("SELECT COUNT(*) AS n FROM documents WHERE state IN ('queued','uploading') AND last_error IS NOT NULL").get() as { n: number };
    const lastError = this.db.prepare("SELECT last_error FROM documents WHERE last_error IS NOT NULL AND state IN ('queued','uploading') ORDER BY updated_at DESC LIMIT 1").get() as { last_error: string } | undefined;
    return {
      tenant: this.tenant,
      counts,
      bytesWaiting: waiting.b,
      bytesStored: this.storedBytes(),
      oldestWaiting: oldest ? { id: oldest.id, since: oldest.since, ageSeconds: Math.max(0, Math.round((now.getTime() - Date.parse(oldest.since)) / 1000)) } : null,
      failing: failing.n,
      lastError: lastError?.last_error ?? null,
    };
  }

  // ── for the sync service ──────────────────────────────────────────────────────────────────────

  /**
   * Moves up to `limit` due queued documents to 'uploading', oldest signing first, recording the
   * object key each will have (`objectKeyOf`, the sync's; a key recorded earlier stays) before any
   * byte leaves, so an upload cut short is still found and erased by its key.
   */
  claimForUpload(limit: number, now = new Date(), objectKeyOf?: (row: DocumentRow) => string): DocumentRow[] {
    return this.transaction(() => {
      const due = this.db
        .prepare("SELECT id FROM documents WHERE state = 'queued' AND (next_attempt_at IS NULL OR next_attempt_at <= ?) ORDER BY seq LIMIT ?")
        .all(now.toISOString(), limit) as { id: string }[];
      const count = this.db.prepare('UPDATE documents SET attempts = attempts + 1 WHERE id = ?');
      return due.map((d) => {
        const row = this.transition(d.id, 'uploading', objectKeyOf ? { object_key: objectKeyOf(this.requireDocument(d.id)) } : {});
        count.run(d.id);
        return { ...row, attempts: row.attempts + 1 };
      });
    });
  }

  /**
   * What the sync needs to build the document's archive object (main/sync/archiveObject.ts): its
   * row, the PDF's envelope (checked against the checksum recorded when it was stored) and the
   * envelope of its signer details. Nothing here decides keys or shapes in S3.
   */
  archiveParts(id: string): { row: DocumentRow; stationId: string; envelope: Buffer; detailsEnvelope: Buffer | null } {
    const row = this.requireDocument(id);
    if (!row.envelope_sha256) throw new VaultInputError(`document ${id} is not signed yet`);
    const envelope = this.records.envelope(documentKinds.pdf, id, 'application/pdf');
    if (createHash('sha256').update(envelope).digest('hex') !== row.envelope_sha256) throw new VaultInputError(`document ${id}: stored envelope does not match its recorded checksum`);
    const detailsEnvelope = this.records.has(documentKinds.details, id) ? this.records.envelope(documentKinds.details, id, 'application/json') : null;
    return { row, stationId: this.stationId, envelope, detailsEnvelope };
  }

  /**
   * Replaces the PDF of a document that has not reached the archive yet with a later version of
   * itself (the sync step that adds PAdES long-term validation data). Same id, same object key;
   * the envelope checksum follows the new bytes. One transaction: the old or the new, never neither.
   */
  replaceWaitingPdf(id: string, pdf: Uint8Array): DocumentRow {
    return this.transaction(() => {
      const row = this.requireDocument(id);
      if (!waitingStates.includes(row.state)) throw new InvalidTransitionError(`document ${id} is ${row.state}: only a document not yet archived can be replaced`);
      if (pdf.length === 0) throw new VaultInputError(`document ${id}: the new PDF is empty`);
      this.records.seal(documentKinds.pdf, id, pdf);
      const envelope = this.records.envelope(documentKinds.pdf, id, 'application/pdf');
      this.db.prepare('UPDATE documents SET pdf_bytes = ?, envelope_bytes = ?, envelope_sha256 = ?, updated_at = ? WHERE id = ?')
        .run(pdf.length, envelope.length, createHash('sha256').update(envelope).digest('hex'), new Date().toISOString(), id);
      return this.document(id)!;
    });
  }

  markSynced(id: string): DocumentRow {
    return this.markSyncedMany([id])[0];
  }

  /**
   * Several confirmed uploads in one transaction (one fsync instead of many). Each is still its own
   * transition; if the process dies first, none is recorded and the next run finds the objects
   * already in S3 (HEAD before PUT on retries) without sending them again.
   */
  markSyncedMany(ids: string[]): DocumentRow[] {
    const at = new Date().toISOString();
    return this.transaction(() => ids.map((id) => this.transition(id, 'synced', { synced_at: at, last_error: null, next_attempt_at: null })));
  }

  markUploadFailed(id: string, error: string, retryAt: Date): DocumentRow {
    return this.transaction(() => this.transition(id, 'queued', { last_error: error.slice(0, 500), next_attempt_at: retryAt.toISOString() }, 'upload failed'));
  }

  /** At start: 'uploading' rows (the process died mid-upload) go back to 'queued'. */
  resumeInterruptedUploads(): number {
    const rows = this.db.prepare("SELECT id FROM documents WHERE state = 'uploading'").all() as { id: string }[];
    return this.returnToQueue(rows.map((r) => r.id), 'resumed after interruption');
  }

  /**
   * Claimed documents that were not (fully) attempted go back to the queue, due now, with no error.
   * `notAttempted`: not a byte was sent, so the claim does not count as an attempt.
   */
  returnToQueue(ids: string[], reason: string, notAttempted = false): number {
    return this.transaction(() => {
      for (const id of ids) {
        const attempts = notAttempted ? { attempts: Math.max(0, this.requireDocument(id).attempts - 1) } : {};
        this.transition(id, 'queued', { next_attempt_at: null, ...attempts }, reason);
      }
      return ids.length;
    });
  }

  /** Integrity, key health, counts: `station vault check`. */
  async check(): Promise<VaultCheck> {
    const problems: string[] = [];
    const integrity = integrityCheck(this.db);
    if (integrity !== 'ok') problems.push(`integrity_check: ${integrity}`);
    const health = await this.keyProvider.checkHealth();
    if (!health.ok) problems.push(`key provider: ${health.detail}`);
    const versions = this.keyring.activeRow() ? await this.keyring.verifyWithProvider() : [];
    if (!this.keyring.activeRow()) problems.push('no tenant key on this station yet');
    for (const v of versions) if (!v.ok) problems.push(`tenant key v${v.version}: ${v.detail}`);
    const orphans = this.db.prepare(`SELECT COUNT(*) AS n FROM documents d WHERE state IN ('signed','queued','uploading','synced','kept')
      AND NOT EXISTS (SELECT 1 FROM records r WHERE r.kind = '${documentKinds.pdf}' AND r.id = d.id AND r.wrapped_dek IS NOT NULL)`).get() as { n: number };
    if (orphans.n) problems.push(`${orphans.n} documents have lost their content`);
    return {
      ok: problems.length === 0,
      integrity,
      schemaVersions: (this.db.prepare('SELECT version FROM schema_migrations ORDER BY version').all() as { version: number }[]).map((r) => r.version),
      keys: { provider: health.provider, keyId: health.keyId, health: health.detail, protector: this.protector.kind, weakerProtector: this.protector.weaker, versions },
      status: this.queueStatus(),
      problems,
    };
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.keyring.wipe();
    try {
      this.db.pragma('wal_checkpoint(TRUNCATE)');
    } catch {
      /* another process holds the WAL: its own close checkpoints */
    }
    this.db.close();
  }

  // ── internals ─────────────────────────────────────────────────────────────────────────────────

  private writeSigned(input: SignedDocumentInput): DocumentRow {
    this.checkDocumentInput(input.id, input.tenant);
    if (!(input.pdf instanceof Uint8Array) || input.pdf.length === 0) throw new VaultInputError(`document ${input.id}: the signed PDF is empty`);
    if (!this.keyring.activeRow()) throw new KeyUnavailableError(`no key for tenant '${this.tenant}' on this station yet: connect to the key service once`, true);
    const signedAt = input.signedAt ? new Date(input.signedAt) : new Date();
    if (Number.isNaN(signedAt.getTime())) throw new VaultInputError(`document ${input.id}: signedAt is not a date`);
    const existing = this.document(input.id);
    if (existing && existing.state !== 'in_progress') throw new InvalidTransitionError(`document ${input.id} is already ${existing.state}`);
    const now = new Date().toISOString();
    if (!existing) {
      this.db.prepare('INSERT INTO documents (id, tenant, state, created_at, updated_at) VALUES (?, ?, ?, ?, ?)').run(input.id, input.tenant, 'in_progress', now, now);
    }
    this.records.seal(documentKinds.pdf, input.id, input.pdf);
    if (input.signerName !== undefined || input.metadata !== undefined) {
      this.records.seal(documentKinds.details, input.id, Buffer.from(JSON.stringify({ signerName: input.signerName, metadata: input.metadata }), 'utf8'));
    }
    if (input.biometricContainer) this.records.seal(documentKinds.biometrics, input.id, input.biometricContainer);
    const envelope = this.records.envelope(documentKinds.pdf, input.id, 'application/pdf');
    // The archive object key is the sync's to choose (main/sync/archiveObject.ts), recorded at claim.
    return this.transition(input.id, 'signed', {
      signed_at: signedAt.toISOString(),
      pdf_bytes: input.pdf.length,
      envelope_bytes: envelope.length,
      envelope_sha256: createHash('sha256').update(envelope).digest('hex'),
    }, existing ? undefined : 'stored directly');
  }

  private transition(id: string, to: DocumentState, fields: Partial<Record<keyof DocumentRow, string | number | null>>, reason?: string): DocumentRow {
    const row = this.requireDocument(id);
    this.checkTransition(row, to);
    const at = new Date().toISOString();
    const sets = Object.keys(fields).map((k) => `${k} = @${k}`);
    this.db.prepare(`UPDATE documents SET state = @state, updated_at = @at${sets.length ? ', ' + sets.join(', ') : ''} WHERE id = @id`).run({ ...fields, state: to, at, id });
    this.emit({ documentId: id, tenant: row.tenant, from: row.state, to, at, reason });
    return this.document(id)!;
  }

  private checkTransition(row: DocumentRow, to: DocumentState): void {
    if (!allowedTransitions[row.state].includes(to)) throw new InvalidTransitionError(`document ${row.id} is ${row.state}; it cannot become ${to}`);
  }

  private requireDocument(id: string): DocumentRow {
    const row = this.document(id);
    if (!row) throw new VaultInputError(`no document ${JSON.stringify(id).slice(0, 140)} in the vault`);
    return row;
  }

  private checkDocumentInput(id: string, tenant: string): void {
    if (typeof id !== 'string' || !documentIdPattern.test(id)) throw new VaultInputError(`document id must be 1–128 of A–Z a–z 0–9 . _ - (got ${JSON.stringify(id)?.slice(0, 70)})`);
    if (tenant !== this.tenant) throw new VaultInputError(`document ${id} is for tenant '${tenant}', but this vault holds tenant '${this.tenant}'`);
  }

  private emit(event: TransitionEvent): void {
    for (const listener of this.listeners) listener(event, this.db);
  }

  private storedBytes(): number {
    return (this.db.prepare("SELECT COALESCE(SUM(envelope_bytes), 0) AS b FROM documents WHERE state NOT IN ('purged', 'cancelled')").get() as { b: number }).b;
  }

  /** After shredding or deleting: move the WAL into the main file and truncate it, so old pages do not linger. */
  private flushWal(): void {
    try {
      this.db.pragma('wal_checkpoint(TRUNCATE)');
    } catch (err) {
      this.log.warn('vault: WAL checkpoint after erase deferred', { reason: (err as Error).message });
    }
  }
}
