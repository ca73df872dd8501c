import { DecoderBookkeeping, clamp01, type PenReportDecoder } from '../hid/decode/penReportDecoder';
import type { PenDeviceInfo, PenSample } from '../pen/penSample';
import type { DecoderOptions, PenDeviceDescription, PenProfile } from './penProfile';

/**
 * Wacom PenPartner (USB 056A:0061), an old tablet whose descriptor declares its pen report (ID 2)
 * only as seven vendor bytes. The layout is the one the Linux kernel's driver reads:
 * byte 1 bit 7 in range, bit 0 tip; x little-endian u16 at byte 2, y at byte 4; pressure byte 6.
 * Report 0x63 (99) is an idle report: valid, no sample.
 */
export const PENPARTNER_MAX = { x: 5040, y: 3780, pressure: 255 } as const;

export class WacomPenPartnerDecoder implements PenReportDecoder {
  readonly profile = 'wacom-penpartner';
  readonly device: PenDeviceInfo;
  private readonly book: DecoderBookkeeping;

  constructor(description: PenDeviceDescription = {}, options: DecoderOptions = {}) {
    this.book = new DecoderBookkeeping(options.events);
    this.device = {
      source: options.source ?? 'usb-hid',
      profile: this.profile,
      vendorId: 0x056a,
      productId: 0x0061,
      product: description.product ?? 'Wacom PenPartner',
      xRange: [0, PENPARTNER_MAX.x],
      yRange: [0, PENPARTNER_MAX.y],
      pressureRange: [0, PENPARTNER_MAX.pressure],
      // 5040 × 3780 at 1000 lines per inch.
      widthMm: 128.02,
      heightMm: 96.01,
    };
  }

  get stats() {
    return this.book.stats;
  }

  decode(report: Uint8Array, arrivalMs: number): PenSample | undefined {
    const stats = this.book.stats;
    stats.reports++;
    if (report.length === 0) return this.book.error('empty', 'empty report');
    const id = report[0];
    if (id === 0x63 || id === 0x01 || id === 0x03) {
      stats.ignored++;
      return undefined;
    }
    if (id !== 0x02) return this.book.error('unknown-report-id', `report ID ${id} is not a PenPartner report (content not logged: pen data is biometric)`);
    if (report.length < 7) return this.book.error('truncated', `report 2 has ${report.length} bytes, needs 7 (content not logged: pen data is biometric)`);
    const flags = report[1];
    const x = report[2] | (report[3] << 8);
    const y = report[4] | (report[5] << 8);
    const pressure = report[6];
    if (x > PENPARTNER_MAX.x || y > PENPARTNER_MAX.y) this.book.error('out-of-range', `a position beyond the tablet (${PENPARTNER_MAX.x} × ${PENPARTNER_MAX.y})`);
    const tip = (flags & 0x01) !== 0;
    stats.samples++;
    return {
      t: arrivalMs,
      x,
      y,
      pressure,
      nx: clamp01(x / PENPARTNER_MAX.x),
      ny: clamp01(y / PENPARTNER_MAX.y),
      np: clamp01(pressure / PENPARTNER_MAX.pressure),
      inRange: (flags & 0x80) !== 0 || tip,
      tip,
      buttons: 0,
    };
  }
}

export const wacomPenPartnerProfile: PenProfile = {
  id: 'wacom-penpartner',
  displayName: 'Wacom PenPartner',
  match: (d) => (d.vendorId === 0x056a && d.productId === 0x0061 ? 50 : 0),
  createDecoder: (d, o) => new WacomPenPartnerDecoder(d, o),
};
