import type { PenSample } from '../../native/pen/penSample';

/**
 * Box positions as the contract accepts them (-0.5..1.5 of the box): ink beyond is pinned there,
 * never dropped, so the station still sees that the pen left the box (it tells the customer).
 */
export const pinToContractRange = (v: number): number => (Number.isFinite(v) ? Math.min(1.5, Math.max(-0.5, v)) : -0.5);

/**
 * A Pointer Events sample (x, y in CSS pixels from the box's corner) with its box position
 * unclamped: the native source clamps nx/ny to the box, which would hide a pen that left it.
 */
export function pointerSampleInBox(s: PenSample, box: { width: number; height: number }): PenSample {
  if (box.width <= 0 || box.height <= 0) return s;
  return { ...s, nx: pinToContractRange(s.x / box.width), ny: pinToContractRange(s.y / box.height) };
}
