import type { Vault } from '../../vault/vault';
import type { LogWriter } from '../../logging/logger';
import { HostKeyMismatchError, type SftpExporter } from './sftpExporter';
import { SftpExportRepository, type SftpExportRow } from './sftpExportRepository';

export type { SftpExportRow } from './sftpExportRepository';

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
  const exports = new SftpExportRepository(vault.sql);
  let running: Promise<void> | undefined;
  let closed = false;

  // Inside the queueing transaction: the duty to export commits with the document, or not at all.
  const unsubscribe = vault.onTransition((event) => {
    if (event.to !== 'queued' || event.from === 'uploading') return;
    const at = now().toISOString();
    exports.owe(event.documentId, at);
    setTimeout(() => void api.runOnce(), 0).unref();
  });

  async function exportOne(row: SftpExportRow): Promise<void> {
    let doc: ReturnType<Vault['openDocument']>;
    try {
      doc = vault.openDocument(row.document_id);
    } catch (err) {
      exports.skipped(row.document_id, `not exportable: ${(err as Error).message}`);
      log.warn('SFTP export skipped: the document is no longer on the station', { documentId: row.document_id });
      return;
    }
    const meta = doc.metadata ?? {};
    const documentType = typeof meta.documentType === 'string' ? meta.documentType : undefined;
    if (wanted && !wanted.has(documentType ?? '')) {
      exports.skipped(row.document_id, 'document type not exported (sftp.documentTypes)');
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
      exports.exported(row.document_id, remotePath, now().toISOString());
      try {
        options.onDelivered?.(row.document_id, remotePath);
      } catch (err) {
        log.error('SFTP export: recording the archive receipt failed', { documentId: row.document_id, error: (err as Error).message });
      }
    } catch (err) {
      const delay = Math.min(maxDelayMs, initialDelayMs * 2 ** row.attempts);
      exports.failed(row.document_id, new Date(now().getTime() + delay).toISOString(), (err as Error).message.slice(0, 500));
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
            const rows = exports.dueAt(now().toISOString()).filter((r) => !tried.has(r.document_id));
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
      return exports.log(status);
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
