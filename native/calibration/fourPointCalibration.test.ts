import { describe, expect, it } from 'vitest';
import { CalibrationError, applyHomography, calibrate, calibrationTargets, solveHomography } from './fourPointCalibration';

describe('four-point calibration', () => {
  it('recovers a rotated, offset and keystoned digitizer', () => {
    const targets = calibrationTargets(1920, 1080);
    // The "true" device → window mapping the touches come from.
    const device = [{ x: 0, y: 0 }, { x: 30000, y: 0 }, { x: 30000, y: 17000 }, { x: 0, y: 17000 }];
    const window = [{ x: 5, y: -3 }, { x: 1925, y: 4 }, { x: 1918, y: 1083 }, { x: -2, y: 1078 }];
    const truth = solveHomography(device, window);
    // Where the pen touches when it is on each target: the inverse of the true mapping.
    const inverse = solveHomography(window, device);
    const touched = targets.map((t) => applyHomography(inverse, t));
    const cal = calibrate('056a:03ec', { width: 1920, height: 1080 }, targets, touched, { now: () => new Date(0) });
    expect(cal.maxErrorPx).toBeLessThan(1e-6);
    for (const p of [{ x: 1234, y: 5678 }, { x: 29000, y: 100 }]) {
      const a = applyHomography(cal.matrix, p);
      const b = applyHomography(truth, p);
      expect(Math.hypot(a.x - b.x, a.y - b.y)).toBeLessThan(1e-6);
    }
    expect(cal.createdAt).toBe('1970-01-01T00:00:00.000Z');
  });

  it('refuses touches that cannot be a calibration', () => {
    const targets = calibrationTargets(800, 600);
    const line = [{ x: 0, y: 0 }, { x: 1, y: 1 }, { x: 2, y: 2 }, { x: 3, y: 3 }];
    expect(() => calibrate('x', { width: 800, height: 600 }, targets, line)).toThrow(CalibrationError);
    const crossed = [{ x: 0, y: 0 }, { x: 1000, y: 1000 }, { x: 1000, y: 0 }, { x: 0, y: 1000 }];
    expect(() => calibrate('x', { width: 800, height: 600 }, targets, crossed)).toThrow(/convex/);
  });
});
