import type { Statement } from 'better-sqlite3';
import type { VaultDatabasePort } from '../vault/vaultDatabasePort';
import type { AuditCheckpoint, AuditEntryRow } from './auditChainFormat';

export interface AuditEntryFilter {
  from?: string;
  to?: string;
  subjectTag?: string;
  recordId?: string;
}

/**
 * The audit area's tables in the vault (migrations 101 and 105): entries, signed checkpoints,
 * the public halves of the station's audit keys, recorded payload erasures, the head anchor's
 * marker, and the links from subject tags to records. The only SQL on them.
 */
export class AuditRepository {
  private readonly insertEntry: Statement;
  private readonly headRow: Statement<[], { seq: number; entry_hash: string }>;
  private readonly hashAt: Statement<[number], { entry_hash: string }>;
  private readonly linkStatement: Statement;

  constructor(readonly db: VaultDatabasePort) {
    this.insertEntry = db.prepare(`INSERT INTO audit_entries (seq, at, actor, action, record_id, source, subject_tag, payload_sha256, prev_hash, entry_hash)
                                   VALUES (@seq, @at, @actor, @action, @record_id, @source, @subject_tag, @payload_sha256, @prev_hash, @entry_hash)`);
    this.headRow = db.prepare<[], { seq: number; entry_hash: string }>('SELECT seq, entry_hash FROM audit_entries ORDER BY seq DESC LIMIT 1');
    this.hashAt = db.prepare<[number], { entry_hash: string }>('SELECT entry_hash FROM audit_entries WHERE seq = ?');
    this.linkStatement = db.prepare('INSERT OR IGNORE INTO subject_links (subject_tag, record_id, linked_at) VALUES (?, ?, ?)');
  }

  // ── entries ───────────────────────────────────────────────────────────────────────────────────

  head(): { seq: number; entry_hash: string } | undefined {
    return this.headRow.get();
  }
  hashOf(seq: number): string | undefined {
    return this.hashAt.get(seq)?.entry_hash;
  }
  entry(seq: number): AuditEntryRow | undefined {
    return this.db.prepare('SELECT * FROM audit_entries WHERE seq = ?').get(seq) as AuditEntryRow | undefined;
  }
  insert(row: AuditEntryRow): void {
    this.insertEntry.run(row);
  }
  count(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM audit_entries').get() as { n: number }).n;
  }
  entries(filter: AuditEntryFilter = {}): AuditEntryRow[] {
    const where: string[] = [];
    if (filter.from) where.push('at >= @from');
    if (filter.to) where.push('at < @to');
    if (filter.subjectTag) where.push('subject_tag = @subjectTag');
    if (filter.recordId) where.push('record_id = @recordId');
    return this.db.prepare(`SELECT * FROM audit_entries ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY seq`).all(filter) as AuditEntryRow[];
  }
  /** Every entry in order, one at a time (verification walks chains of any length). */
  iterateEntries(): IterableIterator<AuditEntryRow> {
    return this.db.prepare('SELECT * FROM audit_entries ORDER BY seq').iterate() as IterableIterator<AuditEntryRow>;
  }
  iterateHashes(): IterableIterator<{ seq: number; entry_hash: string }> {
    return this.db.prepare('SELECT seq, entry_hash FROM audit_entries').iterate() as IterableIterator<{ seq: number; entry_hash: string }>;
  }

  // ── checkpoints and keys ──────────────────────────────────────────────────────────────────────

  checkpoint(seq: number): AuditCheckpoint | undefined {
    return this.db.prepare('SELECT * FROM audit_checkpoints WHERE seq = ?').get(seq) as AuditCheckpoint | undefined;
  }
  checkpoints(options: { notUploaded?: boolean } = {}): AuditCheckpoint[] {
    return this.db.prepare(`SELECT * FROM audit_checkpoints ${options.notUploaded ? 'WHERE uploaded_at IS NULL' : ''} ORDER BY seq`).all() as AuditCheckpoint[];
  }
  lastCheckpointSeq(): number {
    return (this.db.prepare('SELECT COALESCE(MAX(seq), 0) AS seq FROM audit_checkpoints').get() as { seq: number }).seq;
  }
  insertCheckpoint(c: Omit<AuditCheckpoint, 'uploaded_at'>): void {
    this.db.prepare('INSERT INTO audit_checkpoints (seq, entry_hash, at, station_id, key_id, signature) VALUES (?, ?, ?, ?, ?, ?)').run(c.seq, c.entry_hash, c.at, c.station_id, c.key_id, c.signature);
  }
  checkpointUploaded(seq: number, at: string): void {
    this.db.prepare('UPDATE audit_checkpoints SET uploaded_at = ? WHERE seq = ?').run(at, seq);
  }
  rememberKey(keyId: string, publicKeyPem: string, at: string): void {
    this.db.prepare('INSERT OR IGNORE INTO audit_keys (key_id, public_key_pem, created_at) VALUES (?, ?, ?)').run(keyId, publicKeyPem, at);
  }
  publicKeyPem(keyId: string): string | undefined {
    return (this.db.prepare('SELECT public_key_pem FROM audit_keys WHERE key_id = ?').get(keyId) as { public_key_pem: string } | undefined)?.public_key_pem;
  }
  publicKeys(): Map<string, string> {
    return new Map((this.db.prepare('SELECT key_id, public_key_pem FROM audit_keys').all() as { key_id: string; public_key_pem: string }[]).map((k) => [k.key_id, k.public_key_pem]));
  }

  // ── erasures, head anchor, subject links ──────────────────────────────────────────────────────

  isPayloadErased(seq: number): boolean {
    return Boolean(this.db.prepare('SELECT 1 FROM audit_payload_erasures WHERE seq = ?').get(seq));
  }
  recordPayloadErased(seq: number, erasedBySeq: number, at: string): void {
    this.db.prepare('INSERT OR IGNORE INTO audit_payload_erasures (seq, erased_by_seq, erased_at) VALUES (?, ?, ?)').run(seq, erasedBySeq, at);
  }
  /** Where the head anchor began (the first entry its file vouches for); undefined: never established. */
  anchorSince(): number | undefined {
    return (this.db.prepare('SELECT since FROM audit_head_anchor WHERE id = 1').get() as { since: number } | undefined)?.since;
  }
  establishAnchor(since: number, at: string): void {
    this.db.prepare('INSERT OR IGNORE INTO audit_head_anchor (id, since, established_at) VALUES (1, ?, ?)').run(since, at);
  }
  linkSubject(subjectTag: string, recordId: string, at: string): void {
    this.linkStatement.run(subjectTag, recordId, at);
  }
  linkedRecords(subjectTag: string): string[] {
    return (this.db.prepare('SELECT record_id FROM subject_links WHERE subject_tag = ? ORDER BY linked_at').all(subjectTag) as { record_id: string }[]).map((r) => r.record_id);
  }
  unlinkSubject(subjectTag: string, recordId: string): void {
    this.db.prepare('DELETE FROM subject_links WHERE subject_tag = ? AND record_id = ?').run(subjectTag, recordId);
  }
}
