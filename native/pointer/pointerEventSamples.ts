import type { PenDeviceInfo, PenSample } from '../pen/penSample';

/**
 * Pointer Events → pen samples, for pen displays whose digitizer the operating system owns
 * (Windows Ink): the customer window reads its own pointer events, including every coalesced
 * event (`getCoalescedEvents()`: the browser merges 120–240 Hz pen input into one event per frame,
 * the samples in between would be lost without it). No DOM types are needed at import time: the
 * renderer passes its real PointerEvents, which have this shape.
 */
export interface PointerEventLike {
  pointerId: number;
  pointerType: string;
  clientX: number;
  clientY: number;
  /** 0..1; 0.5 for a pressed mouse. */
  pressure: number;
  tiltX?: number;
  tiltY?: number;
  twist?: number;
  /** Radians (newer browsers). */
  altitudeAngle?: number;
  azimuthAngle?: number;
  /** Bit field: 1 contact/left, 2 barrel/right, 32 eraser. */
  buttons: number;
  /** Monotonic high-resolution clock (ms since the page's time origin), never wall-clock. */
  timeStamp: number;
  getCoalescedEvents?(): PointerEventLike[];
}

/** The signing surface in client coordinates (element.getBoundingClientRect()). */
export interface SurfaceRect {
  left: number;
  top: number;
  width: number;
  height: number;
}

export interface PointerSampleOptions {
  /** Pointer types accepted: 'pen' always; 'touch' and 'mouse' for accessibility or demos. */
  accept?: readonly string[];
}

const DEG = 180 / Math.PI;

/** Samples for one pointer event: its coalesced events in order, or the event itself. */
export function pointerEventSamples(event: PointerEventLike, surface: SurfaceRect, options: PointerSampleOptions = {}): PenSample[] {
  const accept = options.accept ?? ['pen'];
  if (!accept.includes(event.pointerType)) return [];
  const coalesced = event.getCoalescedEvents?.() ?? [];
  const events = coalesced.length ? coalesced : [event];
  const out: PenSample[] = [];
  for (const e of events) out.push(sampleOf(e, surface));
  return out;
}

function sampleOf(e: PointerEventLike, surface: SurfaceRect): PenSample {
  const x = e.clientX - surface.left;
  const y = e.clientY - surface.top;
  const tip = (e.buttons & 1) === 1;
  const pressure = tip ? (e.pointerType === 'pen' ? e.pressure : e.pressure || 0.5) : 0;
  const s: PenSample = {
    t: e.timeStamp,
    x,
    y,
    pressure,
    nx: surface.width > 0 ? Math.min(1, Math.max(0, x / surface.width)) : 0,
    ny: surface.height > 0 ? Math.min(1, Math.max(0, y / surface.height)) : 0,
    np: Math.min(1, Math.max(0, pressure)),
    inRange: true,
    tip,
    buttons: ((e.buttons & 2) !== 0 ? 1 : 0) | ((e.buttons & 32) !== 0 ? 4 : 0),
  };
  if (e.pointerType === 'pen') {
    if (e.tiltX !== undefined) s.tiltX = e.tiltX;
    if (e.tiltY !== undefined) s.tiltY = e.tiltY;
    if (e.twist !== undefined) s.twist = e.twist;
    if (e.altitudeAngle !== undefined) s.altitude = e.altitudeAngle * DEG;
    if (e.azimuthAngle !== undefined) s.azimuth = e.azimuthAngle * DEG;
  }
  return s;
}

/**
 * The device description a Pointer Events record carries: the raw x/y are CSS pixels of the signing
 * surface, and the surface's size in pixels says so, so that x and y share one unit.
 */
export function pointerEventDeviceInfo(surface: SurfaceRect, pointerType = 'pen'): PenDeviceInfo {
  return {
    source: 'pointer-events',
    profile: `pointer-events:${pointerType}`,
    xRange: [0, surface.width],
    yRange: [0, surface.height],
    pressureRange: [0, 1],
    // A box not laid out (0 × 0) has no size to say; the raw pixels are still square.
    ...(surface.width > 0 && surface.height > 0 ? { widthPx: surface.width, heightPx: surface.height } : {}),
  };
}

/**
 * Keeps one pointer's samples together: the first pen that touches owns the signature until it
 * leaves, so a resting palm or a second pointer does not draw. Call `handle` for pointerdown,
 * pointermove, pointerrawupdate and pointerup; `leave` for pointerleave/pointercancel.
 */
export class PointerSampleSource {
  private owner: number | undefined;
  constructor(private readonly surface: () => SurfaceRect, private readonly options: PointerSampleOptions = {}) {}

  handle(event: PointerEventLike): PenSample[] {
    if (this.owner !== undefined && event.pointerId !== this.owner) return [];
    const samples = pointerEventSamples(event, this.surface(), this.options);
    if (samples.length && this.owner === undefined) this.owner = event.pointerId;
    return samples;
  }

  leave(event: PointerEventLike): PenSample[] {
    if (event.pointerId !== this.owner) return [];
    this.owner = undefined;
    // The pen left: a last out-of-range sample so that the stroke ends where the pen lifted.
    const [last] = pointerEventSamples({ ...event, buttons: 0, getCoalescedEvents: undefined }, this.surface(), this.options);
    return last ? [{ ...last, inRange: false, tip: false, pressure: 0, np: 0 }] : [];
  }
}
