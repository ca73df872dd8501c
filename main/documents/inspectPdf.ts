import { Worker } from 'node:worker_threads';
import type { PdfInfo, PdfRect } from './pdfInfo';
import { PdfRejectedError, type PdfRejectionCode } from './pdfRejectedError';
import { checkPdfEnvelope } from './pdfDocumentModel';
import type { ParseRequest, ParseResponse } from './pdfParseWorker';
import type { AnchorHit } from './anchorTextLocator';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export interface InspectOptions {
  /** Larger input is refused before parsing (config documents.maxBytes). */
  maxBytes?: number;
  /** Accepted for API stability; encrypted documents are refused whatever the password (see PdfRejectedError 'encrypted'). */
  password?: string;
  /** Wall-clock bound for parsing one document. */
  timeoutMs?: number;
}

export const DEFAULT_MAX_BYTES = 50 * 1024 * 1024;
const DEFAULT_TIMEOUT_MS = 20_000;
/** Heap limit of the parsing thread: a bomb hits this, not the station. */
const WORKER_HEAP_MB = 384;
const WORKER_YOUNG_MB = 2;
/**
 * The thread ends after this long without a request, giving back its isolate (~20 MiB of resident
 * memory, bench/results/signingMemory.md). Longer than a sitting's gaps (the form's places → "Send
 * to customer", which reads the places again; the customer reading a contract → the seal), so the
 * seal does not wait for a restart, and so one signing's peak is the warm thread's: a thread
 * restarted for the seal measured no lower peak (the freed isolate is not all given back to the
 * system) and 0.17 s more before the sealed copy. Between customers the memory goes back.
 */
const DEFAULT_IDLE_STOP_MS = 5 * 60_000;

/**
 * One long-lived parsing thread, restarted after a timeout or a crash. Requests are served one at a
 * time (the station opens one document at a time; the CLI and tests likewise), which keeps the
 * memory bound meaningful.
 */
class BoundedPdfParser {
  private worker: Worker | undefined;
  private ready: Promise<void> | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private nextId = 1;
  private pending = 0;
  private idleTimer: NodeJS.Timeout | undefined;
  idleStopMs = DEFAULT_IDLE_STOP_MS;

  /** Threads told to end that have not exited yet: their isolate still holds its memory. */
  private ending = new Set<Worker>();

  /** Whether a thread is running or still ending (tests of the idle stop, the memory bench). */
  get running(): boolean {
    return this.worker !== undefined || this.ending.size > 0;
  }

