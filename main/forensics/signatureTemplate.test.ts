import { describe, expect, it } from 'vitest';
import type { FrameSequence } from './dynamicTimeWarping';
import { buildTemplate, templateDistance } from './signatureTemplate';

const wave = (n: number, amplitude = 1, phase = 0): FrameSequence => ({
  length: n,
  dims: 2,
  values: Float64Array.from({ length: 2 * n }, (_, k) => (k % 2 === 0 ? amplitude * Math.sin((2 * Math.PI * (k >> 1)) / n + phase) : Math.cos((2 * Math.PI * (k >> 1)) / n))),
});

describe('mean template with local stability', () => {
  it('of identical references is that reference, with the floor as spread', () => {
    const ref = wave(50);
    const t = buildTemplate([ref, ref, ref], { spreadFloor: 0.5 });
    for (let i = 0; i < ref.values.length; i++) expect(t.sequence.values[i]!).toBeCloseTo(ref.values[i]!, 12);
    expect(Array.from(t.weights).every((w) => w === 2)).toBe(true);
    expect(templateDistance(ref, t)).toBeCloseTo(0, 12);
  });

  it('averages references written at different speeds, and a different shape lies further away than they do', () => {
    const refs = [wave(50), wave(60), wave(70), wave(55)];
    const t = buildTemplate(refs, { spreadFloor: 0.05 });
    const own = refs.map((r) => templateDistance(r, t));
    const other = templateDistance(wave(60, 1, 2), t);
    expect(Math.max(...own)).toBeLessThan(other / 3);
    expect(t.meanDistance).toBeCloseTo(own.reduce((a, b) => a + b, 0) / own.length, 9);
  });

  it('weighs deviations more where the references agree', () => {
    // References agree on the first dimension and vary on the second.
    const refs = [0, 1, 2].map((k) => ({ length: 20, dims: 2, values: Float64Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? i / 20 : k)) }));
    const t = buildTemplate(refs, { spreadFloor: 0.01 });
    expect(t.weights[0]!).toBeGreaterThan(t.weights[1]! * 10);
  });
});
