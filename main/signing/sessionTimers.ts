/**
 * The session's two clocks: customer inactivity (an open sitting left alone is cancelled) and the
 * thank-you screen (it goes back to idle by itself while the teller still has the sealed copy).
 * Both are unref'd: they never keep the station process alive.
 */
export class SessionTimers {
  private inactivity: NodeJS.Timeout | undefined;
  private done: NodeJS.Timeout | undefined;

  constructor(private readonly o: { inactivityMs: number; doneScreenMs: number; onInactive: () => void }) {}

  /** The customer did something: the inactivity clock starts again. */
  touch(): void {
    this.stopInactivity();
    this.inactivity = setTimeout(this.o.onInactive, this.o.inactivityMs);
    this.inactivity.unref?.();
  }

  stopInactivity(): void {
    if (this.inactivity) clearTimeout(this.inactivity);
    this.inactivity = undefined;
  }

  /** Shows the thank-you for doneScreenMs, then calls `release`. */
  startDone(release: () => void): void {
    this.clearDone();
    this.done = setTimeout(() => {
      this.done = undefined;
      release();
    }, this.o.doneScreenMs);
    this.done.unref?.();
  }

  clearDone(): void {
    if (this.done) clearTimeout(this.done);
    this.done = undefined;
  }

  close(): void {
    this.stopInactivity();
    this.clearDone();
  }
}
