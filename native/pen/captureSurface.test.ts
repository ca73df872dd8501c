import { describe, expect, it } from 'vitest';
import { captureSurface, fitUniform, rawUnitSize, shapeBounds, signatureShape } from './captureSurface';
import type { PenDeviceInfo, PenSample } from './penSample';

const device = (over: Partial<PenDeviceInfo>): PenDeviceInfo => ({ source: 'usb-hid', profile: 'test', xRange: [0, 32767], yRange: [0, 32767], pressureRange: [0, 8191], ...over });
const sample = (x: number, y: number, tip = true): PenSample => ({ t: 0, x, y, pressure: 100, nx: 0, ny: 0, np: 0.5, inRange: true, tip, buttons: 0 });

describe('capture surface geometry', () => {
  it('takes one unit for x and y: millimetres first, then pixels, then square raw units', () => {
    // The XP-Pen Artist 13.3 Pro: 32767 × 32767 raw over 256.34 × 144.14 mm.
    const mm = rawUnitSize(device({ widthMm: 256.34, heightMm: 144.14, widthPx: 1920, heightPx: 1080 }));
    expect(mm.unit).toBe('mm');
    expect(mm.x / mm.y).toBeCloseTo(256.34 / 144.14, 6);
    expect(rawUnitSize(device({ widthPx: 1920, heightPx: 1080 }))).toMatchObject({ unit: 'px', x: 1920 / 32767, y: 1080 / 32767 });
    // Only one of the two millimetre sides is no size at all.
    expect(rawUnitSize(device({ widthMm: 256 }))).toEqual({ x: 1, y: 1, unit: 'raw' });
    expect(captureSurface(device({ xRange: [0, 1216], yRange: [0, 390], widthPx: 1216, heightPx: 390 }))).toEqual({ width: 1216, height: 390, unit: 'px' });
  });

  it('draws from the raw x/y, never from nx/ny (which are relative to whatever box a source mapped into)', () => {
    const d = device({ xRange: [100, 1100], yRange: [0, 500], widthMm: 200, heightMm: 50 });
    const strokes = signatureShape([{ ...sample(100, 0), nx: 0.9 }, sample(1100, 500), sample(0, 0, false), sample(600, 250), { ...sample(Number.NaN, 1) }], d);
    expect(strokes).toEqual([[{ x: 0, y: 0, p: 0.5 }, { x: 200, y: 50, p: 0.5 }], [{ x: 100, y: 25, p: 0.5 }]]);
  });

  it('fits uniformly and centres: a 4 : 1 shape in a 2 : 1 place keeps 4 : 1, PDF y up when asked', () => {
    const b = shapeBounds([[{ x: 10, y: 10, p: 1 }, { x: 50, y: 20, p: 1 }]])!;
    const fit = fitUniform(b, { x: 0, y: 0, width: 200, height: 100 }, { flipY: true });
    expect(fit.scale).toBe(5);
    expect(fit.placed).toEqual({ x: 0, y: 25, width: 200, height: 50 });
    expect(fit.map({ x: 10, y: 10, p: 1 })).toEqual([0, 75]); // top-left of the shape, at the top in PDF space
    // A dot has no extent: it is placed in the middle, unscaled.
    expect(fitUniform({ minX: 3, minY: 3, maxX: 3, maxY: 3 }, { x: 0, y: 0, width: 10, height: 10 }).placed).toMatchObject({ x: 5, y: 5 });
  });
});
