import type { PenSourceKind } from '../pen/penSample';
import type { PenDeviceDescription } from '../profiles/penProfile';

/**
 * The small interface between the pen service and whatever delivers HID reports: node-hid in the
 * station, WebHID in a browser, the simulated pen in tests and demos. Everything above it (profiles,
 * decoders, the pen service) is the same for all three.
 */
export interface HidDeviceInfo extends PenDeviceDescription {
  /** Stable identifier for this interface while it stays plugged in (hidraw path, WebHID index, …). */
  id: string;
  serialNumber?: string;
  manufacturer?: string;
  interfaceNumber?: number;
}

export type ReportListener = (report: Uint8Array, arrivalMs: number) => void;

export interface HidConnection {
  readonly info: HidDeviceInfo;
  /** Input reports, report-ID byte first when the device numbers its reports. */
  onReport(listener: ReportListener): void;
  /** The device went away (unplugged) or failed; no more reports will come. */
  onClose(listener: (reason: Error | undefined) => void): void;
  getFeatureReport(reportId: number, length: number): Promise<Uint8Array>;
  sendFeatureReport(data: Uint8Array): Promise<void>;
  close(): Promise<void>;
}

export interface HidTransport {
  readonly kind: PenSourceKind;
  list(): Promise<HidDeviceInfo[]>;
  open(device: HidDeviceInfo): Promise<HidConnection>;
}

/** The operating system refused access to the device (Linux: no udev rule; another app holds it). */
export class HidAccessDeniedError extends Error {
  constructor(device: HidDeviceInfo, detail: string) {
    super(
      `access to the pen ${device.product ?? device.id} was denied (${detail}). ` +
        'On Linux install resources/udev/70-signing-station-pens.rules (see its header) and re-plug the pen; ' +
        'on Windows close other signing software (Wacom sign pad tools) that holds the device.',
    );
    this.name = 'HidAccessDeniedError';
  }
}

export const vidPid = (d: { vendorId?: number; productId?: number }): string =>
  `${(d.vendorId ?? 0).toString(16).padStart(4, '0')}:${(d.productId ?? 0).toString(16).padStart(4, '0')}`;
