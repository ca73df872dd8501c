import { describe, expect, it } from 'vitest';
import {
  clampOffset, currentPageIndex, fitPageZoom, layoutPages, offsetFractions, offsetFromFractions, pageMargin, pageOffset,
  steppedZoom, visiblePart, zoomAround, type Size,
} from './pageLayout';
import { PointerGesture, wheelStep } from './panGesture';

const a4: Size = { width: 595, height: 842 };
const landscape: Size = { width: 842, height: 595 };
const viewport: Size = { width: 860, height: 660 };

describe('page layout', () => {
  it('fit width: the widest page fills the width less the margins; pages stack with margins', () => {
    const layout = layoutPages([a4, a4], viewport, 1);
    expect(layout.pages[0].width).toBeCloseTo(viewport.width - 2 * pageMargin);
    expect(layout.pages[0].left).toBeCloseTo(pageMargin);
    expect(layout.pages[1].top).toBeCloseTo(layout.pages[0].top + layout.pages[0].height + pageMargin);
    expect(layout.content.width).toBe(viewport.width);
  });

  it('at 200 % the content is wider than the viewport (to pan), never the viewport wider', () => {
    const layout = layoutPages([a4], viewport, 2);
    expect(layout.content.width).toBeCloseTo(2 * (viewport.width - 2 * pageMargin) + 2 * pageMargin);
    const panned = clampOffset({ x: 99_999, y: -5 }, layout.content, viewport);
    expect(panned).toEqual({ x: layout.content.width - viewport.width, y: 0 });
  });

  it('a narrower page is centred under a wider one', () => {
    const layout = layoutPages([landscape, a4], viewport, 1);
    const [wide, narrow] = layout.pages;
    expect(narrow.left + narrow.width / 2).toBeCloseTo(wide.left + wide.width / 2);
    expect(narrow.width).toBeLessThan(wide.width);
  });

  it('fit page shows the whole page at once', () => {
    const pages = [a4, a4, a4];
    const zoom = fitPageZoom(pages, viewport, 1);
    const layout = layoutPages(pages, viewport, zoom);
    expect(layout.pages[1].height).toBeCloseTo(viewport.height - 2 * pageMargin);
    const offset = pageOffset(layout, 1, viewport);
    const part = visiblePart(layout, offset, viewport, 1)!;
    for (const [got, want] of [[part.x0, 0], [part.x1, 1], [part.y0, 0], [part.y1, 1]]) expect(got).toBeCloseTo(want, 9);
    expect(currentPageIndex(layout, offset, viewport)).toBe(1);
  });

  it('zoom keeps the spot under the fingers (or the centre) in place', () => {
    const pages = [a4, a4];
    const before = layoutPages(pages, viewport, 1);
    const offset = { x: 0, y: 700 };
    const anchor = { x: 300, y: 200 };
    const after = layoutPages(pages, viewport, 2);
    const moved = zoomAround(before, after, offset, anchor, viewport);
    const spotBefore = { x: (offset.x + anchor.x - before.pages[0].left) / before.pages[0].width, y: (offset.y + anchor.y - before.pages[0].top) / before.pages[0].height };
    const spotAfter = { x: (moved.x + anchor.x - after.pages[0].left) / after.pages[0].width, y: (moved.y + anchor.y - after.pages[0].top) / after.pages[0].height };
    expect(spotAfter.x).toBeCloseTo(spotBefore.x, 6);
    expect(spotAfter.y).toBeCloseTo(spotBefore.y, 6);
  });

  it('visible parts are in page fractions, none for a page off screen', () => {
    const layout = layoutPages([a4, a4, a4], viewport, 1);
    expect(visiblePart(layout, { x: 0, y: 0 }, viewport, 2)).toBeUndefined();
    const top = visiblePart(layout, { x: 0, y: 0 }, viewport, 0)!;
    expect(top.y0).toBe(0);
    expect(top.y1).toBeCloseTo((viewport.height - pageMargin) / layout.pages[0].height);
    expect([top.x0, top.x1]).toEqual([0, 1]);
  });

  it('scroll fractions go both ways (the mirror follows by them)', () => {
    const layout = layoutPages([a4, a4], viewport, 2);
    const offset = { x: 123, y: 456 };
    const f = offsetFractions(offset, layout.content, viewport);
    const back = offsetFromFractions(f, layout.content, viewport);
    expect(back.x).toBeCloseTo(123);
    expect(back.y).toBeCloseTo(456);
    expect(offsetFractions({ x: 0, y: 0 }, viewport, viewport)).toEqual({ x: 0, y: 0 });
  });

  it('buttons step from any zoom to the next step', () => {
    expect(steppedZoom(1, 1)).toBe(1.25);
    expect(steppedZoom(1, -1)).toBe(0.75);
    expect(steppedZoom(0.62, 1)).toBe(0.75);
    expect(steppedZoom(0.62, -1)).toBe(0.5);
    expect(steppedZoom(4, 1)).toBe(4);
  });
});

describe('pan and pinch', () => {
  it('one pointer drags: the offset moves against the hand', () => {
    const g = new PointerGesture();
    g.down(1, { x: 100, y: 100 });
    expect(g.move(1, { x: 60, y: 130 })).toEqual({ pan: { x: 40, y: -30 }, zoomFactor: 1, anchor: { x: 60, y: 130 } });
    g.up(1);
    expect(g.move(1, { x: 0, y: 0 })).toBeUndefined();
  });

  it('two fingers pinch: the zoom follows their distance, around their midpoint', () => {
    const g = new PointerGesture();
    g.down(1, { x: 100, y: 100 });
    g.down(2, { x: 200, y: 100 });
    const step = g.move(2, { x: 300, y: 100 })!;
    expect(step.zoomFactor).toBeCloseTo(2);
    expect(step.anchor).toEqual({ x: 200, y: 100 });
    expect(step.pan).toEqual({ x: -50, y: 0 });
    g.down(3, { x: 0, y: 0 });
    expect(g.pointers).toBe(2);
  });

  it('the wheel scrolls, sideways with Shift, and zooms with Ctrl', () => {
    const at = { x: 10, y: 20 };
    expect(wheelStep({ deltaX: 0, deltaY: 3, deltaMode: 1, ctrlKey: false, shiftKey: false }, at, 600).pan).toEqual({ x: 0, y: 120 });
    expect(wheelStep({ deltaX: 0, deltaY: 100, deltaMode: 0, ctrlKey: false, shiftKey: true }, at, 600).pan).toEqual({ x: 100, y: 0 });
    const zoomIn = wheelStep({ deltaX: 0, deltaY: -100, deltaMode: 0, ctrlKey: true, shiftKey: false }, at, 600);
    expect(zoomIn.zoomFactor).toBeGreaterThan(1);
    expect(zoomIn.anchor).toEqual(at);
  });
});
