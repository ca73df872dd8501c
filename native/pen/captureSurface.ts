import type { PenDeviceInfo, PenSample } from './penSample';
import { strokesOf } from './penStrokes';

/**
 * The geometry of a capture: what one raw unit measures along x and along y, so that every source
 * (Pointer Events in CSS pixels, HID digitizers in device units, pads, the simulated pen) gives
 * shapes in one unit in which x and y are comparable. A signature drawn 4 : 1 stays 4 : 1 in the
 * PDF and in the ISO record whatever the device's ranges or the signature box's size.
 *
 * The order of trust: millimetres (the HID descriptor's physical extents, the pad's resolution),
 * then pixels (the box or window the raw range covers), then square raw units (nothing known:
 * Pointer Events' CSS pixels are square; a digitizer that says nothing is assumed to be).
 */
export type SurfaceUnit = 'mm' | 'px' | 'raw';

export interface RawUnitSize {
  /** Size of one raw x unit and one raw y unit, in `unit`. */
  x: number;
  y: number;
  unit: SurfaceUnit;
}

export interface CaptureSurface {
  /** The whole raw range in `unit`. */
  width: number;
  height: number;
  unit: SurfaceUnit;
}

/** A point of a shape: x right, y down (as devices and screens count), in the surface's unit; p 0..1. */
export interface ShapePoint {
  x: number;
  y: number;
  p: number;
}

export interface Bounds {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

const span = (r: readonly [number, number]) => r[1] - r[0];
const positive = (v: number | undefined): v is number => typeof v === 'number' && Number.isFinite(v) && v > 0;

export function rawUnitSize(device: PenDeviceInfo): RawUnitSize {
  const xs = span(device.xRange);
  const ys = span(device.yRange);
  if (!(xs > 0) || !(ys > 0)) return { x: 1, y: 1, unit: 'raw' };
  if (positive(device.widthMm) && positive(device.heightMm)) return { x: device.widthMm / xs, y: device.heightMm / ys, unit: 'mm' };
  if (positive(device.widthPx) && positive(device.heightPx)) return { x: device.widthPx / xs, y: device.heightPx / ys, unit: 'px' };
  return { x: 1, y: 1, unit: 'raw' };
}

export function captureSurface(device: PenDeviceInfo): CaptureSurface {
  const u = rawUnitSize(device);
  return { width: Math.abs(span(device.xRange)) * u.x, height: Math.abs(span(device.yRange)) * u.y, unit: u.unit };
}

const finite = (s: PenSample) => Number.isFinite(s.x) && Number.isFinite(s.y) && Number.isFinite(s.np);

/**
 * The drawn shape: tip-down strokes from the raw x/y (never the normalised nx/ny, which are relative
 * to whatever box the source mapped them into), in the surface's unit. Samples with non-finite
 * values (a broken source) are left out rather than drawn as NaN.
 */
export function signatureShape(samples: readonly PenSample[], device: PenDeviceInfo): ShapePoint[][] {
  const u = rawUnitSize(device);
  const [x0, y0] = [device.xRange[0], device.yRange[0]];
  return strokesOf(samples.filter((s) => !s.tip || finite(s)))
    .map((stroke) => stroke.map((s) => ({ x: (s.x - x0) * u.x, y: (s.y - y0) * u.y, p: Math.min(1, Math.max(0, s.np)) })))
    .filter((s) => s.length > 0);
}

export function shapeBounds(strokes: readonly (readonly ShapePoint[])[]): Bounds | undefined {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const s of strokes) for (const p of s) {
    if (p.x < minX) minX = p.x;
    if (p.x > maxX) maxX = p.x;
    if (p.y < minY) minY = p.y;
    if (p.y > maxY) maxY = p.y;
  }
  return minX <= maxX ? { minX, minY, maxX, maxY } : undefined;
}

export interface Area {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface UniformFit {
  /** One factor for both axes: the shape is never stretched. */
  scale: number;
  /** The shape's bounds placed in the area: centred, as large as fits. */
  placed: Area;
  /** Maps a shape point into the area; `flipY` for PDF space (y up). */
  map(p: ShapePoint): [number, number];
}

/** Scales bounds uniformly to fit an area and centres them; a dot or a line is scaled by its longer side. */
export function fitUniform(b: Bounds, area: Area, options: { flipY?: boolean } = {}): UniformFit {
  const w = b.maxX - b.minX;
  const h = b.maxY - b.minY;
  const scale = Math.min(w > 0 ? area.width / w : Infinity, h > 0 ? area.height / h : Infinity);
  const k = Number.isFinite(scale) ? scale : 1;
  const placed = { x: area.x + (area.width - w * k) / 2, y: area.y + (area.height - h * k) / 2, width: w * k, height: h * k };
  const flip = options.flipY === true;
  return {
    scale: k,
    placed,
    map: (p) => [placed.x + (p.x - b.minX) * k, flip ? placed.y + (b.maxY - p.y) * k : placed.y + (p.y - b.minY) * k],
  };
}
