import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, watch, writeFileSync, type FSWatcher } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { metadataRequestFields, signingRequestMetadataSchema } from '../api/signingRequestInput';
import { NotAPdfError } from '../inbox/pdfDocumentCheck';
import type { SigningRequestInbox } from '../inbox/signingRequestInbox';
import type { LogWriter } from '../../logging/logger';

/**
 * A watched folder for systems that can only save a PDF. A file `name.pdf` is taken once its size
 * has stayed the same for `stableForMs` (the writer has finished), handed to the signing queue, and
 * then deleted: the queue keeps it encrypted, and no plaintext copy stays on disk. An optional
 * `name.json` beside it carries the same metadata as the API (externalReference, signer, …); write
 * it before the PDF, since the PDF is taken as soon as it is complete.
 *
 * What cannot be taken (not a PDF, bad metadata) moves to `rejected/` with a `.reason.txt`, so
 * nothing dropped in the folder is silently lost. Hidden and temporary names (.x, *.tmp, *.part, ~)
 * are left alone: many programs write those first and rename when done.
 *
 * Events (inotify) make it quick; a poll catches what events miss (network shares).
 */
export interface HotFolderOptions {
  dir: string;
  inbox: SigningRequestInbox;
  log: LogWriter;
  /** Default 1000 ms. */
  pollIntervalMs?: number;
  /** Default 1500 ms. */
  stableForMs?: number;
  /** Files larger than this are rejected. Default 50 MiB. */
  maxBytes?: number;
  /** Rejected files may hold personal data in plaintext: they are deleted after this many days. Default 7. */
  rejectedRetentionDays?: number;
}

export interface RunningHotFolder {
  /** Looks at the folder now (also called by the timer and by file events). */
  scan(): Promise<void>;
  close(): void;
}

const ignoredName = /^\.|\.(tmp|part|crdownload|swp)$|~$/i;

export function startHotFolder(options: HotFolderOptions): RunningHotFolder {
  const { dir, inbox, log } = options;
  const pollIntervalMs = options.pollIntervalMs ?? 1000;
  const stableForMs = options.stableForMs ?? 1500;
  const maxBytes = options.maxBytes ?? 50 * 1024 * 1024;
  const rejectedDir = join(dir, 'rejected');
  const rejectedRetentionMs = (options.rejectedRetentionDays ?? 7) * 86_400_000;
  let lastRejectedSweep = 0;
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  /** name → last seen size and since when it has been that size. */
  const seen = new Map<string, { size: number; mtimeMs: number; since: number }>();
  let scanning: Promise<void> | undefined;
  let again = false;
  let closed = false;

  function reject(name: string, reason: string): void {
    mkdirSync(rejectedDir, { recursive: true, mode: 0o700 });
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const target = join(rejectedDir, `${stamp}-${name}`);
    renameSync(join(dir, name), target);
    const sidecar = join(dir, `${basename(name, extname(name))}.json`);
    if (existsSync(sidecar)) renameSync(sidecar, `${target}.json`);
    writeFileSync(`${target}.reason.txt`, `${reason}\n`);
    log.warn('hot folder: file rejected', { file: name, reason });
  }

  async function take(name: string): Promise<void> {
    const file = join(dir, name);
    const bytes = new Uint8Array(readFileSync(file));
    const sidecarFile = join(dir, `${basename(name, extname(name))}.json`);
    let metadata: ReturnType<typeof signingRequestMetadataSchema.parse> = {};
    if (existsSync(sidecarFile)) {
      let raw: unknown;
      try {
        raw = JSON.parse(readFileSync(sidecarFile, 'utf8'));
      } catch (err) {
        return reject(name, `the metadata file is not valid JSON: ${(err as Error).message}`);
      }
      const parsed = signingRequestMetadataSchema.safeParse(raw);
      if (!parsed.success) return reject(name, `the metadata file is not valid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
      metadata = parsed.data;
    }
    try {
      const { request } = await inbox.submit({
        source: 'hot-folder',
        owner: 'hot-folder',
        document: bytes,
        documentName: name,
        ...metadataRequestFields(metadata),
      });
      // The queue holds the document now (encrypted); the plaintext copy goes.
      unlinkSync(file);
      if (existsSync(sidecarFile)) unlinkSync(sidecarFile);
      log.info('hot folder: document queued for signing', { file: name, signingRequestId: request.id, bytes: bytes.length });
    } catch (err) {
      if (err instanceof NotAPdfError || err instanceof TypeError) return reject(name, (err as Error).message);
      // Anything else (the vault busy, a disk error) is worth another try at the next scan.
      log.error('hot folder: could not queue the document; will retry', { file: name, error: (err as Error).message });
      seen.delete(name);
    }
  }

  async function scanOnce(): Promise<void> {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch (err) {
      log.error('hot folder: cannot read the folder', { dir, error: (err as Error).message });
      return;
    }
    const now = Date.now();
    const present = new Set<string>();
    for (const name of names) {
      if (closed) return;
      if (ignoredName.test(name) || extname(name).toLowerCase() !== '.pdf') continue;
      let stats;
      try {
        stats = statSync(join(dir, name));
      } catch {
        continue; // gone meanwhile
      }
      if (!stats.isFile()) continue;
      present.add(name);
      const last = seen.get(name);
      if (!last || last.size !== stats.size || last.mtimeMs !== stats.mtimeMs) {
        seen.set(name, { size: stats.size, mtimeMs: stats.mtimeMs, since: now });
        continue;
      }
      if (now - last.since < stableForMs || stats.size === 0) continue;
      seen.delete(name);
      if (stats.size > maxBytes) {
        reject(name, `the file is ${stats.size} bytes; the limit is ${maxBytes}`);
        continue;
      }
      try {
        await take(name);
      } catch (err) {
        log.error('hot folder: failed to take a file', { file: name, error: (err as Error).message });
      }
    }
    for (const name of seen.keys()) if (!present.has(name)) seen.delete(name);
    if (now - lastRejectedSweep > 60_000) {
      lastRejectedSweep = now;
      sweepRejected(now);
    }
  }

  /** Rejected files were kept for an operator to look at, not for ever: they may be personal data. */
  function sweepRejected(now: number): void {
    if (!existsSync(rejectedDir)) return;
    for (const name of readdirSync(rejectedDir)) {
      const file = join(rejectedDir, name);
      try {
        if (now - statSync(file).mtimeMs > rejectedRetentionMs) {
          unlinkSync(file);
          log.info('hot folder: old rejected file deleted', { file: name });
        }
      } catch {
        // gone meanwhile, or not ours to delete: leave it
      }
    }
  }

  function scan(): Promise<void> {
    if (scanning) {
      again = true;
      return scanning;
    }
    scanning = (async () => {
      do {
        again = false;
        await scanOnce();
      } while (again && !closed);
    })().finally(() => {
      scanning = undefined;
    });
    return scanning;
  }

  const timer = setInterval(() => void scan(), pollIntervalMs);
  timer.unref();
  let watcher: FSWatcher | undefined;
  try {
    watcher = watch(dir, () => void scan());
    watcher.on('error', () => undefined);
  } catch {
    // No file events here (some network file systems): the poll alone will do.
  }
  void scan();
  log.info('hot folder watched', { dir });

  return {
    scan,
    close() {
      closed = true;
      clearInterval(timer);
      watcher?.close();
    },
  };
}
