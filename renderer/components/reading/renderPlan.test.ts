import { describe, expect, it } from 'vitest';
import { layoutPages, type Size } from './pageLayout';
import { canvasScale, maxCanvasPixels, renderPlan } from './renderPlan';

const a4: Size = { width: 595, height: 842 };
const viewport: Size = { width: 860, height: 660 };

describe('render plan', () => {
  it('draws the page in the middle of the screen first, then its neighbours, and nothing far away', () => {
    const pages = Array.from({ length: 30 }, () => a4);
    const layout = layoutPages(pages, viewport, 1);
    const offset = { x: 0, y: layout.pages[10].top };
    const drawn = new Array<number>(30).fill(0);
    expect(renderPlan(layout, offset, viewport, drawn, 1).next).toBe(10);
    drawn[10] = canvasScale(layout.pages[10], layout.scale, 1);
    const second = renderPlan(layout, offset, viewport, drawn, 1).next!;
    expect([9, 11]).toContain(second);
    const order: number[] = [10];
    for (let n = renderPlan(layout, offset, viewport, drawn, 1).next; n !== undefined; n = renderPlan(layout, offset, viewport, drawn, 1).next) {
      order.push(n);
      drawn[n] = canvasScale(layout.pages[n], layout.scale, 1);
    }
    expect(Math.min(...order)).toBeGreaterThanOrEqual(9);
    expect(Math.max(...order)).toBeLessThanOrEqual(12);
  });

  it('gives back canvases far off screen and redraws at a new zoom', () => {
    const pages = Array.from({ length: 30 }, () => a4);
    const layout = layoutPages(pages, viewport, 1);
    const drawn = pages.map((_, i) => canvasScale(layout.pages[i], layout.scale, 1));
    const plan = renderPlan(layout, { x: 0, y: 0 }, viewport, drawn, 1);
    expect(plan.next).toBeUndefined();
    expect(plan.release).toContain(29);
    expect(plan.release).not.toContain(1);
    const zoomed = layoutPages(pages, viewport, 2);
    expect(renderPlan(zoomed, { x: 0, y: 0 }, viewport, drawn, 1).next).toBe(0);
  });

  it('keeps a canvas within the pixel limit at any zoom', () => {
    const layout = layoutPages([a4], viewport, 4);
    const s = canvasScale(layout.pages[0], layout.scale, 2);
    expect(a4.width * s * a4.height * s).toBeLessThanOrEqual(maxCanvasPixels * 1.0001);
  });
});
