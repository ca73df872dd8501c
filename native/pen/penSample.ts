/**
 * One pen sample, as every source produces it (USB HID, WebHID, Wacom STU, Pointer Events, replay).
 * Pure data: this module is shared by Node, Electron and the browser.
 *
 * Raw device units are kept (a forensic examiner wants what the device said), with normalised
 * values beside them so that ink and comparison code never need the device's ranges.
 */
export interface PenSample {
  /** Milliseconds: the device's own clock where it has one, else a monotonic host clock. Never wall-clock. */
  t: number;
  /** Raw device coordinates. */
  x: number;
  y: number;
  /** Raw pressure in device units (0 when the device has none). */
  pressure: number;
  /** Normalised position 0..1 across the device's logical range (left→right, top→bottom). */
  nx: number;
  ny: number;
  /** Normalised pressure 0..1. */
  np: number;
  /** Angles in degrees, where the device reports them. */
  tiltX?: number;
  tiltY?: number;
  azimuth?: number;
  altitude?: number;
  twist?: number;
  /** The pen is within sensing range (hovering or touching). */
  inRange: boolean;
  /** The tip touches the surface. */
  tip: boolean;
  /** Bit field: 1 barrel, 2 second barrel, 4 eraser, 8 invert. */
  buttons: number;
}

/** Where samples came from: recorded in every biometric record. */
export type PenSourceKind = 'usb-hid' | 'webhid' | 'wacom-stu' | 'pointer-events' | 'simulated';

/** What is known about the device that produced the samples (provenance for the examiner). */
export interface PenDeviceInfo {
  source: PenSourceKind;
  /** Profile id that decoded the reports, e.g. 'generic-digitizer', 'wacom-stu'. */
  profile: string;
  vendorId?: number;
  productId?: number;
  product?: string;
  /** Logical ranges of the raw values. */
  xRange: [number, number];
  yRange: [number, number];
  pressureRange: [number, number];
  /** Physical size of the active area in millimetres, where known (HID descriptor's physical extents, pad capability). */
  widthMm?: number;
  heightMm?: number;
  /**
   * Size in pixels of the surface the raw range covers, where known: the signature box for Pointer
   * Events (CSS pixels, = the raw range), the customer's window for a WebHID pen display. With the
   * millimetres it says what one raw unit is along x and along y (native/pen/captureSurface.ts),
   * so that a shape keeps its aspect wherever it is drawn.
   */
  widthPx?: number;
  heightPx?: number;
  /** Nominal sampling rate in Hz, where known. */
  sampleRateHz?: number;
}

/** A point of ink in the coordinates of the signature box: 0..1 across and down, pressure 0..1. */
export interface InkPoint {
  x: number;
  y: number;
  p: number;
  t: number;
}

/**
 * Samples known to be missing between two sample times: a device unplugged, reports lost (from
 * sequence numbers), a paused capture. Marked in the record, never papered over. Declared here so
 * that decoders in native/ report gaps in the shape the biometric record keeps.
 */
export interface SampleGap {
  /** Sample-clock times between which data are missing. */
  fromT: number;
  toT: number;
  reason: 'device-unplugged' | 'reports-lost' | 'paused';
  /** Reports known to be lost (from sequence numbers), where countable. */
  lostReports?: number;
}
