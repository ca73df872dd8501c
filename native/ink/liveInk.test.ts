import { describe, expect, it } from 'vitest';
import type { PenSample } from '../pen/penSample';
import { InkFrameBatcher, InkSmoother, inkPointOf, inkWidth } from './liveInk';

const s = (i: number): PenSample => ({ t: i, x: i, y: i, pressure: 1, nx: i / 100, ny: 0.5, np: 0.5, inRange: true, tip: true, buttons: 0 });

describe('live ink helpers', () => {
  it('batches per frame without losing or reordering samples', () => {
    const frames: (() => void)[] = [];
    const drawn: PenSample[][] = [];
    const b = new InkFrameBatcher((x) => drawn.push(x), (cb) => frames.push(cb));
    b.push([s(1), s(2)]);
    b.push([s(3)]);
    expect(frames).toHaveLength(1); // one frame request for many pushes
    frames.shift()!();
    b.push([s(4)]);
    frames.shift()!();
    expect(drawn.map((d) => d.map((x) => x.t))).toEqual([[1, 2, 3], [4]]);
  });

  it('maps through a calibration into the signature box', () => {
    const identity = [1, 0, 0, 0, 1, 0, 0, 0, 1] as [number, number, number, number, number, number, number, number, number];
    expect(inkPointOf(s(50), { matrix: identity, box: { left: 0, top: 0, width: 100, height: 200 } })).toEqual({ x: 0.5, y: 0.25, p: 0.5, t: 50 });
    expect(inkPointOf(s(50))).toEqual({ x: 0.5, y: 0.5, p: 0.5, t: 50 });
  });

  it('smooths jitter at rest and follows fast movement closely', () => {
    const still = new InkSmoother();
    let out = { x: 0, y: 0, p: 1, t: 0 };
    for (let i = 0; i < 50; i++) out = still.next({ x: 0.5 + (i % 2 ? 0.002 : -0.002), y: 0.5, p: 1, t: i * 5 });
    expect(Math.abs(out.x - 0.5)).toBeLessThan(0.001);
    const fast = new InkSmoother();
    for (let i = 0; i < 50; i++) out = fast.next({ x: i * 0.01, y: 0, p: 1, t: i * 5 });
    expect(Math.abs(out.x - 0.49)).toBeLessThan(0.02);
    expect(inkWidth(0, 4)).toBeGreaterThan(1);
    expect(inkWidth(1, 4)).toBe(4);
  });
});
