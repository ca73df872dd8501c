import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { calibrate, calibrationTargets } from '../../native/calibration/fourPointCalibration';
import { CalibrationStore } from './calibrationStore';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const tempFile = () => {
  const d = mkdtempSync(join(tmpdir(), 'pen-cal-'));
  dirs.push(d);
  return join(d, 'sub', 'pen-calibrations.json');
};

const window = { width: 1920, height: 1080 };
const targets = calibrationTargets(1920, 1080);
const cal = (device: string, shift = 0) => calibrate(device, window, targets, targets.map((p) => ({ x: p.x * 15 + shift, y: p.y * 15 })));

describe('calibration store', () => {
  it('stores one calibration per device in a real file and reads it back', async () => {
    const file = tempFile();
    const store = new CalibrationStore(file);
    expect(await store.load('056a:03ec', window)).toBeUndefined();
    await store.save(cal('056a:03ec'));
    await store.save(cal('256c:006d'));
    await store.save(cal('056a:03ec', 30)); // recalibrated: replaces
    const again = new CalibrationStore(file);
    const a = await again.load('056a:03ec', window);
    expect(a?.matrix[2]).toBeCloseTo(-2, 6); // x' = (x - 30) / 15
    expect(await again.load('256c:006d', window)).toBeDefined();
    await again.remove('256c:006d');
    expect(await again.load('256c:006d', window)).toBeUndefined();
  });

  it('does not apply a calibration made for another window size', async () => {
    const logs: string[] = [];
    const store = new CalibrationStore(tempFile(), (m) => logs.push(m));
    await store.save(cal('056a:03ec'));
    expect(await store.load('056a:03ec', { width: 2560, height: 1440 })).toBeUndefined();
    expect(logs[0]).toMatch(/calibrate again/);
  });

  it('sets a damaged file aside and carries on', async () => {
    const file = tempFile();
    const store = new CalibrationStore(file, () => undefined);
    await store.save(cal('a'));
    writeFileSync(file, '{"version":1,"calibrations":[{"device":"a","matrix":[1,2]}]}');
    expect(await store.load('a', window)).toBeUndefined();
    expect(readdirSync(join(file, '..')).some((f) => f.includes('.damaged-'))).toBe(true);
    await store.save(cal('a'));
    expect(await store.load('a', window)).toBeDefined();
  });
});
