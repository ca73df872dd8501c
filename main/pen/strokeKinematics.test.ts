import { describe, expect, it } from 'vitest';
import type { PenSample } from '../../native/pen/penSample';
import { strokeKinematics } from './strokeKinematics';

const at = (t: number, x: number, y: number, tip = true): PenSample => ({ t, x, y, pressure: tip ? 100 : 0, nx: 0, ny: 0, np: 0, inRange: true, tip, buttons: 0 });

describe('strokeKinematics', () => {
  it('derives velocity and acceleration per stroke in mm/s from the device size', () => {
    // x = 0.5 t² units (t in s), 10 units per mm; then a pen lift; then a second stroke at rest.
    const first = Array.from({ length: 11 }, (_, i) => at(i * 100, 0.5 * (i / 10) ** 2 * 1000, 0));
    const samples = [...first, at(1200, 0, 0, false), at(1300, 5, 5), at(1400, 5, 5)];
    const k = strokeKinematics(samples, { xRange: [0, 1000], yRange: [0, 1000], widthMm: 100, heightMm: 100 });
    expect(k.unit).toBe('mm');
    expect(k.strokes).toHaveLength(2);
    // v = t·100 mm/s at t=0.5 s; a = 100 mm/s² in the interior.
    expect(k.strokes[0][5].vx).toBeCloseTo(50, 6);
    expect(k.strokes[0][5].ax).toBeCloseTo(100, 6);
    expect(k.strokes[1].every((p) => p.speed === 0)).toBe(true);
  });

  it('copes with repeated time stamps and unknown sizes', () => {
    const k = strokeKinematics([at(0, 0, 0), at(0, 1, 0), at(10, 2, 0)], { xRange: [0, 10], yRange: [0, 10] });
    expect(k.unit).toBe('device-units');
    expect(k.strokes[0].every((p) => Number.isFinite(p.vx) && Number.isFinite(p.ax))).toBe(true);
    expect(k.strokes[0][2].vx).toBeCloseTo(100, 6);
  });
});
