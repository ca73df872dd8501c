import { describe, expect, it } from 'vitest';
import { PageCoverage } from './pageCoverage';
import { layoutPages, pageOffset, visiblePart, type Size } from './pageLayout';

const a4: Size = { width: 595, height: 842 };
const viewport: Size = { width: 860, height: 660 };

/** What a window shows at an offset, fed to the tracker as the view does on every scroll. */
function show(coverage: PageCoverage, pages: Size[], zoom: number, offset: { x: number; y: number }) {
  const layout = layoutPages(pages, viewport, zoom);
  pages.forEach((_, i) => {
    const part = visiblePart(layout, offset, viewport, i);
    if (part) coverage.see(i + 1, part);
  });
}

describe('page coverage', () => {
  it('tapping "Next page" through the document (each page\'s top only) reads nothing whole', () => {
    const pages = [a4, a4, a4, a4];
    const coverage = new PageCoverage(pages.length);
    const layout = layoutPages(pages, viewport, 1);
    for (let i = 0; i < pages.length; i++) show(coverage, pages, 1, pageOffset(layout, i, viewport));
    expect(coverage.seenPages()).toEqual([]);
    expect(coverage.fraction(1)).toBeGreaterThan(0.4);
    expect(coverage.fraction(1)).toBeLessThan(0.8);
  });

  it('scrolling through every page in steps of a screen reads them all', () => {
    const pages = [a4, a4, a4];
    const coverage = new PageCoverage(pages.length);
    const layout = layoutPages(pages, viewport, 1);
    for (let y = 0; y <= layout.content.height; y += viewport.height * 0.9) show(coverage, pages, 1, { x: 0, y: Math.min(y, layout.content.height - viewport.height) });
    expect(coverage.seenPages()).toEqual([1, 2, 3]);
  });

  it('one big jump past the middle of a page leaves that band unread', () => {
    const pages = [a4, a4];
    const coverage = new PageCoverage(pages.length);
    const layout = layoutPages(pages, viewport, 1);
    show(coverage, pages, 1, { x: 0, y: 0 });
    // Straight on to page 2, which is then read in two screens.
    show(coverage, pages, 1, { x: 0, y: layout.pages[1].top });
    show(coverage, pages, 1, { x: 0, y: layout.content.height - viewport.height });
    expect(coverage.isSeen(1)).toBe(false);
    expect(coverage.isSeen(2)).toBe(true);
  });

  it('at 200 % the page is read only when both halves across have been panned into view', () => {
    const pages = [a4];
    const coverage = new PageCoverage(1);
    const layout = layoutPages(pages, viewport, 2);
    const down = (x: number) => {
      for (let y = 0; y <= layout.content.height; y += viewport.height / 2) show(coverage, pages, 2, { x, y: Math.min(y, layout.content.height - viewport.height) });
    };
    down(0);
    expect(coverage.isSeen(1)).toBe(false);
    expect(coverage.fraction(1)).toBeCloseTo(0.5, 1);
    down(layout.content.width - viewport.width);
    expect(coverage.isSeen(1)).toBe(true);
  });

  it('coverage gathered at different zooms adds up (fit page then nothing else needed)', () => {
    const pages = [a4, a4];
    const coverage = new PageCoverage(2);
    // At a zoom where the whole page fits, one look reads it.
    show(coverage, pages, 0.5, { x: 0, y: 0 });
    expect(coverage.isSeen(1)).toBe(true);
    // The top half of page 2 at 100 %, the bottom half at 150 %.
    const at100 = layoutPages(pages, viewport, 1);
    show(coverage, pages, 1, { x: 0, y: at100.pages[1].top });
    const at150 = layoutPages(pages, viewport, 1.5);
    const r = at150.pages[1];
    for (const x of [0, at150.content.width - viewport.width]) for (let y = r.top + r.height * 0.3; y < r.top + r.height; y += viewport.height / 2) show(coverage, pages, 1.5, { x, y });
    expect(coverage.seenPages()).toEqual([1, 2]);
  });

  it('says when a page has just become complete, once', () => {
    const coverage = new PageCoverage(1, 10, 10);
    expect(coverage.see(1, { x0: 0, x1: 1, y0: 0, y1: 0.5 })).toBe(false);
    expect(coverage.see(1, { x0: 0, x1: 1, y0: 0.5, y1: 1 })).toBe(true);
    expect(coverage.see(1, { x0: 0, x1: 1, y0: 0, y1: 1 })).toBe(false);
    expect(coverage.see(2, { x0: 0, x1: 1, y0: 0, y1: 1 })).toBe(false);
    expect(coverage.seenPages()).toEqual([1]);
  });
});
