import { describe, expect, it } from 'vitest';
import { PointerSampleSource, pointerEventDeviceInfo, pointerEventSamples, type PointerEventLike } from './pointerEventSamples';

const surface = { left: 100, top: 50, width: 800, height: 400 };
const ev = (over: Partial<PointerEventLike> = {}): PointerEventLike => ({
  pointerId: 1, pointerType: 'pen', clientX: 500, clientY: 250, pressure: 0.4, tiltX: 20, tiltY: -10, twist: 90,
  buttons: 1, timeStamp: 1234.5, ...over,
});

describe('Pointer Events source', () => {
  it('maps a pen event into the sample model, with angles in degrees', () => {
    const [s] = pointerEventSamples(ev({ altitudeAngle: Math.PI / 4, azimuthAngle: Math.PI, buttons: 1 | 2 }), surface);
    expect(s).toEqual({ t: 1234.5, x: 400, y: 200, pressure: 0.4, nx: 0.5, ny: 0.5, np: 0.4, inRange: true, tip: true, buttons: 1, tiltX: 20, tiltY: -10, twist: 90, altitude: 45, azimuth: 180 });
  });

  it('takes every coalesced event, in order', () => {
    const coalesced = [0, 1, 2, 3].map((i) => ev({ clientX: 500 + i, timeStamp: 1000 + i * 4 }));
    const samples = pointerEventSamples(ev({ getCoalescedEvents: () => coalesced }), surface);
    expect(samples.map((s) => [s.x, s.t])).toEqual([[400, 1000], [401, 1004], [402, 1008], [403, 1012]]);
  });

  it('hover is in range without tip; mouse and touch only when accepted', () => {
    expect(pointerEventSamples(ev({ buttons: 0 }), surface)[0]).toMatchObject({ tip: false, inRange: true, pressure: 0 });
    expect(pointerEventSamples(ev({ pointerType: 'mouse' }), surface)).toEqual([]);
    const [touch] = pointerEventSamples(ev({ pointerType: 'touch', pressure: 0 }), surface, { accept: ['pen', 'touch'] });
    expect(touch).toMatchObject({ tip: true, np: 0.5 });
    expect(touch.tiltX).toBeUndefined();
    expect(pointerEventDeviceInfo(surface)).toMatchObject({ source: 'pointer-events', xRange: [0, 800], yRange: [0, 400], widthPx: 800, heightPx: 400 });
    expect(pointerEventDeviceInfo({ ...surface, width: 0, height: 0 }).widthPx).toBeUndefined();
  });

  it('follows one pointer at a time and ends its stroke when it leaves', () => {
    const src = new PointerSampleSource(() => surface);
    expect(src.handle(ev())).toHaveLength(1);
    expect(src.handle(ev({ pointerId: 2 }))).toEqual([]); // a second pointer (palm) does not draw
    expect(src.leave(ev())[0]).toMatchObject({ inRange: false, tip: false });
    expect(src.handle(ev({ pointerId: 2 }))).toHaveLength(1);
  });
});
