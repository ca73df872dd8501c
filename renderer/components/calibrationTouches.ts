import type { Point } from '../../native/calibration/fourPointCalibration';
import type { PenSample } from '../../native/pen/penSample';

/**
 * Turns the pen's samples into one raw device point per touch: the mean of the samples while the
 * tip was down (a touch wobbles a little; the mean is steadier than its first or last sample).
 * Hover samples are ignored; a touch counts when the tip lifts.
 */
export class CalibrationTouches {
  private sum: { x: number; y: number; n: number } | undefined;
  readonly touched: Point[] = [];

  push(samples: readonly PenSample[]): number {
    for (const s of samples) {
      if (s.tip) {
        this.sum ??= { x: 0, y: 0, n: 0 };
        this.sum.x += s.x;
        this.sum.y += s.y;
        this.sum.n++;
      } else if (this.sum) {
        this.touched.push({ x: this.sum.x / this.sum.n, y: this.sum.y / this.sum.n });
        this.sum = undefined;
      }
    }
    return this.touched.length;
  }

  reset(): void {
    this.sum = undefined;
    this.touched.length = 0;
  }
}
