import type { Scheduler } from '../../native/transport/simulatedPen';

export interface HotPlugWatcherOptions {
  scheduler: Scheduler;
  intervalMs: number;
  /** One look for pens plugged in or out; never run twice at once. */
  look: () => Promise<void>;
  onError: (err: Error) => void;
}

/**
 * Looks for pens now and then, for as long as it runs: one look at a time, the next one
 * `intervalMs` after the last ended (or sooner, when an unplug asks for it), none after stop().
 */
export function createHotPlugWatcher(options: HotPlugWatcherOptions) {
  let running = false;
  let looking = false;
  let timer: unknown;

  async function lookOnce(): Promise<void> {
    if (!running || looking) return;
    looking = true;
    try {
      await options.look();
    } finally {
      looking = false;
    }
  }

  function lookIn(ms: number): void {
    if (!running) return;
    if (timer !== undefined) options.scheduler.clearTimeout(timer);
    timer = options.scheduler.setTimeout(async () => {
      timer = undefined;
      await lookOnce().catch(options.onError);
      lookIn(options.intervalMs);
    }, ms);
  }

  return {
    get running(): boolean {
      return running;
    },
    /** The first look, awaited; then looks keep coming whatever it found (or threw). */
    async start(): Promise<void> {
      if (running) return;
      running = true;
      try {
        await lookOnce();
      } finally {
        lookIn(options.intervalMs);
      }
    },
    stop(): void {
      running = false;
      if (timer !== undefined) options.scheduler.clearTimeout(timer);
      timer = undefined;
    },
    /** The next look in `ms` instead of at the interval (0: as soon as possible). */
    lookIn,
  };
}

/**
 * Some platforms do not report an unplug as a read error: a device gone from the list for
 * `polls` looks in a row counts as unplugged.
 */
export class DeviceAbsence {
  private missing = 0;

  constructor(private readonly polls = 2) {}

  /** Returns true when the device has now been missing long enough to count as gone. */
  listed(present: boolean): boolean {
    this.missing = present ? 0 : this.missing + 1;
    if (this.missing < this.polls) return false;
    this.missing = 0;
    return true;
  }
}
