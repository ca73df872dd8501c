import { closeSync, fsyncSync, linkSync, openSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';

/**
 * Small key files written so that a crash or a second process never leaves half a file or two
 * different keys: write a temp file, fsync it, then
 *  - 'replace': rename over the target (atomic replace), or
 *  - 'create-once': link() to the target, which fails if another process created it first; the
 *    caller then reads theirs. Returns false in that case.
 */
export function writeFileDurably(path: string, data: string | Uint8Array, how: 'replace' | 'create-once', mode = 0o600): boolean {
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(tmp, data, { mode });
  const fd = openSync(tmp, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  if (how === 'replace') {
    renameSync(tmp, path);
    return true;
  }
  try {
    linkSync(tmp, path);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    return false;
  } finally {
    unlinkSync(tmp);
  }
}
