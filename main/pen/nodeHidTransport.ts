import { constants } from 'node:fs';
import { access, readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { HidAccessDeniedError, type HidConnection, type HidDeviceInfo, type HidTransport, type ReportListener } from '../../native/transport/hidTransport';

/**
 * USB HID through node-hid's async API. node-hid is reached only through NodeHidApi (the few calls
 * used here), so the transport is tested without hardware against a stand-in with the same shape
 * (see hidTransportContract.test.ts), and a machine where the native module cannot load still runs
 * the station on the simulated pen.
 */
export interface NodeHidDevice {
  vendorId: number;
  productId: number;
  path?: string;
  serialNumber?: string;
  manufacturer?: string;
  product?: string;
  interface: number;
  usagePage?: number;
  usage?: number;
}

export interface NodeHidHandle {
  on(event: 'data', listener: (data: Buffer) => void): unknown;
  on(event: 'error', listener: (err: Error) => void): unknown;
  removeAllListeners(event?: string): unknown;
  getFeatureReport(reportId: number, length: number): Promise<Buffer>;
  sendFeatureReport(data: number[] | Buffer): Promise<number>;
  close(): Promise<void>;
}

export interface NodeHidApi {
  devicesAsync(): Promise<NodeHidDevice[]>;
  HIDAsync: { open(path: string, options?: { nonExclusive?: boolean }): Promise<NodeHidHandle> };
}

export interface NodeHidTransportOptions {
  /** The node-hid module (default: imported on first use). */
  hid?: NodeHidApi;
  /** Reads a device's report descriptor (default: Linux sysfs for /dev/hidrawN paths). */
  readDescriptor?: (path: string) => Promise<Uint8Array | undefined>;
  /** Monotonic clock for report arrival. */
  now?: () => number;
}

/** The report descriptor of a hidraw device, from sysfs. Other platforms: undefined (profiles then match by VID/PID). */
export async function readSysfsReportDescriptor(path: string): Promise<Uint8Array | undefined> {
  const m = /^\/dev\/(hidraw\d+)$/.exec(path);
  if (!m) return undefined;
  try {
    return new Uint8Array(await readFile(`/sys/class/hidraw/${m[1]}/device/report_descriptor`));
  } catch {
    return undefined;
  }
}

let loaded: Promise<NodeHidApi> | undefined;
async function loadNodeHid(): Promise<NodeHidApi> {
  loaded ??= import('node-hid').then((m) => ((m as { default?: NodeHidApi }).default ?? (m as unknown as NodeHidApi)));
  return loaded;
}

export class NodeHidTransport implements HidTransport {
  readonly kind = 'usb-hid' as const;
  private readonly now: () => number;

  constructor(private readonly options: NodeHidTransportOptions = {}) {
    this.now = options.now ?? (() => performance.now());
  }

  private api(): Promise<NodeHidApi> {
    return this.options.hid ? Promise.resolve(this.options.hid) : loadNodeHid();
  }

  async list(): Promise<HidDeviceInfo[]> {
    const hid = await this.api();
    const devices = await hid.devicesAsync();
    const readDescriptor = this.options.readDescriptor ?? readSysfsReportDescriptor;
    const out: HidDeviceInfo[] = [];
    for (const d of devices) {
      if (!d.path) continue;
      const descriptor = await readDescriptor(d.path);
      out.push({
        id: d.path,
        vendorId: d.vendorId,
        productId: d.productId,
        ...(d.product ? { product: d.product } : {}),
        ...(d.manufacturer ? { manufacturer: d.manufacturer } : {}),
        ...(d.serialNumber ? { serialNumber: d.serialNumber } : {}),
        interfaceNumber: d.interface,
        ...(d.usagePage !== undefined ? { usagePage: d.usagePage } : {}),
        ...(d.usage !== undefined ? { usage: d.usage } : {}),
        ...(descriptor ? { reportDescriptor: descriptor } : {}),
      });
    }
    return out;
  }

  async open(device: HidDeviceInfo): Promise<HidConnection> {
    const hid = await this.api();
    let handle: NodeHidHandle;
    try {
      handle = await hid.HIDAsync.open(device.id, { nonExclusive: true });
    } catch (err) {
      // node-hid says only "cannot open device": find out whether it is permissions.
      if (device.id.startsWith('/dev/')) {
        try {
          await access(device.id, constants.R_OK | constants.W_OK);
        } catch (accessErr) {
          const code = (accessErr as NodeJS.ErrnoException).code;
          if (code === 'EACCES' || code === 'EPERM') throw new HidAccessDeniedError(device, `no read/write permission on ${basename(device.id)}`);
          throw new Error(`${basename(device.id)} is gone (${code ?? 'unknown'}): the pen was unplugged while it was being opened`);
        }
        throw new Error(`cannot open ${basename(device.id)}: ${(err as Error).message}`);
      }
      // Windows and macOS: another application holding the device exclusively is the usual cause.
      throw new HidAccessDeniedError(device, (err as Error).message);
    }
    return new NodeHidConnection(device, handle, this.now);
  }
}

class NodeHidConnection implements HidConnection {
  private closed = false;
  private readonly closeListeners: ((reason: Error | undefined) => void)[] = [];

  constructor(readonly info: HidDeviceInfo, private readonly handle: NodeHidHandle, private readonly now: () => number) {
    handle.on('error', (err: Error) => {
      // Unplugged or failed: release the handle, tell the service.
      handle.removeAllListeners('data');
      handle.close().catch(() => undefined);
      this.finish(err);
    });
  }

  onReport(listener: ReportListener): void {
    this.handle.on('data', (data: Buffer) => {
      // Take the time first: it is the sample's clock when the device has none of its own.
      const t = this.now();
      listener(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), t);
    });
  }

  onClose(listener: (reason: Error | undefined) => void): void {
    this.closeListeners.push(listener);
  }

  async getFeatureReport(reportId: number, length: number): Promise<Uint8Array> {
    const b = await this.handle.getFeatureReport(reportId, length);
    return new Uint8Array(b);
  }

  async sendFeatureReport(data: Uint8Array): Promise<void> {
    await this.handle.sendFeatureReport(Buffer.from(data));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.handle.removeAllListeners('data');
    try {
      await this.handle.close();
    } finally {
      this.finish(undefined);
    }
  }

  private finish(reason: Error | undefined): void {
    if (this.closed) return;
    this.closed = true;
    for (const l of this.closeListeners) l(reason);
  }
}
