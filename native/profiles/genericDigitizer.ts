import { penLayoutsOf, physicalRangeOf, type PenFieldSpec, type PenReportLayout } from '../hid/descriptor/penFieldExtraction';
import { parseReportDescriptor } from '../hid/descriptor/reportDescriptorParser';
import { compileFieldReader } from '../hid/decode/bitField';
import { WrappingDeviceClock } from '../hid/decode/deviceClock';
import { DecoderBookkeeping, clamp01, type PenReportDecoder } from '../hid/decode/penReportDecoder';
import type { PenDeviceInfo, PenSample } from '../pen/penSample';
import type { DecoderOptions, PenDeviceDescription, PenProfile } from './penProfile';

/**
 * Any HID pen digitizer, driven by its report descriptor alone: the descriptor says where X, Y,
 * pressure, tilt and the switches sit, so no per-model code is needed.
 */

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

type Reader = (report: Uint8Array) => number;

/** One pen report layout compiled into readers and normalisation constants. */
interface ReportPlan {
  layout: PenReportLayout;
  x: Reader;
  y: Reader;
  pressure?: Reader;
  tip?: Reader;
  inRange?: Reader;
  barrel?: Reader;
  barrel2?: Reader;
  eraser?: Reader;
  invert?: Reader;
  scanTime?: Reader;
  angles: { name: 'tiltX' | 'tiltY' | 'azimuth' | 'altitude' | 'twist'; read: Reader; spec: PenFieldSpec }[];
  xMin: number; xMax: number; xSpan: number;
  yMin: number; yMax: number; ySpan: number;
  pMin: number; pSpan: number;
}

function compilePlan(layout: PenReportLayout, base: number): ReportPlan {
  const f = layout.fields;
  const reader = (s: PenFieldSpec | undefined): Reader | undefined => (s ? compileFieldReader(base, s.bitOffset, s.bitSize, s.logicalMin < 0) : undefined);
  const bit = (s: PenFieldSpec | undefined): Reader | undefined => (s ? compileFieldReader(base, s.bitOffset, 1, false) : undefined);
  const angles: ReportPlan['angles'] = [];
  for (const name of ['tiltX', 'tiltY', 'azimuth', 'altitude', 'twist'] as const) {
    const spec = f[name];
    if (spec) angles.push({ name, read: reader(spec)!, spec });
  }
  const span = (s: PenFieldSpec) => s.logicalMax - s.logicalMin || 1;
  return {
    layout,
    x: reader(f.x)!,
    y: reader(f.y)!,
    pressure: reader(f.pressure),
    tip: bit(f.tip),
    inRange: bit(f.inRange),
    barrel: bit(f.barrel),
    barrel2: bit(layout.extra.barrel2),
    eraser: bit(f.eraser),
    invert: bit(f.invert),
    scanTime: layout.extra.scanTime ? compileFieldReader(base, layout.extra.scanTime.bitOffset, layout.extra.scanTime.bitSize, false) : undefined,
    angles,
    xMin: f.x!.logicalMin, xMax: f.x!.logicalMax, xSpan: span(f.x!),
    yMin: f.y!.logicalMin, yMax: f.y!.logicalMax, ySpan: span(f.y!),
    pMin: f.pressure?.logicalMin ?? 0, pSpan: f.pressure ? span(f.pressure) : 1,
  };
}

export class GenericDigitizerDecoder implements PenReportDecoder {
  readonly profile: string;
  readonly device: PenDeviceInfo;
  private readonly book: DecoderBookkeeping;
  private readonly plans = new Map<number, ReportPlan>();
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
    for (const p of pens) this.plans.set(p.reportId, compilePlan(p, parsed.usesReportIds ? 1 : 0));
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
    return this.plans.size > 0;
  }

  decode(report: Uint8Array, arrivalMs: number): PenSample | undefined {
    const stats = this.book.stats;
    stats.reports++;
    if (report.length === 0) return this.book.error('empty', 'empty report');
    const id = this.usesReportIds ? report[0] : 0;
    const plan = this.plans.get(id);
    if (!plan) {
      if (this.declaredIds.has(id)) {
        stats.ignored++;
        return undefined;
      }
      return this.book.error('unknown-report-id', `report ID ${id} is not in the descriptor (content not logged: pen data is biometric)`);
    }
    if (report.length < plan.layout.byteLength) {
      return this.book.error('truncated', `report ${id} has ${report.length} bytes, its layout needs ${plan.layout.byteLength} (content not logged: pen data is biometric)`);
    }
    const x = plan.x(report);
    const y = plan.y(report);
    const pressure = plan.pressure ? plan.pressure(report) : 0;
    const tip = plan.tip ? plan.tip(report) === 1 : pressure > 0;
    const inRange = plan.inRange ? plan.inRange(report) === 1 : true;
    if (x > plan.xMax || y > plan.yMax || x < plan.xMin || y < plan.yMin) {
      // Counted (the descriptor lies about its range) but kept: the raw value is what the device said.
      this.book.error('out-of-range', `report ${id}: a position outside the declared range ${plan.xMin}..${plan.xMax} × ${plan.yMin}..${plan.yMax}`);
    }
    let t = arrivalMs;
    if (plan.scanTime) {
      let clock = this.clocks.get(id);
      if (!clock) {
        const scan = plan.layout.extra.scanTime!;
        this.clocks.set(id, (clock = new WrappingDeviceClock(scanTickMs(scan), scan.logicalMax + 1 || 2 ** scan.bitSize)));
      }
      t = clock.toMs(plan.scanTime(report), arrivalMs);
    }
    const sample: PenSample = {
      t,
      x,
      y,
      pressure,
      nx: clamp01((x - plan.xMin) / plan.xSpan),
      ny: clamp01((y - plan.yMin) / plan.ySpan),
      np: plan.pressure ? clamp01((pressure - plan.pMin) / plan.pSpan) : tip ? 1 : 0,
      inRange: inRange || tip,
      tip,
      buttons: (plan.barrel?.(report) ? 1 : 0) | (plan.barrel2?.(report) ? 2 : 0) | (plan.eraser?.(report) ? 4 : 0) | (plan.invert?.(report) ? 8 : 0),
    };
    for (const a of plan.angles) sample[a.name] = toDegrees(a.spec, a.read(report));
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
