import { describe, expect, it } from 'vitest';
import type { PenSample } from '../pen/penSample';
import { InkFrameBatcher, InkSmoother, inkPointOf, inkWidth, padInkMapping } from './liveInk';

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

  it('a pad is fitted into the box uniformly, centred: a circle on the pad stays a circle on screen', () => {
    // An STU-530 (108 × 64.8 mm) shown in the 1216 × 390 px signature box.
    const stu = { source: 'simulated' as const, profile: 'wacom-stu', xRange: [0, 10800] as [number, number], yRange: [0, 6480] as [number, number], pressureRange: [0, 1023] as [number, number], widthMm: 108, heightMm: 64.8 };
    const map = padInkMapping(stu, { width: 1216, height: 390 });
    const at = (x: number, y: number) => map({ t: 0, x, y, pressure: 500, nx: x / 10800, ny: y / 6480, np: 0.5, inRange: true, tip: true, buttons: 0 });
    const [left, right, top, bottom] = [at(5400 - 1000, 3240), at(5400 + 1000, 3240), at(5400, 3240 - 1000), at(5400, 3240 + 1000)];
    // 2000 raw units across and down are the same length in box pixels.
    expect((right.x - left.x) * 1216).toBeCloseTo((bottom.y - top.y) * 390, 6);
    // The pad's centre is the box's centre, and the pad's full height is the box's.
    expect(at(5400, 3240)).toMatchObject({ x: 0.5, y: 0.5 });
    expect(at(0, 0).y).toBeCloseTo(0, 9);
    expect(at(10800, 6480).y).toBeCloseTo(1, 9);
  });
});
