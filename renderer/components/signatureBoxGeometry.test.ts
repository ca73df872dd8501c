import { describe, expect, it } from 'vitest';
import { boxPresets, dragBox, holdsSignature, nudgeBox, presetBox } from './signatureBoxGeometry';

describe('signature box geometry on a rendered page', () => {
  it('every preset lies on the page and holds a signature', () => {
    for (const [w, h, s] of [[500, 707, 500 / 595], [707, 500, 707 / 842], [300, 2000, 0.5]]) {
      for (const p of boxPresets) {
        const b = presetBox(p, w, h, s);
        expect(b.x, p).toBeGreaterThanOrEqual(0);
        expect(b.y, p).toBeGreaterThanOrEqual(0);
        expect(b.x + b.width, p).toBeLessThanOrEqual(w);
        expect(b.y + b.height, p).toBeLessThanOrEqual(h);
        expect(holdsSignature(b, s), p).toBe(true);
      }
    }
  });

  it('bottom right is right of and below top left', () => {
    const br = presetBox('bottom-right', 500, 700, 0.84);
    const tl = presetBox('top-left', 500, 700, 0.84);
    expect(br.x).toBeGreaterThan(tl.x);
    expect(br.y).toBeGreaterThan(tl.y);
  });

  it('a drag in any direction gives the same box, cut at the page edges', () => {
    expect(dragBox({ x: 10, y: 20 }, { x: 110, y: 70 }, 500, 700)).toEqual({ x: 10, y: 20, width: 100, height: 50 });
    expect(dragBox({ x: 110, y: 70 }, { x: 10, y: 20 }, 500, 700)).toEqual({ x: 10, y: 20, width: 100, height: 50 });
    expect(dragBox({ x: 450, y: 650 }, { x: 900, y: 900 }, 500, 700)).toEqual({ x: 450, y: 650, width: 50, height: 50 });
  });

  it('a click or a sliver is not a signature box', () => {
    expect(holdsSignature({ x: 0, y: 0, width: 0, height: 0 }, 1)).toBe(false);
    expect(holdsSignature({ x: 0, y: 0, width: 200, height: 8 }, 1)).toBe(false);
    expect(holdsSignature({ x: 0, y: 0, width: 24, height: 12 }, 1)).toBe(true);
  });

  it('arrow keys move the box on the page, with Shift they resize it, never below a signature', () => {
    const b = { x: 10, y: 10, width: 100, height: 40 };
    expect(nudgeBox(b, 'ArrowRight', false, 5, 500, 700, 1)).toEqual({ ...b, x: 15 });
    expect(nudgeBox(b, 'ArrowUp', false, 50, 500, 700, 1)).toEqual({ ...b, y: 0 });
    expect(nudgeBox({ ...b, x: 398 }, 'ArrowRight', false, 5, 500, 700, 1)).toEqual({ ...b, x: 400 });
    expect(nudgeBox(b, 'ArrowDown', true, 5, 500, 700, 1)).toEqual({ ...b, height: 45 });
    expect(nudgeBox(b, 'ArrowLeft', true, 500, 500, 700, 1)).toEqual({ ...b, width: 24 });
    expect(nudgeBox(b, 'Enter', false, 5, 500, 700, 1)).toBeUndefined();
  });
});
