import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { InkPoint } from '../../native/pen/penSample';
import { rawUnitSize } from '../../native/pen/captureSurface';
import { strokesOf } from '../../native/pen/penStrokes';
import { sharedDataPath } from '../config/sharedData';
import { stationConfigSchema } from '../config/stationConfigSchema';
import { readSvc2004File } from '../pen/svc2004';
import { judgeSignature, type SignatureMinimums } from './signatureQuality';

// The product's defaults, as a station without a config file has them.
const s = stationConfigSchema.parse({}).signing;
const defaults: SignatureMinimums = { durationMs: s.minDurationMs, points: s.minPoints, strokes: s.minStrokes, extent: s.minExtent, thickness: s.minThickness };
const boxAspect = 3;

/** A stroke from `from` to `to` (box coordinates) over `ms`, `n` points, with a hand's small wobble. */
function line(from: [number, number], to: [number, number], ms: number, n = 60, wobble = 0.004): InkPoint[] {
  return Array.from({ length: n }, (_, i) => {
    const f = i / (n - 1);
    return { x: from[0] + (to[0] - from[0]) * f + Math.sin(i * 1.7) * wobble, y: from[1] + (to[1] - from[1]) * f + Math.cos(i * 2.3) * wobble, p: 0.5, t: f * ms };
  });
}

describe('the signature quality rule', () => {
  it('refuses nothing drawn, a dot, a two-point scribble and a flick', () => {
    expect(judgeSignature([], boxAspect, defaults)).toBe('empty');
    expect(judgeSignature([[]], boxAspect, defaults)).toBe('empty');
    const dot = Array.from({ length: 12 }, (_, i) => ({ x: 0.5 + i * 0.0005, y: 0.5, p: 0.6, t: i * 8 }));
    expect(judgeSignature([dot], boxAspect, defaults)).toBe('too-short');
    // Held long enough and with enough points, a dot is still a dot.
    const heldDot = Array.from({ length: 200 }, (_, i) => ({ x: 0.5 + Math.sin(i) * 0.002, y: 0.5 + Math.cos(i) * 0.002, p: 0.6, t: i * 10 }));
    expect(judgeSignature([heldDot], boxAspect, defaults)).toBe('too-small');
    expect(judgeSignature([[{ x: 0.1, y: 0.2, p: 0.5, t: 0 }, { x: 0.8, y: 0.7, p: 0.5, t: 900 }]], boxAspect, defaults)).toBe('too-short');
    expect(judgeSignature([line([0.1, 0.3], [0.9, 0.8], 120)], boxAspect, defaults)).toBe('too-short');
  });

  it('refuses a straight line, flat or slanted, drawn slowly', () => {
    expect(judgeSignature([line([0.1, 0.6], [0.9, 0.61], 1200)], boxAspect, defaults)).toBe('too-simple');
    expect(judgeSignature([line([0.1, 0.2], [0.9, 0.8], 1200)], boxAspect, defaults)).toBe('too-simple');
    expect(judgeSignature([line([0.5, 0.1], [0.52, 0.9], 1200)], boxAspect, defaults)).toBe('too-simple');
    // Two strokes on one line are still a line.
    expect(judgeSignature([line([0.1, 0.2], [0.4, 0.4], 600), line([0.5, 0.47], [0.9, 0.73], 600)], boxAspect, defaults)).toBe('too-simple');
  });

  it('takes a cross and a wave, and refuses what the desk sets higher', () => {
    const cross = [line([0.3, 0.1], [0.6, 0.9], 500), line([0.6, 0.1], [0.3, 0.9], 500)];
    expect(judgeSignature(cross, boxAspect, defaults)).toBeUndefined();
    const wave = [Array.from({ length: 100 }, (_, i) => ({ x: 0.1 + i * 0.008, y: 0.5 + Math.sin(i / 5) * 0.3, p: 0.5, t: i * 12 }))];
    expect(judgeSignature(wave, boxAspect, defaults)).toBeUndefined();
    expect(judgeSignature(wave, boxAspect, { ...defaults, strokes: 2 })).toBe('too-simple');
    expect(judgeSignature(wave, boxAspect, { ...defaults, durationMs: 5000 })).toBe('too-short');
  });

  it('measures in heights of the box: the same ink is flat in a wide box', () => {
    const low = [Array.from({ length: 100 }, (_, i) => ({ x: 0.1 + i * 0.002, y: 0.5 + Math.sin(i / 3) * 0.04, p: 0.5, t: i * 12 }))];
    expect(judgeSignature(low, 1, defaults)).toBe('too-small');
    expect(judgeSignature(low, 1, { ...defaults, extent: 0.05 })).toBeUndefined();
    expect(judgeSignature(low, 3, defaults)).toBe('too-small');
    expect(judgeSignature(low, 3, { ...defaults, extent: 0.06 })).toBeUndefined();
  });

  it('accepts every genuine SVC2004 signature of the first users, fitted into the box as a pad is', async (ctx) => {
    const dir = sharedDataPath('svc2004-task2-dev', 'Task2');
    if (!dir) {
      ctx.skip('shared data ../shared/data/svc2004-task2-dev is absent');
      return;
    }
    const files = readdirSync(dir).filter((f) => /^U[1-5]S([1-9]|1\d|20)\.TXT$/i.test(f));
    expect(files.length).toBe(100);
    for (const f of files) {
      const rec = await readSvc2004File(join(dir, f));
      const u = rawUnitSize(rec.device);
      const strokes = strokesOf(rec.samples).map((st) => st.map((p) => ({ x: p.x * u.x, y: p.y * u.y, p: p.np, t: p.t })));
      const xs = strokes.flat().map((p) => p.x), ys = strokes.flat().map((p) => p.y);
      const [x0, y0] = [Math.min(...xs), Math.min(...ys)];
      // Uniformly into a 3 : 1 box with a margin, as padInkMapping fits a pad.
      const scale = Math.min((boxAspect * 0.9) / (Math.max(...xs) - x0), 0.9 / (Math.max(...ys) - y0));
      const ink = strokes.map((st) => st.map((p) => ({ ...p, x: (0.05 * boxAspect + (p.x - x0) * scale) / boxAspect, y: 0.05 + (p.y - y0) * scale })));
      expect(judgeSignature(ink, boxAspect, defaults), f).toBeUndefined();
    }
  });
});