  private start(): { worker: Worker; ready: Promise<void> } {
    if (this.worker && this.ready) return { worker: this.worker, ready: this.ready };
    // A young generation of 2 MiB (not V8's 64): the thread's short-lived parse garbage is collected
    // before it grows the process (8 MiB cost 1.5 MiB more peak RSS per signing, 1 MiB no less);
    // the old-generation cap still bounds a bomb.
    const worker = new Worker(new URL('./pdfParseWorker.boot.mjs', import.meta.url), {
      resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB, maxYoungGenerationSizeMb: WORKER_YOUNG_MB, stackSizeMb: 4 },
    });
    worker.unref();
    this.worker = worker;
    this.ready = new Promise<void>((resolve, reject) => {
      const onMsg = (m: { ready?: boolean }) => {
        if (m?.ready) {
          worker.off('message', onMsg);
          worker.off('error', reject);
          resolve();
        }
      };
      worker.on('message', onMsg);
      worker.once('error', reject);
    });
    worker.once('exit', () => {
      if (this.worker === worker) {
        this.worker = undefined;
        this.ready = undefined;
      }
    });
    return { worker, ready: this.ready };
  }

  private kill(worker: Worker) {
    if (this.worker === worker) {
      this.worker = undefined;
      this.ready = undefined;
    }
    this.ending.add(worker);
    void worker.terminate().finally(() => this.ending.delete(worker));
  }

  private armIdleStop() {
    clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
    if (this.pending > 0 || !this.worker) return;
    const worker = this.worker;
    this.idleTimer = setTimeout(() => {
      if (this.pending === 0 && this.worker === worker) this.kill(worker);
    }, this.idleStopMs);
    this.idleTimer.unref();
  }

  request<T>(req: DistributiveOmit<ParseRequest, 'id'>, timeoutMs: number): Promise<T> {
    this.pending++;
    clearTimeout(this.idleTimer);
    const run = async (): Promise<T> => {
      const { worker, ready } = this.start();
      worker.ref();
      try {
        await ready;
        const id = this.nextId++;
        return await new Promise<T>((resolve, reject) => {
          const timer = setTimeout(() => {
            cleanup();
            this.kill(worker);
            reject(new PdfRejectedError('too-complex', `The PDF could not be read within ${Math.round(timeoutMs / 1000)} s; it is too complex or built to stall readers.`));
          }, timeoutMs);
          const onMessage = (res: ParseResponse) => {
            if (res.id !== id) return;
            cleanup();
            if (res.ok) resolve(res.result as T);
            else reject(new PdfRejectedError(res.code as PdfRejectionCode, res.message));
          };
          const onError = (err: Error & { code?: string }) => {
            cleanup();
            this.kill(worker);
            reject(err.code === 'ERR_WORKER_OUT_OF_MEMORY'
              ? new PdfRejectedError('too-complex', 'The PDF needs too much memory to read; it is too complex or built to exhaust readers.')
              : new PdfRejectedError('damaged', `The PDF could not be read (${err.message.split('\n')[0]}).`));
          };
          const onExit = () => {
            cleanup();
            reject(new PdfRejectedError('too-complex', 'Reading the PDF stopped the parser; it is too complex or built to crash readers.'));
          };
          const cleanup = () => {
            clearTimeout(timer);
            worker.off('message', onMessage);
            worker.off('error', onError);
            worker.off('exit', onExit);
          };
          worker.on('message', onMessage);
          worker.on('error', onError);
          worker.on('exit', onExit);
          worker.postMessage({ ...req, id });
        });
      } finally {
        worker.unref();
      }
    };
    const result = this.queue.then(run, run).finally(() => {
      this.pending--;
      this.armIdleStop();
    });
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** Stops the thread (tests, shutdown). */
  async close(): Promise<void> {
    clearTimeout(this.idleTimer);
    const w = this.worker;
    this.worker = undefined;
    this.ready = undefined;
    if (w) await w.terminate();
  }
}

const sharedParser = new BoundedPdfParser();

/**
 * Reads what the station needs to know about a document, or refuses it with one clear reason.
 * Untrusted bytes are parsed in a worker thread with a heap limit and a time limit.
 */
export async function inspectPdf(bytes: Uint8Array, opts: InspectOptions = {}): Promise<PdfInfo> {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  checkPdfEnvelope(bytes, maxBytes);
  return sharedParser.request<PdfInfo>({ op: 'inspect', bytes, maxBytes }, opts.timeoutMs ?? DEFAULT_TIMEOUT_MS);
}

/** Finds an anchor text with the content-stream text reader (pageText/) inside the bounded parsing thread (content streams are untrusted input). */
export async function findAnchorTextBounded(bytes: Uint8Array, anchor: string, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<AnchorHit | undefined> {
  return (await sharedParser.request<AnchorHit | null>({ op: 'anchor', bytes, anchor }, timeoutMs)) ?? undefined;
}

/** Text boxes of one page (user space), from the content-stream text reader inside the bounded parsing thread. */
export async function pageTextBoxesBounded(bytes: Uint8Array, page: number, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<PdfRect[]> {
  return sharedParser.request<PdfRect[]>({ op: 'textBoxes', bytes, page }, timeoutMs);
}

/** How long the parsing thread may sit idle before it ends (tests; the default suits the station). */
export function setPdfParserIdleStop(ms: number): void {
  sharedParser.idleStopMs = ms;
}

/** Whether the parsing thread is running now, or ending and still holding its memory. */
export function pdfParserRunning(): boolean {
  return sharedParser.running;
}

/** Stops the parsing thread; the next inspectPdf starts a new one. */
export function closePdfParser(): Promise<void> {
  return sharedParser.close();
}
