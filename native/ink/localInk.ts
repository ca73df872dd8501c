import type { InkPoint, PenSample } from '../pen/penSample';

/**
 * The customer's own strokes, shown the moment the pointer moves instead of after the round trip
 * through the station (a frame of batching, the WebSocket both ways, another frame to draw). The
 * station's ink stays the truth: a local point is shown only until the station's ink holds it
 * (the page's samples come back with their own time stamps), so what stays on screen is exactly
 * the session's ink, drawn with the one ink model the PDF uses too. Points the station does not take
 * (not signing, another pen owns the signature) are dropped after `maxWaitMs`.
 *
 * Positions are as the station maps the page's samples (box fractions nx, ny and pressure np).
 */
export class LocalInk {
  /** Strokes of points not yet in the station's ink, oldest first. */
  private strokes: { points: InkPoint[]; continuesSessionStroke: boolean }[] = [];
  private penDown = false;
  /** The newest time stamp the station's ink holds. */
  private acknowledgedT = -Infinity;

  constructor(private readonly maxWaitMs = 1000) {}

  get pending(): number {
    return this.strokes.reduce((n, s) => n + s.points.length, 0);
  }

  /** The page's samples, as they are sent to the station. */
  add(samples: readonly PenSample[]): void {
    for (const s of samples) {
      if (!s.tip) {
        this.penDown = false;
        continue;
      }
      if (s.t <= this.acknowledgedT) continue;
      const point: InkPoint = { x: s.nx, y: s.ny, p: s.np, t: s.t };
      const last = this.strokes.at(-1);
      if (this.penDown && last) last.points.push(point);
      else this.strokes.push({ points: [point], continuesSessionStroke: this.penDown });
      this.penDown = true;
    }
  }

  /** The station's ink now holds every point up to `t`: those are no longer shown from here. */
  acknowledge(t: number): void {
    if (!(t > this.acknowledgedT)) return;
    this.acknowledgedT = t;
    for (const stroke of this.strokes) {
      const before = stroke.points.length;
      stroke.points = stroke.points.filter((p) => p.t > t);
      // The station has the start of this stroke: the rest continues its last stroke.
      if (stroke.points.length < before) stroke.continuesSessionStroke = true;
    }
    this.strokes = this.strokes.filter((s) => s.points.length > 0);
  }

  /** Drops strokes whose oldest point waited longer than maxWaitMs (`now` on the samples' clock); true if any went. */
  expire(now: number): boolean {
    const kept = this.strokes.filter((s) => now - s.points[0].t <= this.maxWaitMs);
    const dropped = kept.length < this.strokes.length;
    this.strokes = kept;
    return dropped;
  }

  clear(): void {
    this.strokes = [];
    this.penDown = false;
  }

  /** The session's strokes with the local points after them: what the customer's screen draws. */
  shown(session: readonly InkPoint[][]): InkPoint[][] {
    if (this.strokes.length === 0) return session as InkPoint[][];
    const out = session.slice();
    for (const stroke of this.strokes) {
      const last = out.length - 1;
      if (stroke.continuesSessionStroke && last >= 0) out[last] = [...out[last], ...stroke.points];
      else out.push(stroke.points);
    }
    return out;
  }
}
