import { createHash } from 'node:crypto';
import type { DocumentQueue } from './documentQueue';
import { documentKinds, type DocumentRow, type DocumentRows } from './documentRows';
import { waitingStates } from './documentStates';
import type { RecordStore } from './recordStore';
import type { VaultDatabasePort } from './vaultDatabasePort';
import { InvalidTransitionError, VaultInputError } from './vaultErrors';

/** What the sync needs of one document to build its archive object (main/sync/archiveObject.ts). */
export interface DocumentArchiveParts {
  row: DocumentRow;
  stationId: string;
  envelope: Buffer;
  detailsEnvelope: Buffer | null;
}

/**
 * The sync service's side of the queue: claim, hand over the envelopes, record the outcome. The
 * object key and the object's shape are the sync's (main/sync/archiveObject.ts), never decided here.
 */
export class UploadQueue {
  constructor(
    private readonly queue: DocumentQueue,
    private readonly parts: { rows: DocumentRows; records: RecordStore; port: VaultDatabasePort; stationId: string },
  ) {}

  /**
   * Moves up to `limit` due queued documents to 'uploading', oldest signing first, recording the
   * object key each will have (`objectKeyOf`, the sync's; a key recorded earlier stays) before any
   * byte leaves, so an upload cut short is still found and erased by its key.
   */
  claimForUpload(limit: number, now = new Date(), objectKeyOf?: (row: DocumentRow) => string): DocumentRow[] {
    return this.parts.port.transaction(() =>
      this.parts.rows.dueForUpload(now.toISOString(), limit).map((id) => {
        const row = this.queue.transition(id, 'uploading', objectKeyOf ? { object_key: objectKeyOf(this.queue.requireDocument(id)) } : {});
        this.parts.rows.countAttempt(id);
        return { ...row, attempts: row.attempts + 1 };
      }),
    );
  }

  /**
   * The document's row, the PDF's envelope (checked against the checksum recorded when it was
   * stored) and the envelope of its signer details.
   */
  archiveParts(id: string): DocumentArchiveParts {
    const { records } = this.parts;
    const row = this.queue.requireDocument(id);
    if (!row.envelope_sha256) throw new VaultInputError(`document ${id} is not signed yet`);
    const envelope = records.envelope(documentKinds.pdf, id, 'application/pdf');
    if (sha256(envelope) !== row.envelope_sha256) throw new VaultInputError(`document ${id}: stored envelope does not match its recorded checksum`);
    const detailsEnvelope = records.has(documentKinds.details, id) ? records.envelope(documentKinds.details, id, 'application/json') : null;
    return { row, stationId: this.parts.stationId, envelope, detailsEnvelope };
  }

  /**
   * Replaces the PDF of a document that has not reached the archive yet with a later version of
   * itself (the sync step that adds PAdES long-term validation data). Same id, same object key;
   * the envelope checksum follows the new bytes. One transaction: the old or the new, never neither.
   */
  replaceWaitingPdf(id: string, pdf: Uint8Array): DocumentRow {
    return this.parts.port.transaction(() => {
      const row = this.queue.requireDocument(id);
      if (!waitingStates.includes(row.state)) throw new InvalidTransitionError(`document ${id} is ${row.state}: only a document not yet archived can be replaced`);
      if (pdf.length === 0) throw new VaultInputError(`document ${id}: the new PDF is empty`);
      this.parts.records.seal(documentKinds.pdf, id, pdf);
      const envelope = this.parts.records.envelope(documentKinds.pdf, id, 'application/pdf');
      this.parts.rows.replaceContentSizes(id, pdf.length, envelope.length, sha256(envelope), new Date().toISOString());
      return this.queue.requireDocument(id);
    });
  }

  /**
   * Several confirmed uploads in one transaction (one fsync instead of many). Each is still its own
   * transition; if the process dies first, none is recorded and the next run finds the objects
   * already in S3 (HEAD before PUT on retries) without sending them again.
   */
  markSyncedMany(ids: string[]): DocumentRow[] {
    const at = new Date().toISOString();
    return this.parts.port.transaction(() => ids.map((id) => this.queue.transition(id, 'synced', { synced_at: at, last_error: null, next_attempt_at: null })));
  }

  markUploadFailed(id: string, error: string, retryAt: Date): DocumentRow {
    return this.parts.port.transaction(() => this.queue.transition(id, 'queued', { last_error: error.slice(0, 500), next_attempt_at: retryAt.toISOString() }, 'upload failed'));
  }

  /** At start: 'uploading' rows (the process died mid-upload) go back to 'queued'. */
  resumeInterruptedUploads(): number {
    return this.returnToQueue(this.parts.rows.idsIn('uploading'), 'resumed after interruption');
  }

  /**
   * Claimed documents that were not (fully) attempted go back to the queue, due now, with no error.
   * `notAttempted`: not a byte was sent, so the claim does not count as an attempt.
   */
  returnToQueue(ids: string[], reason: string, notAttempted = false): number {
    return this.parts.port.transaction(() => {
      for (const id of ids) {
        const attempts = notAttempted ? { attempts: Math.max(0, this.queue.requireDocument(id).attempts - 1) } : {};
        this.queue.transition(id, 'queued', { next_attempt_at: null, ...attempts }, reason);
      }
      return ids.length;
    });
  }
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}
