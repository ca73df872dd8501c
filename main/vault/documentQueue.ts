import { createHash } from 'node:crypto';
import { documentKinds, type DocumentFields, type DocumentRow, type DocumentRows } from './documentRows';
import { allowedTransitions, type DocumentState } from './documentStates';
import type { RecordStore } from './recordStore';
import type { VaultDatabasePort } from './vaultDatabasePort';
import { InvalidTransitionError, KeyUnavailableError, VaultInputError } from './vaultErrors';
import type { LogWriter } from '../logging/logger';

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

export interface TransitionEvent {
  documentId: string;
  tenant: string;
  from: DocumentState | null;
  /** 'cancelled' means the rows are gone. */
  to: DocumentState;
  at: string;
  reason?: string;
}

/** Runs inside the transition's transaction, with the port to write in it (the audit chain). */
export type TransitionListener = (event: TransitionEvent, db: VaultDatabasePort) => void;

/** What the queue works with: the vault's rows, records and transaction. */
export interface DocumentQueueParts {
  rows: DocumentRows;
  records: RecordStore;
  port: VaultDatabasePort;
  tenant: string;
  log: LogWriter;
  hasTenantKey(): boolean;
  /** After an erase: the WAL checkpointed and truncated, so old pages do not linger. */
  flushWal(): void;
}

const documentIdPattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/**
 * A signed document's life on the station (in_progress → signed → queued → … → kept | purged;
 * cancelled): every transition one transaction, checked against the life cycle, seen by the
 * listeners inside it.
 */
export class DocumentQueue {
  private readonly listeners = new Set<TransitionListener>();

  constructor(private readonly parts: DocumentQueueParts) {}

