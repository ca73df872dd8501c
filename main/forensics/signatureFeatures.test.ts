import { describe, expect, it } from 'vitest';
import type { PenSample } from '../../native/pen/penSample';
import { extractFeatures, FEATURE_COUNT, FEATURE_NAMES, SignatureTooShortError } from './signatureFeatures';

/** A two-stroke synthetic signature in device units (y down), with a hover gap. */
function scribble(offsetX = 0, offsetY = 0, scale = 1, pressureScale = 1): PenSample[] {
  const samples: PenSample[] = [];
  for (let i = 0; i < 120; i++) {
    const tip = i < 50 || i >= 60;
    const x = offsetX + scale * (i * 20 + 300 * Math.sin(i / 7));
    const y = offsetY + scale * (500 + 250 * Math.cos(i / 5));
    const pressure = tip ? pressureScale * (300 + 200 * Math.sin(i / 9)) : 0;
    samples.push({ t: i * 10, x, y, pressure, nx: x / 10000, ny: y / 10000, np: pressure / (1023 * pressureScale), inRange: true, tip, buttons: 0 });
  }
  return samples;
}

describe('signature features', () => {
  it('ignore where, how large and with what pressure range the signature was written', () => {
    const a = extractFeatures(scribble());
    const b = extractFeatures(scribble(1234, 567, 1.7, 2));
    expect(b.length).toBe(a.length);
    for (let i = 0; i < a.values.length; i++) expect(b.values[i]!).toBeCloseTo(a.values[i]!, 6);
  });

  it('use pen-down points only and count strokes and pen-down time', () => {
    const f = extractFeatures(scribble());
    expect(f.length).toBe(110);
    expect(f.global.strokeCount).toBe(2);
    expect(f.global.durationMs).toBe(119 * 10);
    expect(f.global.penDownMs).toBeLessThan(f.global.durationMs);
  });

  it('z-normalise every feature that varies', () => {
    const f = extractFeatures(scribble());
    for (let k = 0; k < FEATURE_COUNT; k++) {
      let mean = 0;
      for (let i = 0; i < f.length; i++) mean += f.values[i * FEATURE_COUNT + k]!;
      expect(Math.abs(mean / f.length), FEATURE_NAMES[k]).toBeLessThan(1e-9);
    }
  });

  it('bring a 200 Hz capture to the 100 Hz comparison rate and leave 100 Hz alone', () => {
    const at100 = scribble();
    const at200: PenSample[] = [];
    for (let i = 0; i < at100.length; i++) {
      at200.push({ ...at100[i]!, t: i * 10 });
      const next = at100[i + 1] ?? at100[i]!;
      at200.push({ ...at100[i]!, t: i * 10 + 5, x: (at100[i]!.x + next.x) / 2, y: (at100[i]!.y + next.y) / 2 });
    }
    const slow = at100;
    const fast = at200;
    expect(extractFeatures(slow).length).toBe(110);
    const f = extractFeatures(fast);
    expect(f.length).toBe(110);
    const g = extractFeatures(slow);
    for (let i = 0; i < g.values.length; i++) expect(f.values[i]!).toBeCloseTo(g.values[i]!, 9);
  });

  it('refuses a dot with a clear error', () => {
    expect(() => extractFeatures(scribble().slice(0, 5))).toThrow(SignatureTooShortError);
    expect(() => extractFeatures([])).toThrow(/at least 10/);
  });
});
