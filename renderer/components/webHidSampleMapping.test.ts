import { describe, expect, it } from 'vitest';
import { calibrate, calibrationTargets } from '../../native/calibration/fourPointCalibration';
import type { PenSample } from '../../native/pen/penSample';
import { CalibrationTouches } from './calibrationTouches';
import { sampleInBox, windowPointOf } from './webHidSampleMapping';

const sample = (x: number, y: number, max = { x: 10_000, y: 6_000 }, tip = true): PenSample => ({
  t: 0, x, y, pressure: tip ? 500 : 0, nx: x / max.x, ny: y / max.y, np: tip ? 0.5 : 0, inRange: true, tip, buttons: 0,
});
const window = { width: 1280, height: 800 };
const box = { left: 340, top: 500, width: 600, height: 200 };

describe('WebHID sample → signature box', () => {
  it('uncalibrated: the digitizer covers the window, so its normalised position is a window position', () => {
    // Window centre-bottom (640, 600) is the box's centre.
    const s = sampleInBox(sample(5_000, 4_500), window, box);
    expect(s.nx).toBeCloseTo(0.5, 6);
    expect(s.ny).toBeCloseTo(0.5, 6);
    // The raw values the record keeps are untouched.
    expect([s.x, s.y, s.pressure, s.tip]).toEqual([5_000, 4_500, 500, true]);
  });

  it('calibrated: the stored homography replaces the guess (a shifted, scaled digitizer still lands in the box centre)', () => {
    const digitizerOf = (p: { x: number; y: number }) => ({ x: (p.x / window.width) * 8_000 + 1_500, y: (p.y / window.height) * 5_000 + 400 });
    const targets = calibrationTargets(window.width, window.height);
    const cal = calibrate('056a:0061', window, targets, targets.map(digitizerOf));
    const raw = digitizerOf({ x: 640, y: 600 });
    const s = sampleInBox(sample(raw.x, raw.y), window, box, cal);
    expect(s.nx).toBeCloseTo(0.5, 6);
    expect(s.ny).toBeCloseTo(0.5, 6);
    // Without the calibration the same pen position would miss the centre.
    expect(Math.abs(sampleInBox(sample(raw.x, raw.y), window, box).nx - 0.5)).toBeGreaterThan(0.05);
    expect(windowPointOf(sample(raw.x, raw.y), window, cal).x).toBeCloseTo(640, 6);
  });

  it('far outside the box is pinned to the range the contract accepts, never dropped or NaN', () => {
    const s = sampleInBox(sample(0, 0), window, box);
    expect(s.nx).toBe(-0.5);
    expect(s.ny).toBe(-0.5);
    const far = sampleInBox(sample(10_000, 6_000), window, box);
    expect([far.nx, far.ny]).toEqual([1.5, 1.5]);
  });
});

describe('calibration touches', () => {
  it('one point per touch: the mean while the tip is down, counted when it lifts; hover ignored', () => {
    const t = new CalibrationTouches();
    expect(t.push([sample(1, 1, undefined, false), sample(100, 200), sample(102, 198)])).toBe(0);
    expect(t.push([sample(50, 50, undefined, false), sample(300, 400), sample(300, 400, undefined, false)])).toBe(2);
    expect(t.touched).toEqual([{ x: 101, y: 199 }, { x: 300, y: 400 }]);
    t.reset();
    expect(t.touched).toEqual([]);
  });
});

describe('pointer samples in the box', () => {
  it('keep a pen that left the box outside it (the native source clamps), pinned to the contract range', async () => {
    const { pointerSampleInBox } = await import('./boxPosition');
    const s = { ...sample(900, 100), nx: 1, ny: 0.5 };
    expect(pointerSampleInBox(s, { width: 600, height: 200 })).toMatchObject({ nx: 1.5, ny: 0.5, x: 900 });
    expect(pointerSampleInBox({ ...s, x: 660 }, { width: 600, height: 200 }).nx).toBeCloseTo(1.1, 6);
  });
});