  onTransition(listener: TransitionListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A signing began (the document is on the customer's screen). No content is stored yet. */
  startDocument(input: { id: string; tenant: string }): void {
    this.checkDocumentInput(input.id, input.tenant);
    // Signings begun more than a day ago and never finished (the app died, the customer left) hold
    // no content: cancelled here, when the audit hooks are surely listening, not at open.
    const abandoned = this.cancelAbandonedSignings(24);
    if (abandoned) this.parts.log.info('vault: abandoned signings cancelled', { count: abandoned });
    this.parts.port.transaction(() => {
      const now = new Date().toISOString();
      this.parts.rows.insertInProgress(input.id, input.tenant, now);
      this.emit({ documentId: input.id, tenant: input.tenant, from: null, to: 'in_progress', at: now });
    });
  }

  /** The signed document is kept (encrypted), not yet queued for upload. */
  storeSignedDocument(input: SignedDocumentInput): DocumentRow {
    return this.parts.port.transaction(() => this.writeSigned(input));
  }

  enqueue(id: string): DocumentRow {
    return this.parts.port.transaction(() => this.transition(id, 'queued', { queued_at: new Date().toISOString() }));
  }

  /** Stores the signed document encrypted and puts it in the upload queue, in one transaction. */
  enqueueSignedDocument(input: SignedDocumentInput): DocumentRow {
    return this.parts.port.transaction(() => {
      this.writeSigned(input);
      return this.transition(input.id, 'queued', { queued_at: new Date().toISOString() });
    });
  }

  /** Decrypts a stored document (teller re-print, GDPR export). */
  openDocument(id: string): { pdf: Buffer; signerName?: string; metadata?: Record<string, unknown> } {
    const pdf = this.parts.records.open(documentKinds.pdf, id);
    if (!pdf) throw new VaultInputError(`no stored document ${id}${this.parts.rows.get(id)?.state === 'purged' ? ' (purged after sync)' : ''}`);
    const details = this.parts.records.open(documentKinds.details, id);
    const parsed = details ? JSON.parse(details.toString('utf8')) : {};
    return { pdf, signerName: parsed.signerName, metadata: parsed.metadata };
  }

  /** Cancel: rows, record keys and ciphertext go; nothing is left behind. Not once uploading. */
  cancelDocument(id: string, reason = 'cancelled'): void {
    this.parts.port.transaction(() => {
      const row = this.requireDocument(id);
      this.checkTransition(row, 'cancelled');
      for (const kind of Object.values(documentKinds)) this.parts.records.delete(kind, id);
      this.parts.rows.delete(id);
      this.emit({ documentId: id, tenant: row.tenant, from: row.state, to: 'cancelled', at: new Date().toISOString(), reason });
    });
    this.parts.flushWal();
  }

  /**
   * Cancels 'in_progress' documents older than maxAgeHours. Age-based, not "all": another process
   * (the app beside a CLI command) may have a signing on screen right now.
   */
  cancelAbandonedSignings(maxAgeHours: number, now = new Date()): number {
    const cutoff = new Date(now.getTime() - maxAgeHours * 3_600_000).toISOString();
    const stale = this.parts.rows.idsIn('in_progress', cutoff);
    for (const id of stale) this.cancelDocument(id, `abandoned: no signature within ${maxAgeHours} h`);
    return stale.length;
  }

  /** Legal hold: a synced document stays on the station whatever the retention says. */
  keepDocument(id: string, reason = 'hold'): DocumentRow {
    return this.parts.port.transaction(() => this.transition(id, 'kept', {}, reason));
  }
  releaseDocument(id: string, reason = 'hold released'): DocumentRow {
    return this.parts.port.transaction(() => this.transition(id, 'synced', {}, reason));
  }

  /** Removes a synced document's content (keys shredded, ciphertext deleted); a tombstone row stays. */
  purgeDocument(id: string, reason: string): DocumentRow {
    const row = this.parts.port.transaction(() => {
      const updated = this.transition(id, 'purged', {}, reason);
      for (const kind of Object.values(documentKinds)) this.parts.records.delete(kind, id);
      return updated;
    });
    this.parts.flushWal();
    return row;
  }

  /** Moves a document to `to` (checked against the life cycle), setting `fields`; call inside a transaction. */
  transition(id: string, to: DocumentState, fields: DocumentFields, reason?: string): DocumentRow {
    const row = this.requireDocument(id);
    this.checkTransition(row, to);
    const at = new Date().toISOString();
    this.parts.rows.update(id, to, at, fields);
    this.emit({ documentId: id, tenant: row.tenant, from: row.state, to, at, reason });
    return this.parts.rows.get(id)!;
  }

  requireDocument(id: string): DocumentRow {
    const row = this.parts.rows.get(id);
    if (!row) throw new VaultInputError(`no document ${JSON.stringify(id).slice(0, 140)} in the vault`);
    return row;
  }

  private writeSigned(input: SignedDocumentInput): DocumentRow {
    const { records, rows } = this.parts;
    this.checkDocumentInput(input.id, input.tenant);
    if (!(input.pdf instanceof Uint8Array) || input.pdf.length === 0) throw new VaultInputError(`document ${input.id}: the signed PDF is empty`);
    if (!this.parts.hasTenantKey()) throw new KeyUnavailableError(`no key for tenant '${this.parts.tenant}' on this station yet: connect to the key service once`, true);
    const signedAt = input.signedAt ? new Date(input.signedAt) : new Date();
    if (Number.isNaN(signedAt.getTime())) throw new VaultInputError(`document ${input.id}: signedAt is not a date`);
    const existing = rows.get(input.id);
    if (existing && existing.state !== 'in_progress') throw new InvalidTransitionError(`document ${input.id} is already ${existing.state}`);
    if (!existing) rows.insertInProgress(input.id, input.tenant, new Date().toISOString());
    records.seal(documentKinds.pdf, input.id, input.pdf);
    if (input.signerName !== undefined || input.metadata !== undefined) {
      records.seal(documentKinds.details, input.id, Buffer.from(JSON.stringify({ signerName: input.signerName, metadata: input.metadata }), 'utf8'));
    }
    if (input.biometricContainer) records.seal(documentKinds.biometrics, input.id, input.biometricContainer);
    const envelope = records.envelope(documentKinds.pdf, input.id, 'application/pdf');
    // The archive object key is the sync's to choose (main/sync/archiveObject.ts), recorded at claim.
    return this.transition(input.id, 'signed', {
      signed_at: signedAt.toISOString(),
      pdf_bytes: input.pdf.length,
      envelope_bytes: envelope.length,
      envelope_sha256: createHash('sha256').update(envelope).digest('hex'),
    }, existing ? undefined : 'stored directly');
  }

  private checkTransition(row: DocumentRow, to: DocumentState): void {
    if (!allowedTransitions[row.state].includes(to)) throw new InvalidTransitionError(`document ${row.id} is ${row.state}; it cannot become ${to}`);
  }

  private checkDocumentInput(id: string, tenant: string): void {
    if (typeof id !== 'string' || !documentIdPattern.test(id)) throw new VaultInputError(`document id must be 1–128 of A–Z a–z 0–9 . _ - (got ${JSON.stringify(id)?.slice(0, 70)})`);
    if (tenant !== this.parts.tenant) throw new VaultInputError(`document ${id} is for tenant '${tenant}', but this vault holds tenant '${this.parts.tenant}'`);
  }

  private emit(event: TransitionEvent): void {
    for (const listener of this.listeners) listener(event, this.parts.port);
  }
}
