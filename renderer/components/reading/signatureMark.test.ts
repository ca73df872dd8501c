import { describe, expect, it } from 'vitest';
import { clampOffset, layoutPages } from './pageLayout';
import { centredOn, markOnSheet } from './signatureMark';

describe('the signature mark', () => {
  it('scales the displayed rectangle with the page and places it where the page is, whatever the corner order', () => {
    const page = { left: 40, top: 1000, width: 612, height: 792 };
    expect(markOnSheet([100, 700, 300, 650], page, 2)).toEqual({ left: 240, top: 2300, width: 400, height: 100 });
    expect(markOnSheet([300, 650, 100, 700], page, 2)).toEqual({ left: 240, top: 2300, width: 400, height: 100 });
  });

  it('centres the box in the viewport; near the end of the document the clamp keeps it on screen', () => {
    const viewport = { width: 800, height: 600 };
    const mark = { left: 300, top: 2000, width: 200, height: 80 };
    expect(centredOn(mark, viewport)).toEqual({ x: 0, y: 1740 });
    // A box low on the last page: the content ends before the box reaches the middle, yet it stays in view.
    const layout = layoutPages([{ width: 612, height: 792 }, { width: 612, height: 792 }], viewport, 1);
    const last = layout.pages[1];
    const low = markOnSheet([72, 700, 300, 760], last, layout.scale);
    const to = clampOffset(centredOn(low, viewport), layout.content, viewport);
    expect(to.y).toBeLessThan(centredOn(low, viewport).y);
    expect(low.top - to.y).toBeGreaterThanOrEqual(0);
    expect(low.top + low.height - to.y).toBeLessThanOrEqual(viewport.height);
  });
});
