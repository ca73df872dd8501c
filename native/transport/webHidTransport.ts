import { descriptorFromWebHidCollections, type WebHidCollectionInfo } from '../hid/descriptor/descriptorFromWebHid';
import type { HidConnection, HidDeviceInfo, HidTransport, ReportListener } from './hidTransport';

/**
 * WebHID (Chromium's navigator.hid) as a HidTransport, for browser mode: a thin client's customer
 * page reads a pen attached to its own machine, decodes it with the same profiles, and streams the
 * samples to the station. Works on HIDDevice-like objects; no DOM types are needed at import time.
 *
 * WebHID differences handled here:
 * - `inputreport` events carry the report ID separately; it is put back in front (as node-hid
 *   delivers it) when it is not 0, so decoders see the same bytes everywhere;
 * - there is no raw report descriptor: an equivalent one is written from `collections`;
 * - `receiveFeatureReport` returns the report with its ID first for numbered reports (Chromium);
 *   when it does not, the ID is put in front.
 */
export interface HidInputReportEventLike {
  reportId: number;
  data: DataView;
  /** Event time (ms, same clock as performance.now()). */
  timeStamp?: number;
}

export interface HidDeviceLike {
  readonly opened: boolean;
  readonly vendorId: number;
  readonly productId: number;
  readonly productName: string;
  readonly collections: readonly WebHidCollectionInfo[];
  open(): Promise<void>;
  close(): Promise<void>;
  addEventListener(type: 'inputreport', listener: (event: HidInputReportEventLike) => void): void;
  removeEventListener(type: 'inputreport', listener: (event: HidInputReportEventLike) => void): void;
  sendFeatureReport(reportId: number, data: Uint8Array): Promise<void>;
  receiveFeatureReport(reportId: number): Promise<DataView>;
}

export interface HidLike {
  getDevices(): Promise<HidDeviceLike[]>;
  addEventListener(type: 'disconnect', listener: (event: { device: HidDeviceLike }) => void): void;
  removeEventListener(type: 'disconnect', listener: (event: { device: HidDeviceLike }) => void): void;
}

/** The filters to pass to navigator.hid.requestDevice so that the customer can pick a pen. */
export const webHidPenFilters = [
  { usagePage: 0x0d, usage: 0x02 }, // Digitizer: Pen
  { usagePage: 0x0d, usage: 0x01 }, // Digitizer: Digitizer
  { usagePage: 0xff0d, usage: 0x01 }, // Wacom vendor digitizer
  { vendorId: 0x056a, productId: 0x00a4 }, // Wacom STU-430
  { vendorId: 0x056a, productId: 0x00a5 }, // Wacom STU-530
  { vendorId: 0x056a, productId: 0x00a8 }, // Wacom STU-540
];

export class WebHidTransport implements HidTransport {
  readonly kind = 'webhid' as const;
  private readonly ids = new WeakMap<HidDeviceLike, string>();
  private nextId = 1;

  constructor(private readonly hid: HidLike, private readonly now: () => number = () => globalThis.performance.now()) {}

  private idOf(device: HidDeviceLike): string {
    let id = this.ids.get(device);
    if (!id) this.ids.set(device, (id = `webhid:${this.nextId++}`));
    return id;
  }

  private devices = new Map<string, HidDeviceLike>();

  async list(): Promise<HidDeviceInfo[]> {
    const devices = await this.hid.getDevices();
    this.devices = new Map(devices.map((d) => [this.idOf(d), d]));
    return devices.map((d) => {
      const top = d.collections[0];
      return {
        id: this.idOf(d),
        vendorId: d.vendorId,
        productId: d.productId,
        product: d.productName,
        ...(top ? { usagePage: top.usagePage, usage: top.usage } : {}),
        reportDescriptor: descriptorFromWebHidCollections(d.collections),
      };
    });
  }

  async open(info: HidDeviceInfo): Promise<HidConnection> {
    const device = this.devices.get(info.id);
    if (!device) throw new Error(`WebHID device ${info.id} is no longer available`);
    if (!device.opened) await device.open();
    return new WebHidConnection(info, device, this.hid, this.now);
  }
}

class WebHidConnection implements HidConnection {
  private readonly reportListeners: ReportListener[] = [];
  private readonly closeListeners: ((reason: Error | undefined) => void)[] = [];
  private closed = false;
  private readonly onInput = (e: HidInputReportEventLike) => {
    const t = e.timeStamp ?? this.now();
    const body = new Uint8Array(e.data.buffer, e.data.byteOffset, e.data.byteLength);
    let report = body;
    if (e.reportId !== 0) {
      report = new Uint8Array(body.length + 1);
      report[0] = e.reportId;
      report.set(body, 1);
    }
    for (const l of this.reportListeners) l(report, t);
  };
  private readonly onDisconnect = (e: { device: HidDeviceLike }) => {
    if (e.device === this.device) this.finish(new Error('device unplugged'));
  };

  constructor(readonly info: HidDeviceInfo, private readonly device: HidDeviceLike, private readonly hid: HidLike, private readonly now: () => number) {
    device.addEventListener('inputreport', this.onInput);
    hid.addEventListener('disconnect', this.onDisconnect);
  }

  onReport(listener: ReportListener): void {
    this.reportListeners.push(listener);
  }

  onClose(listener: (reason: Error | undefined) => void): void {
    this.closeListeners.push(listener);
  }

  async getFeatureReport(reportId: number, _length: number): Promise<Uint8Array> {
    const view = await this.device.receiveFeatureReport(reportId);
    const bytes = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
    if (reportId !== 0 && bytes[0] !== reportId) {
      const out = new Uint8Array(bytes.length + 1);
      out[0] = reportId;
      out.set(bytes, 1);
      return out;
    }
    return bytes.slice();
  }

  async sendFeatureReport(data: Uint8Array): Promise<void> {
    await this.device.sendFeatureReport(data[0], data.subarray(1));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    try {
      await this.device.close();
    } finally {
      this.finish(undefined);
    }
  }

  private finish(reason: Error | undefined): void {
    if (this.closed) return;
    this.closed = true;
    this.device.removeEventListener('inputreport', this.onInput);
    this.hid.removeEventListener('disconnect', this.onDisconnect);
    for (const l of this.closeListeners) l(reason);
  }
}
