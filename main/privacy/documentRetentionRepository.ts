import type { VaultDatabasePort } from '../vault/vaultDatabasePort';

/** A synced document with what retention knows of it. */
export interface RetainedDocumentRow {
  id: string;
  synced_at: string;
  envelope_bytes: number | null;
  document_type: string | null;
  /** 1 when the document's type was read once (an empty type is a type too). */
  typed: number | null;
  archive_receipt_at: string | null;
}

/**
 * The privacy area's `document_retention` table (migration 102): each document's type, read once
 * from its encrypted details, and the client archive's receipt; read beside the vault's documents.
 */
export class DocumentRetentionRepository {
  constructor(private readonly db: VaultDatabasePort) {}

  rememberType(documentId: string, type: string): void {
    this.db.prepare(`INSERT INTO document_retention (document_id, document_type) VALUES (?, ?)
                     ON CONFLICT (document_id) DO UPDATE SET document_type = excluded.document_type`).run(documentId, type);
  }

  /** The type remembered; undefined when it was never read. */
  typeOf(documentId: string): string | undefined {
    return (this.db.prepare('SELECT document_type FROM document_retention WHERE document_id = ?').get(documentId) as { document_type: string | null } | undefined)?.document_type ?? undefined;
  }

  confirmReceipt(documentId: string, at: string, via: string): void {
    this.db.prepare(`INSERT INTO document_retention (document_id, archive_receipt_at, archive_receipt_via) VALUES (?, ?, ?)
                     ON CONFLICT (document_id) DO UPDATE SET archive_receipt_at = excluded.archive_receipt_at, archive_receipt_via = excluded.archive_receipt_via`).run(documentId, at, via);
  }

  /** A document that was synced at some time (whatever its state now). */
  synced(documentId: string): RetainedDocumentRow | undefined {
    return this.db.prepare(`SELECT d.id, d.synced_at, d.envelope_bytes, r.document_type, r.document_type IS NOT NULL AS typed, r.archive_receipt_at
                            FROM documents d LEFT JOIN document_retention r ON r.document_id = d.id
                            WHERE d.id = ? AND d.synced_at IS NOT NULL`).get(documentId) as RetainedDocumentRow | undefined;
  }

  /** Documents in state synced, oldest synced first (the order retention purges in). */
  syncedOldestFirst(): RetainedDocumentRow[] {
    return this.db.prepare(`SELECT d.id, d.synced_at, d.envelope_bytes, r.document_type, r.document_type IS NOT NULL AS typed, r.archive_receipt_at
                            FROM documents d LEFT JOIN document_retention r ON r.document_id = d.id
                            WHERE d.state = 'synced' ORDER BY d.synced_at, d.seq`).all() as RetainedDocumentRow[];
  }

  /** A deleted (never uploaded) document leaves nothing behind, not even its retention row. */
  forget(documentId: string): void {
    this.db.prepare('DELETE FROM document_retention WHERE document_id = ?').run(documentId);
  }

  /** Documents synced in [from, to) (the audit period export). */
  syncedBetween(from: string, to: string): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM documents WHERE synced_at >= ? AND synced_at < ?').get(from, to) as { n: number }).n;
  }
}
