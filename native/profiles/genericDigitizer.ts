import { penLayoutsOf, physicalRangeOf, type PenFieldSpec, type PenReportLayout } from '../hid/descriptor/penFieldExtraction';
import { parseReportDescriptor } from '../hid/descriptor/reportDescriptorParser';
import { readSignedBits, readUnsignedBits } from '../hid/decode/bitField';
import { WrappingDeviceClock } from '../hid/decode/deviceClock';
import { DecoderBookkeeping, clamp01, hexOf, type PenReportDecoder } from '../hid/decode/penReportDecoder';
import type { PenDeviceInfo, PenSample } from '../pen/penSample';
import type { DecoderOptions, PenDeviceDescription, PenProfile } from './penProfile';

/**
 * Any HID pen digitizer, driven by its report descriptor alone: the descriptor says where X, Y,
 * pressure, tilt and the switches sit, so no per-model code is needed.
 */

const readField = (report: Uint8Array, base: number, spec: PenFieldSpec): number =>
  spec.logicalMin < 0 ? readSignedBits(report, base, spec.bitOffset, spec.bitSize) : readUnsignedBits(report, base, spec.bitOffset, spec.bitSize);

/** A field's value in degrees from its physical range and unit (HID unit system 2 = radians, 4 = degrees). */
export function toDegrees(spec: PenFieldSpec, raw: number): number {
  const system = spec.unit & 0xf;
  const [pMin, pMax] = physicalRangeOf(spec);
  const lSpan = spec.logicalMax - spec.logicalMin;
  const physical = lSpan === 0 ? raw : pMin + ((raw - spec.logicalMin) * (pMax - pMin)) / lSpan;
  if (system === 2) return (physical * 10 ** spec.unitExponent * 180) / Math.PI;
  if (system === 4) return physical * 10 ** spec.unitExponent;
  return raw; // no unit: Wacom and others then report whole degrees
}

/** Milliseconds per Scan Time tick: from the unit (seconds × 10^exp), else 100 µs as Windows pen devices use. */
function scanTickMs(spec: PenFieldSpec): number {
  const timeExp = (spec.unit >> 12) & 0xf;
  if ((spec.unit & 0xf) === 1 && timeExp === 1) return 10 ** spec.unitExponent * 1000;
  return 0.1;
}

export class GenericDigitizerDecoder implements PenReportDecoder {
  readonly profile: string;
  readonly device: PenDeviceInfo;
  private readonly book: DecoderBookkeeping;
  private readonly byId = new Map<number, PenReportLayout>();
  private readonly declaredIds = new Set<number>();
  private readonly usesReportIds: boolean;
  private readonly clocks = new Map<number, WrappingDeviceClock>();

  constructor(descriptor: Uint8Array, description: PenDeviceDescription = {}, options: DecoderOptions = {}, profileId = 'generic-digitizer') {
    this.profile = profileId;
    this.book = new DecoderBookkeeping(options.events);
    const parsed = parseReportDescriptor(descriptor);
    for (const w of parsed.warnings) options.events?.onError?.('malformed', `report descriptor: ${w}`);
    this.usesReportIds = parsed.usesReportIds;
    for (const r of parsed.reports) if (r.kind === 'input') this.declaredIds.add(r.reportId);
    const pens = penLayoutsOf(parsed);
    for (const p of pens) this.byId.set(p.reportId, p);
    const main = pens[0];
    const range = (s: PenFieldSpec | undefined, fallback: [number, number]): [number, number] => (s ? [s.logicalMin, s.logicalMax] : fallback);
    this.device = {
      source: options.source ?? 'usb-hid',
      profile: profileId,
      ...(description.vendorId !== undefined ? { vendorId: description.vendorId } : {}),
      ...(description.productId !== undefined ? { productId: description.productId } : {}),
      ...(description.product ? { product: description.product } : {}),
      xRange: range(main?.fields.x, [0, 1]),
      yRange: range(main?.fields.y, [0, 1]),
      pressureRange: range(main?.fields.pressure, [0, 1]),
      ...(main?.widthMm ? { widthMm: main.widthMm } : {}),
      ...(main?.heightMm ? { heightMm: main.heightMm } : {}),
    };
  }

