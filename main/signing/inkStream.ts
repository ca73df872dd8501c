import type { InkPoint } from '../../native/pen/penSample';
import type { EventHub } from '../contract/eventHub';

/**
 * The ink of the open place as both windows draw it: every stroke so far (for a window that
 * (re)connects mid-signature) and what is new since the last frame, published as 'ink.points'.
 * A window's samples arrive batched per animation frame and go out at once; a device's arrive one
 * by one (up to 8 kHz) and go out once per frame, smooth enough without one message per sample.
 */
export class InkStream {
  private strokes: InkPoint[][] = [];
  private pending: InkPoint[][] = [];
  private pendingContinues = false;
  private penDown = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly events: EventHub, private readonly sessionId: () => string | undefined) {}

  get pointCount(): number {
    return this.strokes.reduce((n, s) => n + s.length, 0);
  }

  all(): InkPoint[][] {
    return this.strokes;
  }

  /** A tip-down point: continues the stroke in progress or begins a new one. */
  point(point: InkPoint): void {
    if (!this.penDown) {
      this.strokes.push([]);
      this.pending.push([]);
      this.penDown = true;
    } else if (this.pending.length === 0) {
      this.pending.push([]);
      this.pendingContinues = true;
    }
    this.strokes[this.strokes.length - 1].push(point);
    this.pending[this.pending.length - 1].push(point);
  }

  penUp(): void {
    this.penDown = false;
  }

  /** Publishes now (window samples) or within a frame (device samples). */
  publish(now: boolean): void {
    if (now) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), 16);
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const strokes = this.pending.filter((s) => s.length > 0);
    const continues = this.pendingContinues;
    this.pending = [];
    this.pendingContinues = false;
    const id = this.sessionId();
    if (!id || strokes.length === 0) return;
    this.events.publish('ink.points', { sessionId: id, strokes, continuesLastStroke: continues });
  }

  /** Drops all ink (clear, next place, take back, cancel) and tells the windows. */
  clear(sessionId: string | null | undefined = this.sessionId()): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.strokes = [];
    this.pending = [];
    this.pendingContinues = false;
    this.penDown = false;
    if (sessionId) this.events.publish('ink.cleared', { sessionId });
  }

  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
