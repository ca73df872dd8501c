import type { DocumentState } from './documentStates';
import type { VaultDatabase } from './vaultDatabase';

/** A document's row: ids, states, times, sizes and checksums; nothing personal (that is in its records). */
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

/** The columns a transition may set besides state and updated_at. */
export type DocumentFields = Partial<Record<keyof DocumentRow, string | number | null>>;

/** Record kinds the document queue uses. */
export const documentKinds = { pdf: 'document-pdf', details: 'document-details', biometrics: 'biometric-container' } as const;

/** The `documents` table: the vault's only SQL on it. */
export class DocumentRows {
  constructor(private readonly db: VaultDatabase) {}

  get(id: string): DocumentRow | undefined {
    return this.db.prepare('SELECT * FROM documents WHERE id = ?').get(id) as DocumentRow | undefined;
  }

  list(state?: DocumentState): DocumentRow[] {
    return (state
      ? this.db.prepare('SELECT * FROM documents WHERE state = ? ORDER BY seq').all(state)
      : this.db.prepare('SELECT * FROM documents ORDER BY seq').all()) as DocumentRow[];
  }

  insertInProgress(id: string, tenant: string, now: string): void {
    this.db.prepare('INSERT INTO documents (id, tenant, state, created_at, updated_at) VALUES (?, ?, ?, ?, ?)').run(id, tenant, 'in_progress', now, now);
  }

  /** Sets the state, updated_at and the given columns (names from DocumentRow only). */
  update(id: string, state: DocumentState, at: string, fields: DocumentFields): void {
    const sets = Object.keys(fields).map((k) => `${k} = @${k}`);
    this.db.prepare(`UPDATE documents SET state = @state, updated_at = @at${sets.length ? ', ' + sets.join(', ') : ''} WHERE id = @id`).run({ ...fields, state, at, id });
  }

  replaceContentSizes(id: string, pdfBytes: number, envelopeBytes: number, envelopeSha256: string, at: string): void {
    this.db.prepare('UPDATE documents SET pdf_bytes = ?, envelope_bytes = ?, envelope_sha256 = ?, updated_at = ? WHERE id = ?').run(pdfBytes, envelopeBytes, envelopeSha256, at, id);
  }

  countAttempt(id: string): void {
    this.db.prepare('UPDATE documents SET attempts = attempts + 1 WHERE id = ?').run(id);
  }

  delete(id: string): void {
    this.db.prepare('DELETE FROM documents WHERE id = ?').run(id);
  }

  /** Queued documents whose retry time has come, oldest signing first. */
  dueForUpload(now: string, limit: number): string[] {
    return (this.db.prepare("SELECT id FROM documents WHERE state = 'queued' AND (next_attempt_at IS NULL OR next_attempt_at <= ?) ORDER BY seq LIMIT ?").all(now, limit) as { id: string }[]).map((r) => r.id);
  }

  idsIn(state: DocumentState, updatedBefore?: string): string[] {
    const rows = updatedBefore
      ? this.db.prepare('SELECT id FROM documents WHERE state = ? AND updated_at < ?').all(state, updatedBefore)
      : this.db.prepare('SELECT id FROM documents WHERE state = ?').all(state);
    return (rows as { id: string }[]).map((r) => r.id);
  }

  /** Synced documents, oldest synced first: the order retention purges in. */
  syncedOldestFirst(): { id: string; synced_at: string; envelope_bytes: number }[] {
    return this.db.prepare("SELECT id, synced_at, envelope_bytes FROM documents WHERE state = 'synced' ORDER BY synced_at, seq").all() as { id: string; synced_at: string; envelope_bytes: number }[];
  }

  /** Envelope bytes of all documents whose ciphertext is still on this station. */
  storedBytes(): number {
    return (this.db.prepare("SELECT COALESCE(SUM(envelope_bytes), 0) AS b FROM documents WHERE state NOT IN ('purged', 'cancelled')").get() as { b: number }).b;
  }

  countsByState(): { state: DocumentState; n: number }[] {
    return this.db.prepare('SELECT state, COUNT(*) AS n FROM documents GROUP BY state').all() as { state: DocumentState; n: number }[];
  }

  bytesIn(states: readonly DocumentState[]): number {
    return (this.db.prepare(`SELECT COALESCE(SUM(envelope_bytes), 0) AS b FROM documents WHERE state IN (${states.map(() => '?').join(',')})`).get(...states) as { b: number }).b;
  }

  oldestIn(states: readonly DocumentState[]): { id: string; since: string } | undefined {
    return this.db.prepare(`SELECT id, COALESCE(queued_at, signed_at, created_at) AS since FROM documents WHERE state IN (${states.map(() => '?').join(',')}) ORDER BY seq LIMIT 1`).get(...states) as { id: string; since: string } | undefined;
  }

  /** Documents waiting to upload whose last attempt failed, and the newest such error. */
  failingUploads(): { count: number; lastError: string | null } {
    const failing = this.db.prepare("SELECT COUNT(*) AS n FROM documents WHERE state IN ('queued','uploading') AND last_error IS NOT NULL").get() as { n: number };
    const last = this.db.prepare("SELECT last_error FROM documents WHERE last_error IS NOT NULL AND state IN ('queued','uploading') ORDER BY updated_at DESC LIMIT 1").get() as { last_error: string } | undefined;
    return { count: failing.n, lastError: last?.last_error ?? null };
  }

  /** Documents with a readable record of this kind (its key not shredded), in order of creation. */
  withRecord(kind: string): DocumentRow[] {
    return this.db.prepare('SELECT d.* FROM documents d JOIN records r ON r.kind = ? AND r.id = d.id WHERE r.wrapped_dek IS NOT NULL ORDER BY d.seq').all(kind) as DocumentRow[];
  }

  /** Documents that should hold content but whose PDF record is gone or shredded. */
  withoutContent(): number {
    return (this.db.prepare(`SELECT COUNT(*) AS n FROM documents d WHERE state IN ('signed','queued','uploading','synced','kept')
      AND NOT EXISTS (SELECT 1 FROM records r WHERE r.kind = ? AND r.id = d.id AND r.wrapped_dek IS NOT NULL)`).get(documentKinds.pdf) as { n: number }).n;
  }

  /** The mean envelope size of the last 20 documents stored (free-space estimates). */
  recentEnvelopeMean(): number | null {
    return (this.db.prepare('SELECT AVG(envelope_bytes) AS avg FROM (SELECT envelope_bytes FROM documents WHERE envelope_bytes IS NOT NULL ORDER BY seq DESC LIMIT 20)').get() as { avg: number | null }).avg;
  }
}
