import { describe, expect, it } from 'vitest';
import type { PenSample } from '../../native/pen/penSample';
import { extractFeatures } from './signatureFeatures';
import { RICH_FEATURE_COUNT, RICH_FEATURES } from './richGlobalFeatures';
import { richDissimilarity, RICH_DISSIMILARITY_NAMES, richStatistics } from './richGlobalDissimilarity';

/** A two-stroke synthetic signature (y down) with a pen-up gap, sampled every `dt` ms. */
function scribble({ dt = 10, wobble = 0, pressureScale = 1, tall = 1 } = {}): PenSample[] {
  const samples: PenSample[] = [];
  for (let i = 0; i < 120; i++) {
    const tip = i < 50 || i >= 60;
    const x = i * 20 + 300 * Math.sin(i / 7 + wobble);
    const y = tall * (500 + 250 * Math.cos(i / 5));
    const pressure = tip ? pressureScale * (300 + 200 * Math.sin(i / 9)) : 0;
    samples.push({ t: i * dt, x, y, pressure, nx: x / 10000, ny: y / 10000, np: pressure / 1023, inRange: true, tip, buttons: 0 });
  }
  return samples;
}

const valueOf = (rich: Float64Array, name: string) => rich[RICH_FEATURES.findIndex((f) => f.name === name)]!;

describe('rich global features', () => {
  it('are finite, one value per definition, with the strokes, times and direction shares of the signature', () => {
    const rich = extractFeatures(scribble()).global.rich;
    expect(rich.length).toBe(RICH_FEATURE_COUNT);
    for (let i = 0; i < rich.length; i++) expect(Number.isFinite(rich[i]!), RICH_FEATURES[i]!.name).toBe(true);
    expect(Math.exp(valueOf(rich, 'strokes'))).toBeCloseTo(2, 9);
    expect(Math.exp(valueOf(rich, 'duration'))).toBeCloseTo(1190, 6);
    // The first stroke is points 0–49 of 110 pen-down points; it ends at t = 490 of 1190 ms.
    expect(valueOf(rich, 'firstPenUpAt')).toBeCloseTo(490 / 1190, 6);
    expect(valueOf(rich, 'longestStrokeShare')).toBeCloseTo(60 / 110, 9);
    const directions = RICH_FEATURES.map((f, i) => (f.group === 'direction' ? rich[i]! : 0)).reduce((a, b) => a + b, 0);
    expect(directions).toBeCloseTo(1, 9);
  });

  it('see a signature written twice as slowly in its timing and speed, not in its shape', () => {
    const normal = extractFeatures(scribble()).global.rich;
    const slow = extractFeatures(scribble({ dt: 20 })).global.rich;
    expect(valueOf(slow, 'duration') - valueOf(normal, 'duration')).toBeCloseTo(Math.log(2), 6);
    expect(valueOf(slow, 'meanSpeed')).toBeLessThan(valueOf(normal, 'meanSpeed') - 0.5);
    for (const shape of ['pathLength', 'aspect', 'centroidX', 'direction3', 'penDownShare']) {
      expect(valueOf(slow, shape), shape).toBeCloseTo(valueOf(normal, shape), 6);
    }
  });

  it('put a differently shaped, pressed and timed signature further from the references than a near copy', () => {
    const references = [0, 0.05, 0.1, 0.15, 0.2].map((wobble) => extractFeatures(scribble({ wobble })).global.rich);
    const stats = richStatistics(references);
    const genuine = richDissimilarity(extractFeatures(scribble({ wobble: 0.12 })).global.rich, stats);
    const forgery = richDissimilarity(extractFeatures(scribble({ wobble: 0.1, dt: 16, pressureScale: 0.6, tall: 1.5 })).global.rich, stats);
    expect(genuine.length).toBe(RICH_DISSIMILARITY_NAMES.length);
    for (const name of ['rich:mean', 'rich:rms', 'rich:nearest', 'rich:wideMean', 'rich:time', 'rich:shape']) {
      const k = RICH_DISSIMILARITY_NAMES.indexOf(name);
      expect(forgery[k]!, name).toBeGreaterThan(genuine[k]! + 0.3);
    }
    // A reference itself is at distance 0 from its nearest reference.
    const self = richDissimilarity(references[2]!, stats);
    expect(self[RICH_DISSIMILARITY_NAMES.indexOf('rich:nearest')]!).toBeCloseTo(Math.log(0.25), 9);
  });
});
