import type { Point } from './pageLayout';

/**
 * What the customer's hands do to the document, as plain numbers: one pointer (pen, finger,
 * mouse) drags the pages, two fingers pinch to zoom around their midpoint, the wheel scrolls (and
 * zooms with Ctrl, as a touchpad pinch arrives). The view applies a step as "move the offset by
 * `pan`, then zoom by `zoomFactor` around `anchor`".
 */
export interface GestureStep {
  /** Change of the scroll offset, CSS px (positive: content moves up/left). */
  pan: Point;
  /** 1 when the zoom does not change. */
  zoomFactor: number;
  /** The viewport point the zoom keeps in place. */
  anchor: Point;
}

export class PointerGesture {
  private readonly points = new Map<number, Point>();

  get pointers(): number {
    return this.points.size;
  }

  down(id: number, at: Point): void {
    // Three fingers or more: only the first two steer.
    if (this.points.size < 2) this.points.set(id, at);
  }

  up(id: number): void {
    this.points.delete(id);
  }

  move(id: number, at: Point): GestureStep | undefined {
    const before = this.points.get(id);
    if (!before) return undefined;
    if (this.points.size === 1) {
      this.points.set(id, at);
      return { pan: { x: before.x - at.x, y: before.y - at.y }, zoomFactor: 1, anchor: at };
    }
    const other = [...this.points.entries()].find(([key]) => key !== id)![1];
    this.points.set(id, at);
    const oldMid = midpoint(before, other);
    const newMid = midpoint(at, other);
    const oldDistance = distance(before, other);
    const newDistance = distance(at, other);
    const zoomFactor = oldDistance > 4 && newDistance > 4 ? newDistance / oldDistance : 1;
    return { pan: { x: oldMid.x - newMid.x, y: oldMid.y - newMid.y }, zoomFactor, anchor: newMid };
  }
}

export interface WheelInput { deltaX: number; deltaY: number; deltaMode: number; ctrlKey: boolean; shiftKey: boolean }

/** A wheel turn or touchpad swipe: scrolls (sideways with Shift); with Ctrl (a touchpad pinch) zooms around the pointer. */
export function wheelStep(e: WheelInput, at: Point, viewportHeight: number): GestureStep {
  // deltaMode: 0 pixels, 1 lines, 2 pages.
  const unit = e.deltaMode === 1 ? 40 : e.deltaMode === 2 ? viewportHeight * 0.9 : 1;
  const dx = e.deltaX * unit;
  const dy = e.deltaY * unit;
  if (e.ctrlKey) return { pan: { x: 0, y: 0 }, zoomFactor: Math.exp(-dy / 300), anchor: at };
  return { pan: e.shiftKey && dx === 0 ? { x: dy, y: 0 } : { x: dx, y: dy }, zoomFactor: 1, anchor: at };
}

const midpoint = (a: Point, b: Point): Point => ({ x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 });
const distance = (a: Point, b: Point) => Math.hypot(a.x - b.x, a.y - b.y);
