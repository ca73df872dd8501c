import { describe, expect, it } from 'vitest';
import type { InkPoint, PenSample } from '../pen/penSample';
import { LocalInk } from './localInk';

const down = (t: number, x = t / 100): PenSample => ({ t, x, y: 0, pressure: 0.5, nx: x, ny: 0.5, np: 0.5, inRange: true, tip: true, buttons: 0 });
const up = (t: number): PenSample => ({ ...down(t), tip: false, pressure: 0, np: 0 });
const ts = (strokes: InkPoint[][]) => strokes.map((s) => s.map((p) => p.t));
/** The station's ink for the given samples, as the session builds it (a stroke per pen-down). */
function sessionInk(samples: PenSample[]): InkPoint[][] {
  const strokes: InkPoint[][] = [];
  let penDown = false;
  for (const s of samples) {
    if (!s.tip) penDown = false;
    else {
      if (!penDown) strokes.push([]);
      penDown = true;
      strokes.at(-1)!.push({ x: s.nx, y: s.ny, p: s.np, t: s.t });
    }
  }
  return strokes;
}

describe('local ink', () => {
  it('shows the page\'s points at once, after the station\'s strokes, as the box positions the station uses', () => {
    const local = new LocalInk();
    local.add([down(1), down(2), up(3), down(4)]);
    expect(ts(local.shown([]))).toEqual([[1, 2], [4]]);
    expect(local.shown([])[0][0]).toEqual({ x: 0.01, y: 0.5, p: 0.5, t: 1 });
  });

  it('at every moment of the round trip, what is shown is the station\'s ink of all samples so far', () => {
    // The page sends a chunk per frame; the station's echo comes one or two chunks behind.
    const chunks = [[down(1), down(2)], [down(3), up(4), down(5)], [down(6)], [down(7), up(8)], [down(9)], []];
    for (const lag of [1, 2]) {
      const local = new LocalInk();
      for (let k = 0; k < chunks.length; k++) {
        local.add(chunks[k]);
        const station = sessionInk(chunks.slice(0, Math.max(0, k + 1 - lag)).flat());
        local.acknowledge(station.flat().at(-1)?.t ?? -Infinity);
        expect(local.shown(station)).toEqual(sessionInk(chunks.slice(0, k + 1).flat()));
      }
      expect(local.pending).toBe(lag === 1 ? 0 : 1);
    }
  });

  it('drops points the station never takes, and everything on clear', () => {
    const local = new LocalInk(1000);
    local.add([down(10), down(20)]);
    expect(local.expire(900)).toBe(false);
    local.add([up(950), down(1500)]);
    expect(local.expire(1200)).toBe(true);
    expect(ts(local.shown([]))).toEqual([[1500]]);
    local.clear();
    expect(local.shown([])).toEqual([]);
  });

  it('never shows again a point the station already holds', () => {
    const local = new LocalInk();
    local.acknowledge(5);
    local.add([down(4), down(5), down(6)]);
    expect(ts(local.shown([]))).toEqual([[6]]);
  });
});
