import { describe, expect, it } from 'vitest';
import { thumbnailScale, thumbnailsToDraw } from './thumbnailPlan';

const strip = (count: number, height = 100, gap = 10) => Array.from({ length: count }, (_, i) => ({ top: i * (height + gap), height }));

describe('which page thumbnails to draw', () => {
  it('draws the visible ones and those within the margin, nearest the middle first, not a 200-page document at once', () => {
    const items = strip(200);
    const plan = thumbnailsToDraw(items, 0, 650, 220, new Set());
    expect(plan[0]).toBe(2);
    expect([...plan].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('follows the strip when it scrolls and skips what is drawn already', () => {
    const items = strip(200);
    const plan = thumbnailsToDraw(items, 110 * 100, 650, 0, new Set([100, 101]));
    expect([...plan].sort((a, b) => a - b)).toEqual([102, 103, 104, 105]);
    expect(plan).not.toContain(0);
  });

  it('draws nothing for items not laid out yet (height 0)', () => {
    expect(thumbnailsToDraw([{ top: 0, height: 0 }], 0, 650, 100, new Set())).toEqual([]);
  });

  it('fits the page whole into the box at the screen\'s pixel ratio', () => {
    expect(thumbnailScale({ width: 612, height: 792 }, { width: 60, height: 78 }, 2)).toBeCloseTo((60 / 612) * 2, 6);
    expect(thumbnailScale({ width: 792, height: 612 }, { width: 60, height: 78 }, 1)).toBeCloseTo(60 / 792, 6);
    expect(thumbnailScale({ width: 100, height: 400 }, { width: 60, height: 78 }, 1)).toBeCloseTo(78 / 400, 6);
  });
});
