import type { InkPoint, PenDeviceInfo, PenSample } from '../pen/penSample';
import { captureSurface, fitUniform, rawUnitSize } from '../pen/captureSurface';
import { applyHomography, type Homography } from '../calibration/fourPointCalibration';

/**
 * Pure helpers for live ink (the renderer draws; these decide what and when):
 * - InkFrameBatcher: samples batched per animation frame, none dropped, none reordered;
 * - mapping device samples into the signature box (normalised, or through a calibration);
 * - a speed-adaptive smoother (1€ filter) that removes jitter at low speed without lag at high speed;
 * - pressure → stroke width.
 * Ink is for the eye only: the biometric record keeps the raw samples untouched.
 */

/** Collects samples and hands them over once per frame. `requestFrame` is requestAnimationFrame in the renderer. */
export class InkFrameBatcher {
  private pending: PenSample[] = [];
  private scheduled = false;

  constructor(
    private readonly draw: (samples: PenSample[]) => void,
    private readonly requestFrame: (callback: () => void) => void,
  ) {}

  push(samples: readonly PenSample[]): void {
    if (samples.length === 0) return;
    for (const s of samples) this.pending.push(s);
    if (!this.scheduled) {
      this.scheduled = true;
      this.requestFrame(() => this.flush());
    }
  }

  /** Draws what is pending now (also called by the frame callback). */
  flush(): void {
    this.scheduled = false;
    if (!this.pending.length) return;
    const batch = this.pending;
    this.pending = [];
    this.draw(batch);
  }
}

/** The signature box in window coordinates, for mapping calibrated pen-display samples. */
export interface InkBox {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** Maps a sample to an ink point: through a calibration (device → window → box) or by its normalised position. */
export function inkPointOf(s: PenSample, calibration?: { matrix: Homography; box: InkBox }): InkPoint {
  if (!calibration) return { x: s.nx, y: s.ny, p: s.np, t: s.t };
  const w = applyHomography(calibration.matrix, { x: s.x, y: s.y });
  const { box } = calibration;
  return { x: (w.x - box.left) / box.width, y: (w.y - box.top) / box.height, p: s.np, t: s.t };
}

/**
 * A signature pad's (or the simulated pen's) samples in the signature box, without stretching: the
 * pad's surface is fitted uniformly into the box (its size in pixels) and centred, so a circle on
 * the pad is a circle on the screen, as it is in the PDF. A pen display is not a pad: its samples
 * are placed where the pen is (inkPointOf with a calibration, or the box's window position).
 */
export function padInkMapping(device: PenDeviceInfo, boxPx: { width: number; height: number }): (s: PenSample) => InkPoint {
  const surface = captureSurface(device);
  const unit = rawUnitSize(device);
  if (!(surface.width > 0 && surface.height > 0 && boxPx.width > 0 && boxPx.height > 0)) return (s) => ({ x: s.nx, y: s.ny, p: s.np, t: s.t });
  const fit = fitUniform({ minX: 0, minY: 0, maxX: surface.width, maxY: surface.height }, { x: 0, y: 0, width: boxPx.width, height: boxPx.height });
  return (s) => {
    const [x, y] = fit.map({ x: (s.x - device.xRange[0]) * unit.x, y: (s.y - device.yRange[0]) * unit.y, p: s.np });
    return { x: x / boxPx.width, y: y / boxPx.height, p: s.np, t: s.t };
  };
}

/** Stroke width for a pressure: never vanishing at a light touch, full width at firm pressure. */
export function inkWidth(pressure: number, baseWidth: number): number {
  const p = Math.min(1, Math.max(0, pressure));
  return baseWidth * (0.3 + 0.7 * Math.sqrt(p));
}

/**
 * The 1€ filter (Casiez, Roussel, Vogel, CHI 2012), per axis: strong smoothing when the pen moves
 * slowly (jitter shows), little when it moves fast (lag shows). Reset it at each pen-down.
 */
export class InkSmoother {
  private last: { x: number; y: number; dx: number; dy: number; t: number } | undefined;

  constructor(private readonly minCutoffHz = 1.5, private readonly beta = 8, private readonly derivativeCutoffHz = 1) {}

  reset(): void {
    this.last = undefined;
  }

  next(p: InkPoint): InkPoint {
    const prev = this.last;
    if (!prev || p.t <= prev.t) {
      this.last = { x: p.x, y: p.y, dx: 0, dy: 0, t: p.t };
      return p;
    }
    const dt = (p.t - prev.t) / 1000;
    const alpha = (cutoff: number) => {
      const tau = 1 / (2 * Math.PI * cutoff);
      return 1 / (1 + tau / dt);
    };
    const ad = alpha(this.derivativeCutoffHz);
    const dx = ad * ((p.x - prev.x) / dt) + (1 - ad) * prev.dx;
    const dy = ad * ((p.y - prev.y) / dt) + (1 - ad) * prev.dy;
    const speed = Math.hypot(dx, dy);
    const a = alpha(this.minCutoffHz + this.beta * speed);
    const x = a * p.x + (1 - a) * prev.x;
    const y = a * p.y + (1 - a) * prev.y;
    this.last = { x, y, dx, dy, t: p.t };
    return { ...p, x, y };
  }
}
