import type { Scheduler } from './simulatedPen';

/**
 * A Scheduler whose clock moves only when told to: tests and benchmarks drive the simulated pen
 * and the pen service through time deterministically, without real waiting.
 */
export class ManualScheduler implements Scheduler {
  private t = 0;
  private nextId = 1;
  private timers: { id: number; at: number; fn: () => void }[] = [];

  now(): number {
    return this.t;
  }

  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.timers.push({ id, at: this.t + Math.max(0, ms), fn });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((x) => x.id !== handle);
  }

  get pending(): number {
    return this.timers.length;
  }

  /**
   * Moves the clock forward by `ms`, running every timer that falls due, in time order.
   * `settle` runs after each timer so that promise chains started by it can finish.
   */
  async advance(ms: number, settle: () => Promise<void> = () => Promise.resolve()): Promise<void> {
    const end = this.t + ms;
    for (;;) {
      let next: { id: number; at: number; fn: () => void } | undefined;
      for (const x of this.timers) if (x.at <= end && (!next || x.at < next.at || (x.at === next.at && x.id < next.id))) next = x;
      if (!next) break;
      this.timers = this.timers.filter((x) => x !== next);
      this.t = Math.max(this.t, next.at);
      next.fn();
      await settle();
    }
    this.t = end;
    await settle();
  }
}
