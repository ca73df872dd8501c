import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freeBytes } from '../../main/vault/diskSpace';

/**
 * A real, small file system for disk-full tests: a tmpfs the test mounts (as root, as CI runs) and
 * fills with a filler file, so SQLite and every file write meet a true ENOSPC — no fake.
 *
 *   const disk = mountSmallDisk(12)            // undefined + skipReason where mounting is not possible
 *   mountSmallDisk(24, 'ext4')                  // an ext4 image on a loop device instead (no root-reserved blocks)
 *   disk.fill()                                 // nothing left; disk.fill(300_000) leaves about 300 KB
 *   disk.release()                              // the filler goes: space is back
 *   disk.unmount()
 */
export interface SmallDisk {
  dir: string;
  free(): number;
  fill(leaveBytes?: number): void;
  release(): void;
  unmount(): void;
}

export function mountSmallDisk(sizeMiB: number, fs: 'tmpfs' | 'ext4' = 'tmpfs'): { disk?: SmallDisk; skipReason?: string } {
  const dir = mkdtempSync(join(tmpdir(), 'small-disk-'));
  const image = `${dir}.img`;
  try {
    if (fs === 'tmpfs') execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeMiB}m,mode=0700`, 'tmpfs', dir], { stdio: ['ignore', 'ignore', 'pipe'] });
    else {
      execFileSync('truncate', ['-s', `${sizeMiB}M`, image]);
      execFileSync('mkfs.ext4', ['-q', '-F', '-m', '0', image], { stdio: ['ignore', 'ignore', 'pipe'] });
      execFileSync('mount', ['-o', 'loop', image, dir], { stdio: ['ignore', 'ignore', 'pipe'] });
    }
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    rmSync(image, { force: true });
    const why = (err as { stderr?: Buffer }).stderr?.toString().trim() || (err as Error).message;
    return { skipReason: `skipped: cannot mount a ${sizeMiB} MB ${fs} here (needs root, as CI runs): ${why}` };
  }
  const filler = join(dir, 'filler.bin');
  let fillers = 0;
  const disk: SmallDisk = {
    dir,
    free: () => freeBytes(dir),
    fill(leaveBytes = 0) {
      // Several files, so a later fill() tops up what the station freed meanwhile.
      const fd = openSync(`${filler}.${fillers++}`, 'w');
      const chunk = Buffer.alloc(64 * 1024, 0x5a);
      try {
        for (;;) {
          const room = disk.free() - leaveBytes;
          if (room <= 0) break;
          try {
            writeSync(fd, chunk, 0, Math.min(chunk.length, room));
          } catch (err) {
            if ((err as NodeJS.ErrnoException).code === 'ENOSPC') break;
            throw err;
          }
        }
      } finally {
        closeSync(fd);
      }
    },
    release() {
      for (let i = 0; i < fillers; i++) rmSync(`${filler}.${i}`, { force: true });
      fillers = 0;
    },
    unmount() {
      try {
        execFileSync('umount', [dir]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
        rmSync(image, { force: true });
      }
    },
  };
  return { disk };
}
