import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { calibrate, calibrationTargets } from '../../native/calibration/fourPointCalibration';
import { ContractError } from '../../preload/common/contract';
import { calibrationFile, calibrationRequestHandlers } from './calibrationRequests';
import { CalibrationStore } from './calibrationStore';

function setup(free = { value: true }) {
  const dir = mkdtempSync(join(tmpdir(), 'pen-cal-'));
  const published: string[] = [];
  let clock = 1_000;
  const handlers = calibrationRequestHandlers({
    store: new CalibrationStore(calibrationFile(dir)),
    events: { publish: ((name: string) => void published.push(name)) as never },
    customerScreenFree: () => free.value,
    answerWithinMs: 60_000,
    now: () => clock,
  });
  return { dir, published, handlers, free, advance: (ms: number) => (clock += ms) };
}

const window = { width: 1280, height: 800 };
const targets = calibrationTargets(window.width, window.height);
const result = calibrate('056a:0061', window, targets, targets.map((p) => ({ x: p.x * 4 + 30, y: p.y * 5 - 20 })));

describe('pen calibration requests (real store file)', () => {
  it('the teller asks, the customer screen stores once per request, and reads it back for the same window size', async () => {
    const { dir, published, handlers } = setup();
    expect(handlers['pen.calibrate']({}, 'teller')).toEqual({ ok: true });
    expect(published).toEqual(['pen.calibrationRequested']);
    expect(await handlers['pen.saveCalibration'](result, 'customer')).toEqual({ ok: true });
    expect(published).toEqual(['pen.calibrationRequested', 'pen.calibrationSaved']);
    expect(JSON.parse(readFileSync(calibrationFile(dir), 'utf8')).calibrations[0].device).toBe('056a:0061');
    expect((await handlers['pen.calibration']({ device: '056a:0061', window }, 'customer')).calibration?.matrix).toEqual(result.matrix);
    // Another window size: the calibration does not apply (calibrate again).
    expect((await handlers['pen.calibration']({ device: '056a:0061', window: { width: 1920, height: 1080 } }, 'customer')).calibration).toBeUndefined();
    // The request is used up: a second save is refused.
    await expect(handlers['pen.saveCalibration'](result, 'customer')).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('refused without a teller request, after it expired, and while a signing is open', async () => {
    const { handlers, free, advance } = setup();
    await expect(handlers['pen.saveCalibration'](result, 'customer')).rejects.toBeInstanceOf(ContractError);
    handlers['pen.calibrate']({}, 'teller');
    advance(60_001);
    await expect(handlers['pen.saveCalibration'](result, 'customer')).rejects.toMatchObject({ code: 'forbidden' });
    free.value = false;
    expect(() => handlers['pen.calibrate']({}, 'teller')).toThrow(/no signing is open/);
    expect((await handlers['pen.calibration']({ device: '056a:0061', window }, 'customer')).calibration).toBeUndefined();
  });
});
