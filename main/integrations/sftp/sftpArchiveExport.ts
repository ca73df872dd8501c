import type { Vault } from '../../vault/vault';
import type { LogWriter } from '../../logging/logger';
import { HostKeyMismatchError, type SftpExporter } from './sftpExporter';

/**
 * Every signed document the station queues (desk files and outside requests alike) goes to the
 * client's SFTP archive. The duty to export is written in the same vault transaction that queues the
 * document (table from migration 202), so it survives crashes and restarts; a failed export is
 * retried with backoff (capped at `maxDelayMs`) for as long as it takes — a branch may be offline
 * for days. Once delivered, `onDelivered` lets the privacy area record the archive's receipt (which
 * may allow removing the local copy early).
 */
export interface SftpArchiveExportOptions {
  vault: Vault;
  exporter: SftpExporter;
  log: LogWriter;
  /** Only these document types (metadata.documentType); empty: all. */
  documentTypes?: string[];
  /** Called after a document is on the archive (e.g. retentionPurger.confirmArchiveReceipt(id, 'sftp')). */
  onDelivered?: (documentId: string, remotePath: string) => void;
  /** Default 30 s, doubling per failed attempt, up to maxDelayMs (default 1 h). */
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** How often due exports are looked for (besides right after a document is queued). Default 30 s. */
  pollIntervalMs?: number;
  now?: () => Date;
}

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

export interface SftpArchiveExport {
  /** Exports everything due now; resolves when done (the timer calls this too). */
  runOnce(): Promise<void>;
  /** The export log, newest first (no personal data). */
  rows(status?: SftpExportRow['status']): SftpExportRow[];
  close(): void;
}

export function startSftpArchiveExport(options: SftpArchiveExportOptions): SftpArchiveExport {
  const { vault, exporter, log } = options;
  const now = options.now ?? (() => new Date());
  const initialDelayMs = options.initialDelayMs ?? 30_000;
  const maxDelayMs = options.maxDelayMs ?? 3_600_000;
  const wanted = options.documentTypes?.length ? new Set(options.documentTypes) : undefined;
  const db = vault.db;
  const addDuty = db.prepare(`INSERT OR IGNORE INTO sftp_exports (document_id, status, next_attempt_at, created_at) VALUES (?, 'pending', ?, ?)`);
  const due = db.prepare(`SELECT * FROM sftp_exports WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at LIMIT 20`);
  const markDone = db.prepare(`UPDATE sftp_exports SET status = 'exported', attempts = attempts + 1, remote_path = ?, exported_at = ?, last_error = NULL WHERE document_id = ?`);
  const markSkipped = db.prepare(`UPDATE sftp_exports SET status = 'skipped', last_error = ? WHERE document_id = ?`);
  const markFailed = db.prepare(`UPDATE sftp_exports SET attempts = attempts + 1, next_attempt_at = ?, last_error = ? WHERE document_id = ?`);
  let running: Promise<void> | undefined;
  let closed = false;

  // Inside the queueing transaction: the duty to export commits with the document, or not at all.
  const unsubscribe = vault.onTransition((event) => {
    if (event.to !== 'queued' || event.from === 'uploading') return;
    const at = now().toISOString();
    addDuty.run(event.documentId, at, at);
    setTimeout(() => void api.runOnce(), 0).unref();
  });

  async function exportOne(row: SftpExportRow): Promise<void> {
    let doc: ReturnType<Vault['openDocument']>;
    try {
      doc = vault.openDocument(row.document_id);
    } catch (err) {
      markSkipped.run(`not exportable: ${(err as Error).message}`, row.document_id);
      log.warn('SFTP export skipped: the document is no longer on the station', { documentId: row.document_id });
      return;
    }
    const meta = doc.metadata ?? {};
    const documentType = typeof meta.documentType === 'string' ? meta.documentType : undefined;
    if (wanted && !wanted.has(documentType ?? '')) {
      markSkipped.run('document type not exported (sftp.documentTypes)', row.document_id);
      return;
    }
    const reference = typeof meta.reference === 'string' && meta.reference ? meta.reference : 'document';
    try {
      const remotePath = await exporter.exportDocument({
        baseName: `${reference}-${row.document_id}`,
        pdf: doc.pdf,
        documentType,
        signingRequestId: typeof meta.requestId === 'string' ? meta.requestId : undefined,
        metadata: {
          documentId: row.document_id,
          title: meta.title ?? null,
          reference: meta.reference ?? null,
          documentType: documentType ?? null,
          source: meta.source ?? null,
          requestId: meta.requestId ?? null,
          signerName: doc.signerName ?? null,
          signedAt: vault.document(row.document_id)?.signed_at ?? null,
        },
      });
      markDone.run(remotePath, now().toISOString(), row.document_id);
      try {
        options.onDelivered?.(row.document_id, remotePath);
      } catch (err) {
        log.error('SFTP export: recording the archive receipt failed', { documentId: row.document_id, error: (err as Error).message });
      }
    } catch (err) {
      const delay = Math.min(maxDelayMs, initialDelayMs * 2 ** row.attempts);
      markFailed.run(new Date(now().getTime() + delay).toISOString(), (err as Error).message.slice(0, 500), row.document_id);
      const level = err instanceof HostKeyMismatchError ? 'error' : 'warn';
      log[level]('SFTP export failed; will retry', { documentId: row.document_id, attempt: row.attempts + 1, error: (err as Error).message });
    }
  }

  const api: SftpArchiveExport = {
    runOnce() {
      if (running) return running;
      const run = (async () => {
        await Promise.resolve(); // `running` is set before the body can finish
        try {
          // Each document at most once per run: a failing one waits for its next attempt time.
          const tried = new Set<string>();
          for (;;) {
            if (closed) return;
            const rows = (due.all(now().toISOString()) as SftpExportRow[]).filter((r) => !tried.has(r.document_id));
            if (!rows.length) return;
            for (const row of rows) {
              if (closed) return;
              tried.add(row.document_id);
              await exportOne(row);
            }
          }
        } finally {
          running = undefined;
        }
      })();
      running = run;
      return run;
    },
    rows(status) {
      const sql = `SELECT * FROM sftp_exports ${status ? 'WHERE status = ?' : ''} ORDER BY created_at DESC LIMIT 1000`;
      return (status ? db.prepare(sql).all(status) : db.prepare(sql).all()) as SftpExportRow[];
    },
    close() {
      closed = true;
      clearInterval(timer);
      unsubscribe();
    },
  };
  const timer = setInterval(() => void api.runOnce(), options.pollIntervalMs ?? 30_000);
  timer.unref();
  void api.runOnce();
  return api;
}
