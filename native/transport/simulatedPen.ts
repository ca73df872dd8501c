import type { RecordedReport } from './hidRecording';
import type { HidConnection, HidDeviceInfo, HidTransport, ReportListener } from './hidTransport';

/**
 * The simulated pen: a HidTransport with one virtual device that replays a recorded report stream
 * (a hid-recorder capture, the STU logs encoded as 0x34 reports, or a synthetic signature) through
 * the very same profiles and decoders as a real device. Used by default when no pen is plugged in,
 * and by all tests. Pure: timers come from the Scheduler (globalThis by default), no Node imports.
 *
 * Timing: 'recorded' delivers each report at its recorded offset; 'fast' delivers everything as
 * fast as the event loop allows (in chunks, so the loop is never starved). Either way a report's
 * arrival time is the replay's start plus its recorded offset, so samples keep the recorded rhythm.
 */
export interface SimulatedStream {
  device: HidDeviceInfo;
  reports: RecordedReport[];
  /** Feature reports the virtual device answers (report ID → bytes, ID first). */
  features?: Map<number, Uint8Array>;
  /** A short description for logs and status ("Wacom STU log logfile.txt, session 3"). */
  label: string;
}

export interface Scheduler {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const defaultScheduler: Scheduler = {
  now: () => globalThis.performance.now(),
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (h) => globalThis.clearTimeout(h as ReturnType<typeof setTimeout>),
};

export interface SimulatedPenOptions {
  /** One or more streams played one after the other (e.g. several signatures). */
  streams: SimulatedStream[];
  timing?: 'recorded' | 'fast';
  /** Start again after the last stream, after `loopPauseMs` of silence. */
  loop?: boolean;
  loopPauseMs?: number;
  scheduler?: Scheduler;
  /** Reports per chunk in 'fast' timing. */
  fastChunk?: number;
}

export class SimulatedPenTransport implements HidTransport {
  readonly kind = 'simulated' as const;
  private plugged = true;
  private connection: SimulatedConnection | undefined;

  constructor(readonly options: SimulatedPenOptions) {
    if (options.streams.length === 0) throw new Error('the simulated pen needs at least one report stream');
  }

  get device(): HidDeviceInfo {
    return this.options.streams[0].device;
  }

  async list(): Promise<HidDeviceInfo[]> {
    return this.plugged ? [this.device] : [];
  }

  async open(device: HidDeviceInfo): Promise<HidConnection> {
    if (!this.plugged || device.id !== this.device.id) throw new Error(`simulated device ${device.id} is not present`);
    this.connection = new SimulatedConnection(this.device, this.options);
    return this.connection;
  }

  /** Test and demo hook: pull the virtual plug (the open connection closes, list() is empty). */
  unplug(): void {
    this.plugged = false;
    this.connection?.terminate(new Error('device unplugged'));
    this.connection = undefined;
  }

  replug(): void {
    this.plugged = true;
  }

  get isPlugged(): boolean {
    return this.plugged;
  }
}

class SimulatedConnection implements HidConnection {
  private readonly listeners: ReportListener[] = [];
  private readonly closeListeners: ((reason: Error | undefined) => void)[] = [];
  private readonly scheduler: Scheduler;
  private timer: unknown;
  private streamIndex = 0;
  private next = 0;
  private origin = 0;
  private lastArrival = -Infinity;
  private closed = false;
  private started = false;

  constructor(readonly info: HidDeviceInfo, private readonly options: SimulatedPenOptions) {
    this.scheduler = options.scheduler ?? defaultScheduler;
  }

  onReport(listener: ReportListener): void {
    this.listeners.push(listener);
    if (!this.started) {
      this.started = true;
      this.startStream(0);
    }
  }

  onClose(listener: (reason: Error | undefined) => void): void {
    this.closeListeners.push(listener);
  }

  async getFeatureReport(reportId: number, length: number): Promise<Uint8Array> {
    const stream = this.options.streams[this.streamIndex] ?? this.options.streams[0];
    const f = stream.features?.get(reportId);
    if (!f) throw new Error(`simulated device has no feature report 0x${reportId.toString(16)}`);
    return f.slice(0, Math.max(length, 1));
  }

  async sendFeatureReport(data: Uint8Array): Promise<void> {
    if (this.closed) throw new Error('device closed');
    void data; // the virtual pad accepts screen and inking commands and ignores them
  }

  async close(): Promise<void> {
    this.terminate(undefined);
  }

  terminate(reason: Error | undefined): void {
    if (this.closed) return;
    this.closed = true;
    if (this.timer !== undefined) this.scheduler.clearTimeout(this.timer);
    for (const l of this.closeListeners) l(reason);
  }

  private startStream(index: number): void {
    this.streamIndex = index;
    this.next = 0;
    const first = this.options.streams[index].reports[0];
    // Never before the previous stream's last report: sample time only runs forward.
    this.origin = Math.max(this.scheduler.now(), this.lastArrival + 100) - (first?.t ?? 0);
    this.schedule();
  }

  private schedule(): void {
    if (this.closed) return;
    const stream = this.options.streams[this.streamIndex];
    if (this.next >= stream.reports.length) {
      const last = this.streamIndex === this.options.streams.length - 1;
      if (!last) this.startStream(this.streamIndex + 1);
      else if (this.options.loop) this.timer = this.scheduler.setTimeout(() => this.startStream(0), this.options.loopPauseMs ?? 2000);
      return;
    }
    if ((this.options.timing ?? 'recorded') === 'fast') {
      this.timer = this.scheduler.setTimeout(() => {
        this.emitUntil(Infinity, this.options.fastChunk ?? 256);
        this.schedule();
      }, 0);
      return;
    }
    const due = this.origin + stream.reports[this.next].t;
    this.timer = this.scheduler.setTimeout(() => {
      // Deliver everything that is due (timers are coarser than 8 kHz reports).
      this.emitUntil(this.scheduler.now(), Infinity);
      this.schedule();
    }, Math.max(0, due - this.scheduler.now()));
  }

  private emitUntil(nowMs: number, maxCount: number): void {
    const reports = this.options.streams[this.streamIndex].reports;
    let n = 0;
    while (!this.closed && this.next < reports.length && n < maxCount) {
      const r = reports[this.next];
      const arrival = this.origin + r.t;
      if (arrival > nowMs) break;
      this.next++;
      n++;
      this.lastArrival = arrival;
      for (const l of this.listeners) l(r.data, arrival);
    }
  }
}
