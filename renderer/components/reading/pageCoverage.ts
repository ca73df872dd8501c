import type { PagePart } from './pageLayout';

/**
 * Which parts of each page have been on screen, accumulated over every scroll, pan and zoom. A
 * page counts as read only once all of it has been seen — not when it was merely reached. Each
 * page is a grid of cells (finer down the page, where reading moves); a cell is seen when its
 * centre has been inside a visible part, so a page is complete within half a cell (0.25 % of its
 * height, 0.5 % of its width) of its edges — what rounding of pixels leaves, nothing a reader misses.
 */
export class PageCoverage {
  private readonly cells: Uint8Array[];
  private readonly seenCount: number[];

  constructor(readonly pageCount: number, readonly rows = 200, readonly columns = 100) {
    this.cells = Array.from({ length: pageCount }, () => new Uint8Array(rows * columns));
    this.seenCount = new Array<number>(pageCount).fill(0);
  }

  /** Marks a visible part of a page (1-based); returns true when that page became complete now. */
  see(page: number, part: PagePart): boolean {
    const cells = this.cells[page - 1];
    if (!cells) return false;
    const wasComplete = this.isSeen(page);
    const [r0, r1] = cellSpan(part.y0, part.y1, this.rows);
    const [c0, c1] = cellSpan(part.x0, part.x1, this.columns);
    let count = this.seenCount[page - 1];
    for (let r = r0; r < r1; r++) {
      const row = r * this.columns;
      for (let c = c0; c < c1; c++) {
        if (cells[row + c] === 0) {
          cells[row + c] = 1;
          count++;
        }
      }
    }
    this.seenCount[page - 1] = count;
    return !wasComplete && this.isSeen(page);
  }

  isSeen(page: number): boolean {
    return this.seenCount[page - 1] === this.rows * this.columns;
  }

  /** How much of a page has been on screen, 0..1. */
  fraction(page: number): number {
    return (this.seenCount[page - 1] ?? 0) / (this.rows * this.columns);
  }

  /** The pages seen whole, 1-based, in order. */
  seenPages(): number[] {
    const out: number[] = [];
    for (let page = 1; page <= this.pageCount; page++) if (this.isSeen(page)) out.push(page);
    return out;
  }
}

/** The cells [first, end) whose centres lie inside from..to (fractions of the page). */
function cellSpan(from: number, to: number, count: number): [number, number] {
  const first = Math.max(0, Math.ceil(from * count - 0.5));
  const end = Math.min(count, Math.floor(to * count - 0.5) + 1);
  return [first, Math.max(first, end)];
}
