import type { DecodeEvents, PenReportDecoder } from '../hid/decode/penReportDecoder';
import type { PenSourceKind } from '../pen/penSample';

/** What a transport knows about a device before opening it (node-hid's device list, WebHID's HIDDevice). */
export interface PenDeviceDescription {
  vendorId?: number;
  productId?: number;
  product?: string;
  /** HID report descriptor bytes, where the transport can read them (hidraw, WebHID collections). */
  reportDescriptor?: Uint8Array;
  /** Top-level usage of the interface (e.g. 0x0D/0x02 Pen), where the transport reports it. */
  usagePage?: number;
  usage?: number;
}

/** A report to send to the device (feature or output). `data[0]` is the report ID. */
export interface DeviceCommand {
  kind: 'feature' | 'output';
  data: Uint8Array;
  /** What it is for, for logs. */
  purpose: string;
}

export interface DecoderOptions {
  events?: DecodeEvents;
  source?: PenSourceKind;
}

/**
 * A device family. Adding a device is one file implementing this and one line in the registry.
 * Pure: no Node or DOM imports, so profiles also run in the browser behind WebHID.
 */
export interface PenProfile {
  id: string;
  displayName: string;
  /** How well this profile can drive the device: 0 not at all; higher wins (specific profiles beat the generic one). */
  match(device: PenDeviceDescription): number;
  createDecoder(device: PenDeviceDescription, options?: DecoderOptions): PenReportDecoder;
  /** Feature reports to read at start (e.g. the STU's capability) and hand to `configure`. */
  featureReportsToRead?: number[];
  /** Commands to send when a capture starts (e.g. STU: clear the screen, inking on). */
  startCommands?(device: PenDeviceDescription): DeviceCommand[];
  /** Commands to send when a capture ends. */
  stopCommands?(device: PenDeviceDescription): DeviceCommand[];
}
