/**
 * How much disk one more signed document takes in the vault, for "is there room to start a
 * signing?", the no-space message and the free-space margin.
 *
 * measuredDocumentDiskBytes: the median growth of the storage folder per signed, queued document
 * (84 KiB on 2026-12-02: envelope median 83.5 KiB, from 20 KiB for the demo agreement to 408 KiB for
 * a 380 KiB input; the signature, ink, escrowed biometrics and seal add about 23 KiB to any PDF),
 * measured by `node bin/run-ts.mjs bench/diskSpaceBench.ts` (see bench/results/diskSpace.md): each
 * PDF of ../shared/data/pdf-corpus/ordinary and the demo agreement, signed with a real SVC2004
 * signature and queued into a fresh vault on a tmpfs, the file system's free space read before and
 * after (statfs, so SQLite pages, the WAL and the key files all count).
 *
 * A write needs more than it finally takes: in WAL mode the pages go to the WAL first and are
 * copied into the database file at the checkpoint, so until then both hold them — hence twice the
 * envelope, plus room for the audit entries and row bookkeeping of a signing.
 */
export const measuredDocumentDiskBytes = 84 * 1024;
const bookkeepingBytes = 128 * 1024;

/** Bytes to have free before writing one more document like the recent ones (never less than the measured size). */
export function bytesForOneDocument(recentEnvelopeMean: number | null): number {
  return spaceToWrite(Math.max(recentEnvelopeMean ?? 0, measuredDocumentDiskBytes));
}

/** What one document of the measured size needs free (before a vault is open: `station doctor`). */
export const measuredBytesForOneDocument = spaceToWrite(measuredDocumentDiskBytes);

function spaceToWrite(envelopeBytes: number): number {
  return Math.ceil(2 * envelopeBytes + bookkeepingBytes);
}

/**
 * A busy desk's day: the default free-space margin (storage.freeSpaceMarginMB) holds this many
 * signings at the measured size, plus the transient room of one more (200 × 84 KiB + 296 KiB → 17 MB).
 */
export const signingsPerBusyDay = 200;
export const defaultFreeSpaceMarginMB = Math.ceil((signingsPerBusyDay * measuredDocumentDiskBytes + measuredBytesForOneDocument) / (1024 * 1024));
