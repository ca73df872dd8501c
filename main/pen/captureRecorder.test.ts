import { describe, expect, it } from 'vitest';
import type { PenDeviceInfo, PenSample } from '../../native/pen/penSample';
import { CaptureRecorder } from './captureRecorder';

const device: PenDeviceInfo = { source: 'pointer-events', profile: 'pointer-events:mouse', xRange: [0, 400], yRange: [0, 100], pressureRange: [0, 1], widthPx: 400, heightPx: 100 };
const samples = (from: number, n: number): PenSample[] => Array.from({ length: n }, (_, i) => ({ t: (from + i) * 5, x: from + i, y: 1, pressure: 0.5, nx: 0, ny: 0, np: 0.5, inRange: true, tip: true, buttons: 0 }));

describe('the capture recorder (one for the pen service and the session)', () => {
  it('is bounded: past the bound nothing is kept and one gap runs from the first refused sample to the last seen', () => {
    const r = new CaptureRecorder(device, 10);
    r.begin('2026-12-02T10:00:00.000Z');
    expect(r.add(samples(0, 6))).toHaveLength(6);
    expect(r.add(samples(6, 6))).toHaveLength(4);
    expect(r.full).toBe(true);
    expect(r.add(samples(12, 3))).toHaveLength(0);
    const record = r.finish({ fallbackCapturedAt: 'unused' });
    expect(record.samples.map((s) => s.x)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(record.gaps).toEqual([{ fromT: 50, toT: 70, reason: 'paused' }]);
    expect(record).toMatchObject({ device, capturedAt: '2026-12-02T10:00:00.000Z' });
  });

  it('an open gap closes at the next sample, or at the end of the capture; clear empties it and the capture goes on', () => {
    const r = new CaptureRecorder(device, 100);
    r.add(samples(0, 2));
    r.openGap('device-unplugged', 5);
    r.openGap('paused', 7); // one open gap at a time
    expect(r.closeOpenGap(40)).toEqual({ fromT: 5, toT: 40, reason: 'device-unplugged' });
    r.openGap('paused', 45);
    const later = { ...device, widthPx: 800, heightPx: 200 };
    const record = r.finish({ endT: 90, device: later, fallbackCapturedAt: '2026-12-02T10:00:01.000Z' });
    expect(record.gaps).toEqual([{ fromT: 5, toT: 40, reason: 'device-unplugged' }, { fromT: 45, toT: 90, reason: 'paused' }]);
    expect(record).toMatchObject({ device: later, capturedAt: '2026-12-02T10:00:01.000Z' });
    r.clear();
    expect(r.sampleCount).toBe(0);
    expect(r.add(samples(20, 1))).toHaveLength(1);
    expect(r.finish({ fallbackCapturedAt: 'x' }).gaps).toEqual([]);
  });
});
