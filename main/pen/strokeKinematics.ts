import type { PenDeviceInfo, PenSample } from '../../native/pen/penSample';
import { strokesOf } from './biometricRecord';

/** Velocity and acceleration at one sample of a stroke. */
export interface KinematicPoint {
  t: number;
  /** Velocity in millimetres per second where the device's size is known, else device units per second. */
  vx: number;
  vy: number;
  speed: number;
  /** Acceleration in the same length unit per second². */
  ax: number;
  ay: number;
  acceleration: number;
}

export interface StrokeKinematics {
  /** 'mm' when the device gave its physical size, else 'device-units'. */
  unit: 'mm' | 'device-units';
  strokes: KinematicPoint[][];
}

/**
 * Derived velocity and acceleration, per stroke (pen-down to pen-up), from the samples' own clock.
 * Central differences inside a stroke, one-sided at its ends; samples with the same time stamp
 * (some devices repeat them) are skipped over rather than divided by zero. Strokes never borrow
 * samples across a pen lift, so a gap in the record never invents a velocity.
 */
export function strokeKinematics(samples: readonly PenSample[], device: Pick<PenDeviceInfo, 'xRange' | 'yRange' | 'widthMm' | 'heightMm'>): StrokeKinematics {
  const mmX = device.widthMm ? device.widthMm / (device.xRange[1] - device.xRange[0] || 1) : undefined;
  const mmY = device.heightMm ? device.heightMm / (device.yRange[1] - device.yRange[0] || 1) : undefined;
  const unit = mmX !== undefined && mmY !== undefined ? 'mm' : 'device-units';
  const sx = unit === 'mm' ? mmX! : 1;
  const sy = unit === 'mm' ? mmY! : 1;
  const strokes = strokesOf(samples).map((stroke) => {
    const v = differentiate(stroke.map((s) => s.t), stroke.map((s) => s.x * sx), stroke.map((s) => s.y * sy));
    const a = differentiate(stroke.map((s) => s.t), v.dx, v.dy);
    return stroke.map((s, i) => ({
      t: s.t,
      vx: v.dx[i],
      vy: v.dy[i],
      speed: Math.hypot(v.dx[i], v.dy[i]),
      ax: a.dx[i],
      ay: a.dy[i],
      acceleration: Math.hypot(a.dx[i], a.dy[i]),
    }));
  });
  return { unit, strokes };
}

/** d/dt (per second) of two series sampled at times t (ms). */
function differentiate(t: number[], x: number[], y: number[]): { dx: number[]; dy: number[] } {
  const n = t.length;
  const dx = new Array<number>(n).fill(0);
  const dy = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++) {
    let lo = i - 1;
    let hi = i + 1;
    while (lo >= 0 && t[lo] === t[i]) lo--;
    while (hi < n && t[hi] === t[i]) hi++;
    const a = lo >= 0 ? lo : i;
    const b = hi < n ? hi : i;
    const dt = (t[b] - t[a]) / 1000;
    if (dt > 0) {
      dx[i] = (x[b] - x[a]) / dt;
      dy[i] = (y[b] - y[a]) / dt;
    }
  }
  return { dx, dy };
}
