import { useEffect, useRef, useState } from 'react';
import type { InkPoint, PenSample } from '../../native/pen/penSample';
import type { StationApi } from '../../preload/common/stationApi';
import { LocalInk } from '../../native/ink/localInk';

/**
 * The ink one screen draws: the session's ink as the station holds it, and — on the customer's own
 * screen — the customer's points the station has not sent back yet. Neither goes through React
 * state: a re-render of the whole screen per pointer event (or per ink message) would put the page,
 * its pdf.js canvases and every button between the pen and the pixel. InkCanvas registers its draw
 * and is asked to draw at most once per animation frame.
 */
export class InkSource {
  /** The session's ink as the station holds it (every stroke, box fractions). */
  readonly strokes: { current: InkPoint[][] } = { current: [] };
  private sessionId = '';
  private readonly local = new LocalInk();
  private readonly draws = new Set<() => void>();
  private frame = 0;
  private expiry: ReturnType<typeof setTimeout> | undefined;

  /** What the screen shows: the station's strokes followed by the local points it does not hold yet. */
  shown(): InkPoint[][] {
    return this.local.shown(this.strokes.current);
  }

  get pendingLocalPoints(): number {
    return this.local.pending;
  }

  /** Called with the draw of a canvas; returns its removal. */
  onChange(draw: () => void): () => void {
    this.draws.add(draw);
    draw();
    return () => void this.draws.delete(draw);
  }

  /**
   * The customer's own samples, in box fractions, exactly as they go to the station: shown at the
   * next frame, before the round trip through the station.
   */
  showLocal(samples: readonly PenSample[]): void {
    if (samples.length === 0) return;
    this.local.add(samples);
    this.changed();
    // Points the station never takes (not signing, another pen owns the signature) do not stay.
    clearTimeout(this.expiry);
    this.expiry = setTimeout(() => {
      if (this.local.expire(performance.now())) this.changed();
    }, 1100);
  }

  points(e: { sessionId: string; strokes: InkPoint[][]; continuesLastStroke: boolean }): void {
    if (e.sessionId !== this.sessionId) {
      this.sessionId = e.sessionId;
      this.strokes.current = [];
    }
    const strokes = this.strokes.current;
    let newest = -Infinity;
    e.strokes.forEach((s, i) => {
      for (const p of s) if (p.t > newest) newest = p.t;
      if (i === 0 && e.continuesLastStroke && strokes.length) strokes[strokes.length - 1].push(...s);
      else strokes.push([...s]);
    });
    this.local.acknowledge(newest);
    this.changed();
  }

  cleared(): void {
    this.strokes.current = [];
    this.local.clear();
    this.changed();
  }

  replace(sessionId: string, strokes: InkPoint[][]): void {
    this.sessionId = sessionId;
    this.strokes.current = strokes.map((s) => [...s]);
    this.local.acknowledge(Math.max(-Infinity, ...strokes.flat().map((p) => p.t)));
    this.changed();
  }

  dispose(): void {
    cancelAnimationFrame(this.frame);
    clearTimeout(this.expiry);
    this.frame = 0;
  }

  private changed(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.local.expire(performance.now());
      for (const draw of this.draws) draw();
    });
  }
}

/** A React render when the ink changes, for what is derived from it (the review's fitted ink, counts); the canvas itself needs none. */
export function useInkVersion(ink: InkSource): number {
  const [version, setVersion] = useState(0);
  useEffect(() => ink.onChange(() => setVersion((v) => v + 1)), [ink]);
  return version;
}

/** The ink of the current session, following the station's ink events. */
export function useInk(api: StationApi): InkSource {
  const source = useRef<InkSource>(undefined);
  source.current ??= new InkSource();
  const ink = source.current;

  useEffect(() => {
    const offPoints = api.on('ink.points', (e) => ink.points(e));
    const offCleared = api.on('ink.cleared', () => ink.cleared());
    // A window that (re)connects or mounts mid-signature (reload, network blip, teller unlocking)
    // starts from the ink the station holds, so both screens show the same signature.
    const offConnection = api.onConnection((connected) => {
      if (!connected) return;
      api.call('ink.current', {}).then((current) => ink.replace(current.sessionId, current.strokes)).catch(() => undefined);
    });
    return () => {
      offPoints();
      offCleared();
      offConnection();
      ink.dispose();
    };
  }, [api, ink]);

  return ink;
}
