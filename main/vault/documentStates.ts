/**
 * The life cycle of a signed document in the vault:
 *
 *   in_progress → signed → queued → uploading → synced → kept | purged
 *        └──────────┴────────┴→ cancelled (nothing left: rows, keys)
 *   uploading → queued (upload failed, or the process died: resumed at next start)
 *   kept → synced (hold released), kept/synced → purged (retention or erasure; audited)
 *
 * Every transition is one SQLite transaction. `cancelled` is never stored: cancelling deletes.
 */
export const documentStates = ['in_progress', 'signed', 'queued', 'uploading', 'synced', 'kept', 'purged', 'cancelled'] as const;
export type DocumentState = (typeof documentStates)[number];

export const allowedTransitions: Record<DocumentState, readonly DocumentState[]> = {
  in_progress: ['signed', 'queued', 'cancelled'],
  signed: ['queued', 'cancelled'],
  queued: ['uploading', 'cancelled'],
  uploading: ['synced', 'queued'],
  synced: ['kept', 'purged'],
  kept: ['synced', 'purged'],
  purged: [],
  cancelled: [],
};

/** States whose document has not reached the archive: never purged, counted as waiting. */
export const waitingStates: readonly DocumentState[] = ['signed', 'queued', 'uploading'];
