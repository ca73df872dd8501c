import { WrappingDeviceClock } from '../hid/decode/deviceClock';
import { DecoderBookkeeping, clamp01, type PenReportDecoder } from '../hid/decode/penReportDecoder';
import type { PenDeviceInfo, PenSample } from '../pen/penSample';
import type { DecoderOptions, DeviceCommand, PenDeviceDescription, PenProfile } from './penProfile';
import {
  STU_PEN_DATA_LENGTH,
  STU_PEN_DATA_TCS_LENGTH,
  StuReportId,
  decodeStuCapability,
  decodeStuInformation,
  decodeStuPenData,
  decodeStuPenDataTimeCountSequence,
  stuClearScreen,
  stuInkingMode,
  type StuCapability,
} from './wacomStuProtocol';

/** USB product IDs of the STU pads (vendor 056A). */
export const STU_PRODUCTS: Record<number, { model: string; capability: StuCapability }> = {
  0x00a4: { model: 'STU-430', capability: { tabletMaxX: 9600, tabletMaxY: 6000, tabletMaxPressure: 1023, screenWidth: 320, screenHeight: 200, maxReportRate: 200, resolution: 2540 } },
  0x00a5: { model: 'STU-530', capability: { tabletMaxX: 10800, tabletMaxY: 6480, tabletMaxPressure: 1023, screenWidth: 800, screenHeight: 480, maxReportRate: 200, resolution: 2540 } },
  0x00a8: { model: 'STU-540', capability: { tabletMaxX: 10800, tabletMaxY: 6480, tabletMaxPressure: 1023, screenWidth: 800, screenHeight: 480, maxReportRate: 200, resolution: 2540 } },
};

/** Used until the pad's own Capability report is read (an STU-530-sized pad). */
export const STU_DEFAULT_CAPABILITY = STU_PRODUCTS[0x00a5].capability;

/**
 * Decodes an STU pad's PenData (0x01) and PenDataTimeCountSequence (0x34) reports. With 0x34 the
 * sample time is the pad's own 1 ms counter, and a skipped sequence number is reported as a gap
 * of lost reports (never interpolated over).
 */
export class WacomStuDecoder implements PenReportDecoder {
  readonly profile = 'wacom-stu';
  device: PenDeviceInfo;
  private readonly book: DecoderBookkeeping;
  private capability: StuCapability;
  private readonly clock = new WrappingDeviceClock(1, 65536);
  private lastSequence: number | undefined;
  private lastT: number | undefined;

  constructor(description: PenDeviceDescription = {}, options: DecoderOptions = {}) {
    this.book = new DecoderBookkeeping(options.events);
    const known = description.productId !== undefined ? STU_PRODUCTS[description.productId] : undefined;
    this.capability = known?.capability ?? STU_DEFAULT_CAPABILITY;
    this.device = this.deviceInfo(description, options, known?.model);
  }

  private deviceInfo(description: PenDeviceDescription, options: DecoderOptions, model?: string): PenDeviceInfo {
    const c = this.capability;
    const mm = (units: number) => (c.resolution > 0 ? Math.round((units / c.resolution) * 25.4 * 100) / 100 : undefined);
    const widthMm = mm(c.tabletMaxX);
    const heightMm = mm(c.tabletMaxY);
    return {
      source: options.source ?? 'wacom-stu',
      profile: this.profile,
      vendorId: description.vendorId ?? 0x056a,
      ...(description.productId !== undefined ? { productId: description.productId } : {}),
      product: description.product ?? (model ? `Wacom ${model}` : 'Wacom STU'),
      xRange: [0, c.tabletMaxX],
      yRange: [0, c.tabletMaxY],
      pressureRange: [0, c.tabletMaxPressure],
      ...(widthMm ? { widthMm } : {}),
      ...(heightMm ? { heightMm } : {}),
      sampleRateHz: c.maxReportRate || 200,
    };
  }

  get stats() {
    return this.book.stats;
  }

  applyFeatureReport(report: Uint8Array): void {
    const cap = decodeStuCapability(report);
    if (cap && cap.tabletMaxX > 0 && cap.tabletMaxY > 0) {
      this.capability = cap;
      this.device = { ...this.device, ...this.deviceInfo({ vendorId: this.device.vendorId, productId: this.device.productId, product: this.device.product }, { source: this.device.source }) };
      return;
    }
    const info = decodeStuInformation(report);
    if (info && info.modelName) this.device = { ...this.device, product: `Wacom ${info.modelName}` };
  }

