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
 *     vault.sql / vault.transaction(fn)                the narrow database port for the areas' repositories
 *                                                      (tables of migrations 100+ / 200+); the SQLite handle stays inside
 *
 *   Document queue (in_progress → signed → queued → uploading → synced → kept | purged; cancelled):
 *     vault.startDocument({ id, tenant })
 *     vault.enqueueSignedDocument({ id, tenant, pdf, signerName?, metadata?, signedAt?, biometricContainer? })
 *     vault.storeSignedDocument(...) + vault.enqueue(id)  (the same in two steps)
 *     vault.cancelDocument(id)                          nothing left behind (abandoned signings: after 24 h, at the next start)
 *     vault.openDocument(id) → { pdf, signerName?, metadata? }  decrypts (re-print, export)
 *     vault.queueStatus() → { counts, bytesWaiting, bytesStored, oldestWaiting, lastError }
 *     vault.document(id) / documents(state?) / documentsWithRecord(kind) → rows without personal data
 *     vault.onTransition((event, sql) => …)            runs INSIDE each transition's transaction (audit)
 *     vault.applyRetention({ retentionDays, budgetBytes }) → purged ids (synced only, oldest first)
 *     vault.purgeDocument(id, reason) / keepDocument(id) / releaseDocument(id)
 *   For the sync service: claimForUpload, archiveParts, markSynced(Many), markUploadFailed, returnToQueue.
 *   Keys: vault.ensureTenantKey(), vault.rotateTenantKey(), vault.tenantKeyVersions(), vault.check() (integrity, keys, counts).
 *   vault.checkpoint()                                 WAL moved into the file and truncated (after an erase)
 *   vault.close()
 */
import { DiskFullError, diskFullIn, isDiskFull } from './diskSpace';
import { bytesForOneDocument } from './documentSpace';
import { join } from 'node:path';
import { DocumentQueue, type SignedDocumentInput, type TransitionListener } from './documentQueue';
import { applyRetention, type RetentionPolicy } from './documentRetention';
import { DocumentRows, type DocumentRow } from './documentRows';
import type { DocumentState } from './documentStates';
import type { KeyProvider } from './keyProvider';
import { appliedMigrationVersions, loadMigrations, runMigrations } from './migrationRunner';
import { readQueueStatus, type QueueStatus } from './queueStatus';
import { RecordStore } from './recordStore';
import { defaultProtector } from './createKeyProvider';
import type { SecretProtector } from './secretProtector';
import { TenantKeyring, type TenantKeyRow } from './tenantKeyring';
import { UploadQueue, type DocumentArchiveParts } from './uploadQueue';
import { checkVault, type VaultCheck } from './vaultCheck';
import { integrityCheck, openVaultDatabase, type VaultDatabase } from './vaultDatabase';
import { databasePort, type VaultDatabasePort } from './vaultDatabasePort';
import { silentLogger, type LogWriter } from '../logging/logger';

