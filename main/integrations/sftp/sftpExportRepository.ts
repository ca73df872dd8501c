import type { VaultDatabasePort } from '../../vault/vaultDatabasePort';

export interface SftpExportRow {
  document_id: string;
  status: 'pending' | 'exported' | 'skipped';
  attempts: number;
  next_attempt_at: string;
  last_error: string | null;
  remote_path: string | null;
  exported_at: string | null;
  created_at: string;
}

/** The SFTP export duties and their log (table from migration 202): document ids, states, errors; nothing personal. */
export class SftpExportRepository {
  private readonly addDuty;
  private readonly due;

  constructor(private readonly db: VaultDatabasePort) {
    this.addDuty = db.prepare(`INSERT OR IGNORE INTO sftp_exports (document_id, status, next_attempt_at, created_at) VALUES (?, 'pending', ?, ?)`);
    this.due = db.prepare<[string], SftpExportRow>(`SELECT * FROM sftp_exports WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at LIMIT 20`);
  }

  /** The duty to export, due at once; a document already owed is left as it is. */
  owe(documentId: string, at: string): void {
    this.addDuty.run(documentId, at, at);
  }

  /** Up to 20 pending exports whose attempt time has come, the longest waiting first. */
  dueAt(now: string): SftpExportRow[] {
    return this.due.all(now);
  }

  exported(documentId: string, remotePath: string, at: string): void {
    this.db.prepare(`UPDATE sftp_exports SET status = 'exported', attempts = attempts + 1, remote_path = ?, exported_at = ?, last_error = NULL WHERE document_id = ?`).run(remotePath, at, documentId);
  }

  skipped(documentId: string, why: string): void {
    this.db.prepare(`UPDATE sftp_exports SET status = 'skipped', last_error = ? WHERE document_id = ?`).run(why, documentId);
  }

  failed(documentId: string, retryAt: string, error: string): void {
    this.db.prepare(`UPDATE sftp_exports SET attempts = attempts + 1, next_attempt_at = ?, last_error = ? WHERE document_id = ?`).run(retryAt, error, documentId);
  }

  /** The export log, newest first (at most 1000); empty on a vault from before SFTP exports. */
  log(status?: SftpExportRow['status']): SftpExportRow[] {
    if (!this.db.hasTable('sftp_exports')) return [];
    const sql = `SELECT * FROM sftp_exports ${status ? 'WHERE status = ?' : ''} ORDER BY created_at DESC LIMIT 1000`;
    return (status ? this.db.prepare(sql).all(status) : this.db.prepare(sql).all()) as SftpExportRow[];
  }
}
