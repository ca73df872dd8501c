/**
 * Turns a device's wrapping counter (HID Scan Time, the STU's 1 ms time count) into a monotonic
 * millisecond clock. The counter wraps (16 bits of 100 µs is 6.5 s), and the pen may leave the
 * surface for longer than one wrap, so the host's arrival time is used to count whole wraps: the
 * device's clock gives the precise spacing, the host clock only decides how many periods passed.
 */
export class WrappingDeviceClock {
  private lastTicks: number | undefined;
  private lastHostMs = 0;
  private deviceMs = 0;
  private originHostMs = 0;

  /** @param tickMs milliseconds per tick; @param period ticks until the counter wraps. */
  constructor(private readonly tickMs: number, private readonly period: number) {}

  /** Milliseconds on the device's clock for a report with this counter value, arriving at hostMs. */
  toMs(ticks: number, hostMs: number): number {
    if (this.lastTicks === undefined) {
      this.lastTicks = ticks;
      this.lastHostMs = hostMs;
      this.originHostMs = hostMs;
      this.deviceMs = 0;
      return this.originHostMs;
    }
    const periodMs = this.period * this.tickMs;
    const forwardTicks = (((ticks - this.lastTicks) % this.period) + this.period) % this.period;
    let deltaMs = forwardTicks * this.tickMs;
    const hostDelta = hostMs - this.lastHostMs;
    // Whole wraps that the host clock says went by unseen.
    if (hostDelta > periodMs / 2) deltaMs += Math.max(0, Math.round((hostDelta - deltaMs) / periodMs)) * periodMs;
    this.deviceMs += deltaMs;
    this.lastTicks = ticks;
    this.lastHostMs = hostMs;
    return this.originHostMs + this.deviceMs;
  }

  reset(): void {
    this.lastTicks = undefined;
  }
}
