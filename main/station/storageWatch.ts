import type { StorageSpace } from './storageSpace';

/**
 * Tells the windows when the storage folder's state changes (ok → low → full and back, held audit
 * entries, or a change of free space worth a new number on the health bar), so the teller sees a
 * filling disk before the next signing rather than at it. Looks every `everyMs` (statfs is cheap).
 */
export function watchStorage(storage: StorageSpace, changed: () => void, everyMs = 5000): () => void {
  let last = storage.status();
  const timer = setInterval(() => {
    const now = storage.status();
    const moved = Math.abs(now.freeBytes - last.freeBytes) > Math.max(1024 * 1024, last.freeBytes * 0.05);
    if (now.level !== last.level || now.heldAuditEntries !== last.heldAuditEntries || moved) {
      last = now;
      changed();
    }
  }, everyMs);
  timer.unref?.();
  return () => clearInterval(timer);
}