  get stats() {
    return this.book.stats;
  }

  /** Whether the descriptor has a pen at all (a generic decoder without one decodes nothing). */
  get hasPen(): boolean {
    return this.byId.size > 0;
  }

  decode(report: Uint8Array, arrivalMs: number): PenSample | undefined {
    const stats = this.book.stats;
    stats.reports++;
    if (report.length === 0) return this.book.error('empty', 'empty report');
    const id = this.usesReportIds ? report[0] : 0;
    const layout = this.byId.get(id);
    if (!layout) {
      if (this.declaredIds.has(id)) {
        stats.ignored++;
        return undefined;
      }
      return this.book.error('unknown-report-id', `report ID ${id} is not in the descriptor: ${hexOf(report)}`);
    }
    if (report.length < layout.byteLength) {
      return this.book.error('truncated', `report ${id} has ${report.length} bytes, its layout needs ${layout.byteLength}: ${hexOf(report)}`);
    }
    const base = this.usesReportIds ? 1 : 0;
    const f = layout.fields;
    const x = readField(report, base, f.x!);
    const y = readField(report, base, f.y!);
    const pressure = f.pressure ? readField(report, base, f.pressure) : 0;
    const bit = (s: PenFieldSpec | undefined) => (s ? readUnsignedBits(report, base, s.bitOffset, 1) === 1 : false);
    const tip = f.tip ? bit(f.tip) : pressure > 0;
    const inRange = f.inRange ? bit(f.inRange) : true;
    if (x > f.x!.logicalMax || y > f.y!.logicalMax || x < f.x!.logicalMin || y < f.y!.logicalMin) {
      // Counted (the descriptor lies about its range) but kept: the raw value is what the device said.
      this.book.error('out-of-range', `report ${id}: x=${x} y=${y} outside the declared range`);
    }
    const span = (s: PenFieldSpec) => s.logicalMax - s.logicalMin || 1;
    let t = arrivalMs;
    const scan = layout.extra.scanTime;
    if (scan) {
      let clock = this.clocks.get(id);
      if (!clock) this.clocks.set(id, (clock = new WrappingDeviceClock(scanTickMs(scan), scan.logicalMax + 1 || 2 ** scan.bitSize)));
      t = clock.toMs(readUnsignedBits(report, base, scan.bitOffset, scan.bitSize), arrivalMs);
    }
    const sample: PenSample = {
      t,
      x,
      y,
      pressure,
      nx: clamp01((x - f.x!.logicalMin) / span(f.x!)),
      ny: clamp01((y - f.y!.logicalMin) / span(f.y!)),
      np: f.pressure ? clamp01((pressure - f.pressure.logicalMin) / span(f.pressure)) : tip ? 1 : 0,
      inRange: inRange || tip,
      tip,
      buttons: (bit(f.barrel) ? 1 : 0) | (bit(layout.extra.barrel2) ? 2 : 0) | (bit(f.eraser) ? 4 : 0) | (bit(f.invert) ? 8 : 0),
    };
    if (f.tiltX) sample.tiltX = toDegrees(f.tiltX, readField(report, base, f.tiltX));
    if (f.tiltY) sample.tiltY = toDegrees(f.tiltY, readField(report, base, f.tiltY));
    if (f.azimuth) sample.azimuth = toDegrees(f.azimuth, readField(report, base, f.azimuth));
    if (f.altitude) sample.altitude = toDegrees(f.altitude, readField(report, base, f.altitude));
    if (f.twist) sample.twist = toDegrees(f.twist, readField(report, base, f.twist));
    stats.samples++;
    return sample;
  }
}

export const genericDigitizerProfile: PenProfile = {
  id: 'generic-digitizer',
  displayName: 'HID pen digitizer (from its report descriptor)',
  match(device) {
    if (!device.reportDescriptor) return 0;
    return penLayoutsOf(parseReportDescriptor(device.reportDescriptor)).length > 0 ? 10 : 0;
  },
  createDecoder(device, options) {
    if (!device.reportDescriptor) throw new Error('the generic digitizer profile needs the report descriptor');
    return new GenericDigitizerDecoder(device.reportDescriptor, device, options);
  },
};