export { documentKinds, type DocumentRow } from './documentRows';
export type { SignedDocumentInput, TransitionEvent, TransitionListener } from './documentQueue';
export type { QueueStatus } from './queueStatus';
export type { VaultCheck } from './vaultCheck';
export type { VaultDatabasePort } from './vaultDatabasePort';

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
  /** The narrow database port the areas' repositories take (prepare, the vault's transaction). */
  readonly sql: VaultDatabasePort;
  private readonly rows: DocumentRows;
  private readonly queue: DocumentQueue;
  private readonly uploads: UploadQueue;
  private closed = false;

  constructor(
    private readonly db: VaultDatabase,
    private readonly keyring: TenantKeyring,
    private readonly options: OpenVaultOptions,
    private readonly protector: SecretProtector,
    private readonly log: LogWriter,
  ) {
    this.records = new RecordStore(db, keyring);
    this.sql = databasePort(db, (fn) => this.transaction(fn));
    this.rows = new DocumentRows(db);
    const parts = { rows: this.rows, records: this.records, port: this.sql, tenant: options.tenant, stationId: options.stationId, log };
    this.queue = new DocumentQueue({ ...parts, hasTenantKey: () => this.hasTenantKey(), flushWal: () => this.flushWal() });
    this.uploads = new UploadQueue(this.queue, parts);
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
    return bytesForOneDocument(this.rows.recentEnvelopeMean());
  }

  /**
   * Moves the WAL into the main file and truncates it, so pages of erased rows do not linger there.
   * `busy`: another connection holds the WAL (its own close checkpoints); throws if SQLite cannot.
   */
  checkpoint(): { busy: boolean; walPages: number; checkpointed: number } {
    const [result] = this.db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number; log: number; checkpointed: number }[];
    return { busy: result.busy !== 0, walPages: result.log, checkpointed: result.checkpointed };
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
  /** The tenant key's versions on this station (provider, key id, dates; the key material stays sealed). */
  tenantKeyVersions(): Omit<TenantKeyRow, 'wrapped_kek' | 'protected_kek'>[] {
    return this.keyring.versions().map(({ wrapped_kek: _wrapped, protected_kek: _protected, ...row }) => row);
  }

  // ── document queue (documentQueue.ts) ─────────────────────────────────────────────────────────

  onTransition(listener: TransitionListener): () => void {
    return this.queue.onTransition(listener);
  }
  document(id: string): DocumentRow | undefined {
    return this.rows.get(id);
  }
  documents(state?: DocumentState): DocumentRow[] {
    return this.rows.list(state);
  }
  /** Documents whose record of `kind` is still readable (documentKinds.details: the signer is known here). */
  documentsWithRecord(kind: string): DocumentRow[] {
    return this.rows.withRecord(kind);
  }
  startDocument(input: { id: string; tenant: string }): void {
    this.queue.startDocument(input);
  }
  storeSignedDocument(input: SignedDocumentInput): DocumentRow {
    return this.queue.storeSignedDocument(input);
  }
  enqueue(id: string): DocumentRow {
    return this.queue.enqueue(id);
  }
  enqueueSignedDocument(input: SignedDocumentInput): DocumentRow {
    return this.queue.enqueueSignedDocument(input);
  }
  openDocument(id: string): { pdf: Buffer; signerName?: string; metadata?: Record<string, unknown> } {
    return this.queue.openDocument(id);
  }
  cancelDocument(id: string, reason?: string): void {
    this.queue.cancelDocument(id, reason);
  }
  cancelAbandonedSignings(maxAgeHours: number, now?: Date): number {
    return this.queue.cancelAbandonedSignings(maxAgeHours, now);
  }
  keepDocument(id: string, reason?: string): DocumentRow {
    return this.queue.keepDocument(id, reason);
  }
  releaseDocument(id: string, reason?: string): DocumentRow {
    return this.queue.releaseDocument(id, reason);
  }
  purgeDocument(id: string, reason: string): DocumentRow {
    return this.queue.purgeDocument(id, reason);
  }
  applyRetention(policy: RetentionPolicy): string[] {
    return applyRetention(this.queue, this.rows, this.log, policy);
  }
  queueStatus(now = new Date()): QueueStatus {
    return readQueueStatus(this.rows, this.tenant, now);
  }

  // ── for the sync service (uploadQueue.ts) ─────────────────────────────────────────────────────

  claimForUpload(limit: number, now = new Date(), objectKeyOf?: (row: DocumentRow) => string): DocumentRow[] {
    return this.uploads.claimForUpload(limit, now, objectKeyOf);
  }
  archiveParts(id: string): DocumentArchiveParts {
    return this.uploads.archiveParts(id);
  }
  replaceWaitingPdf(id: string, pdf: Uint8Array): DocumentRow {
    return this.uploads.replaceWaitingPdf(id, pdf);
  }
  markSynced(id: string): DocumentRow {
    return this.uploads.markSyncedMany([id])[0];
  }
  markSyncedMany(ids: string[]): DocumentRow[] {
    return this.uploads.markSyncedMany(ids);
  }
  markUploadFailed(id: string, error: string, retryAt: Date): DocumentRow {
    return this.uploads.markUploadFailed(id, error, retryAt);
  }
  resumeInterruptedUploads(): number {
    return this.uploads.resumeInterruptedUploads();
  }
  returnToQueue(ids: string[], reason: string, notAttempted = false): number {
    return this.uploads.returnToQueue(ids, reason, notAttempted);
  }

  /** Integrity, key health, counts: `station vault check` (vaultCheck.ts). */
  async check(): Promise<VaultCheck> {
    const { keyProvider, keyring, protector, rows } = this;
    return checkVault({ integrity: integrityCheck(this.db), schemaVersions: appliedMigrationVersions(this.db), keyProvider, keyring, protector, rows, status: this.queueStatus() });
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

  /** After shredding or deleting: move the WAL into the main file and truncate it, so old pages do not linger. */
  private flushWal(): void {
    try {
      this.checkpoint();
    } catch (err) {
      this.log.warn('vault: WAL checkpoint after erase deferred', { reason: (err as Error).message });
    }
  }
}