  decode(report: Uint8Array, arrivalMs: number): PenSample | undefined {
    const stats = this.book.stats;
    stats.reports++;
    if (report.length === 0) return this.book.error('empty', 'empty report');
    const id = report[0];
    let t = arrivalMs;
    let pen;
    if (id === StuReportId.penDataTimeCountSequence) {
      if (report.length < STU_PEN_DATA_TCS_LENGTH) return this.book.error('truncated', `report 0x34 has ${report.length} bytes, needs ${STU_PEN_DATA_TCS_LENGTH} (content not logged: pen data is biometric)`);
      const p = decodeStuPenDataTimeCountSequence(report);
      const lost = this.lastSequence === undefined ? 0 : (p.sequence - this.lastSequence - 1 + 65536) % 65536;
      // A sequence number that goes backwards is a duplicate or a pad restart (counters reset),
      // not 65 000 lost reports: re-anchor the pad's clock on the host clock.
      if (lost >= 32768) this.clock.reset();
      t = this.clock.toMs(p.timeCount, arrivalMs);
      if (this.lastT !== undefined && t < this.lastT) t = this.lastT;
      if (lost > 0 && lost < 32768) this.book.gap({ fromT: this.lastT ?? t, toT: t, reason: 'reports-lost', lostReports: lost });
      this.lastSequence = p.sequence;
      this.lastT = t;
      pen = p;
    } else if (id === StuReportId.penData) {
      if (report.length < STU_PEN_DATA_LENGTH) return this.book.error('truncated', `report 0x01 has ${report.length} bytes, needs ${STU_PEN_DATA_LENGTH} (content not logged: pen data is biometric)`);
      pen = decodeStuPenData(report);
    } else if (id === StuReportId.status || id === StuReportId.information || id === StuReportId.capability || (id >= 0x02 && id <= 0x3f)) {
      // Other STU reports (status, encrypted pen data we do not use, …): valid, no sample.
      stats.ignored++;
      return undefined;
    } else {
      return this.book.error('unknown-report-id', `report ID 0x${id.toString(16)} is not an STU report (content not logged: pen data is biometric)`);
    }
    const c = this.capability;
    if (pen.x > c.tabletMaxX || pen.y > c.tabletMaxY) this.book.error('out-of-range', `a position beyond the pad's ${c.tabletMaxX} × ${c.tabletMaxY}`);
    const tip = (pen.sw & 1) === 1 || pen.pressure > 0;
    stats.samples++;
    return {
      t,
      x: pen.x,
      y: pen.y,
      pressure: pen.pressure,
      nx: clamp01(pen.x / (c.tabletMaxX || 1)),
      ny: clamp01(pen.y / (c.tabletMaxY || 1)),
      np: clamp01(pen.pressure / (c.tabletMaxPressure || 1)),
      inRange: pen.rdy || tip,
      tip,
      buttons: 0,
    };
  }
}

const feature = (data: Uint8Array, purpose: string): DeviceCommand => ({ kind: 'feature', data, purpose });

export const wacomStuProfile: PenProfile = {
  id: 'wacom-stu',
  displayName: 'Wacom STU signature pad',
  match: (d) => (d.vendorId === 0x056a && d.productId !== undefined && STU_PRODUCTS[d.productId] ? 100 : 0),
  createDecoder: (d, o) => new WacomStuDecoder(d, o),
  featureReportsToRead: [StuReportId.information, StuReportId.capability],
  startCommands: () => [feature(stuClearScreen(), 'clear the pad screen'), feature(stuInkingMode(true), 'pad draws the ink')],
  stopCommands: () => [feature(stuInkingMode(false), 'inking off'), feature(stuClearScreen(), 'clear the pad screen')],
};

/**
 * The pad's own geometry: digitizer units → pixels of the pad's LCD (the digitizer covers the
 * screen exactly), for drawing the signing screen's buttons and checking where the pen touched.
 */
export function stuPadToScreen(capability: Pick<StuCapability, 'tabletMaxX' | 'tabletMaxY' | 'screenWidth' | 'screenHeight'>, x: number, y: number): { x: number; y: number } {
  return {
    x: (x * capability.screenWidth) / (capability.tabletMaxX || 1),
    y: (y * capability.screenHeight) / (capability.tabletMaxY || 1),
  };
}
