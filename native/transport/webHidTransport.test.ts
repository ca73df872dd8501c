import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sharedDataPath } from '../../main/config/sharedData';
import { chromiumCollections } from '../../test/support/chromiumHidCollections';
import type { WebHidCollectionInfo } from '../hid/descriptor/descriptorFromWebHid';
import { descriptorFromWebHidCollections } from '../hid/descriptor/descriptorFromWebHid';
import { penLayoutsOf } from '../hid/descriptor/penFieldExtraction';
import { parseReportDescriptor } from '../hid/descriptor/reportDescriptorParser';
import { writeBits } from '../hid/decode/bitField';
import { profileFor } from '../profiles/penProfileRegistry';
import { WebHidTransport, type HidDeviceLike, type HidInputReportEventLike, type HidLike } from './webHidTransport';

/**
 * Stands in for Chromium's navigator.hid (no browser here): the collections are built the way
 * Chromium exposes them (items attached to the collection they appear in), from the real descriptors.
 */

const root = sharedDataPath('hid-descriptors');
function penDescriptors(): [string, Uint8Array][] {
  if (!root) return [];
  const out: [string, Uint8Array][] = [];
  for (const dir of readdirSync(root)) {
    if (!statSync(join(root, dir)).isDirectory()) continue;
    for (const f of readdirSync(join(root, dir)).filter((x) => x.endsWith('.bin'))) {
      const b = new Uint8Array(readFileSync(join(root, dir, f)));
      if (b.length && penLayoutsOf(parseReportDescriptor(b)).length) out.push([`${dir}/${f}`, b]);
    }
  }
  return out;
}

class FakeHidDevice implements HidDeviceLike {
  opened = false;
  listeners: ((e: HidInputReportEventLike) => void)[] = [];
  sent: [number, number[]][] = [];
  constructor(readonly vendorId: number, readonly productId: number, readonly productName: string, readonly collections: WebHidCollectionInfo[]) {}
  async open() { this.opened = true; }
  async close() { this.opened = false; }
  addEventListener(_t: 'inputreport', l: (e: HidInputReportEventLike) => void) { this.listeners.push(l); }
  removeEventListener(_t: 'inputreport', l: (e: HidInputReportEventLike) => void) { this.listeners = this.listeners.filter((x) => x !== l); }
  async sendFeatureReport(id: number, data: Uint8Array) { this.sent.push([id, [...data]]); }
  async receiveFeatureReport(id: number) { return new DataView(new Uint8Array([id, 1, 2, 3]).buffer); }
  emit(reportId: number, body: Uint8Array, timeStamp: number) {
    for (const l of this.listeners) l({ reportId, data: new DataView(body.buffer, body.byteOffset, body.byteLength), timeStamp });
  }
}

class FakeHid implements HidLike {
  disconnectListeners: ((e: { device: HidDeviceLike }) => void)[] = [];
  constructor(public devices: FakeHidDevice[]) {}
  async getDevices() { return this.devices; }
  addEventListener(_t: 'disconnect', l: (e: { device: HidDeviceLike }) => void) { this.disconnectListeners.push(l); }
  removeEventListener(_t: 'disconnect', l: (e: { device: HidDeviceLike }) => void) { this.disconnectListeners = this.disconnectListeners.filter((x) => x !== l); }
  unplug(d: FakeHidDevice) {
    this.devices = this.devices.filter((x) => x !== d);
    for (const l of this.disconnectListeners) l({ device: d });
  }
}

describe('WebHID', () => {
  it.each(penDescriptors())('%s: the descriptor rebuilt from WebHID collections finds the same pen fields', (_n, bytes) => {
    const original = penLayoutsOf(parseReportDescriptor(bytes));
    const rebuilt = parseReportDescriptor(descriptorFromWebHidCollections(chromiumCollections(parseReportDescriptor(bytes))));
    expect(rebuilt.warnings).toEqual([]);
    const pens = penLayoutsOf(rebuilt);
    expect(pens.map((p) => [p.reportId, p.byteLength, p.fields, p.widthMm])).toEqual(original.map((p) => [p.reportId, p.byteLength, p.fields, p.widthMm]));
  });

  it('delivers reports with their ID in front, decodes them with the same profile, and reports unplugging', async () => {
    // A small pen: report 2 = tip/in-range bits, X, Y (16 bit), pressure.
    const descriptor = new Uint8Array([
      0x05, 0x0d, 0x09, 0x02, 0xa1, 0x01, 0x85, 0x02, 0x09, 0x42, 0x09, 0x32, 0x15, 0x00, 0x25, 0x01, 0x75, 0x01, 0x95, 0x02, 0x81, 0x02,
      0x95, 0x06, 0x81, 0x03, 0x05, 0x01, 0x09, 0x30, 0x09, 0x31, 0x26, 0xff, 0x0f, 0x75, 0x10, 0x95, 0x02, 0x81, 0x02,
      0x05, 0x0d, 0x09, 0x30, 0x26, 0xff, 0x03, 0x95, 0x01, 0x81, 0x02, 0xc0,
    ]);
    const device = new FakeHidDevice(0x1234, 0x5678, 'Web pen', chromiumCollections(parseReportDescriptor(descriptor)));
    const hid = new FakeHid([device]);
    const transport = new WebHidTransport(hid, () => 0);
    const [info] = await transport.list();
    expect(info).toMatchObject({ vendorId: 0x1234, product: 'Web pen', usagePage: 0x0d, usage: 0x02 });
    const profile = profileFor(info)!;
    expect(profile.id).toBe('generic-digitizer');
    const decoder = profile.createDecoder(info, { source: 'webhid' });
    const connection = await transport.open(info);
    expect(device.opened).toBe(true);
    const samples: ReturnType<typeof decoder.decode>[] = [];
    connection.onReport((r, t) => samples.push(decoder.decode(r, t)));
    const body = new Uint8Array(7);
    writeBits(body, 0, 0, 2, 3);
    writeBits(body, 0, 8, 16, 1000);
    writeBits(body, 0, 24, 16, 2000);
    writeBits(body, 0, 40, 16, 300);
    device.emit(2, body, 12.5);
    expect(samples[0]).toMatchObject({ t: 12.5, x: 1000, y: 2000, pressure: 300, tip: true, inRange: true });
    expect(decoder.device.source).toBe('webhid');
    expect([...(await connection.getFeatureReport(9, 4))]).toEqual([9, 1, 2, 3]);
    await connection.sendFeatureReport(new Uint8Array([0x20, 0]));
    expect(device.sent).toEqual([[0x20, [0]]]);
    // A browser that returns the feature report without its ID: the ID is put back in front.
    device.receiveFeatureReport = async () => new DataView(new Uint8Array([1, 2, 3]).buffer);
    expect([...(await connection.getFeatureReport(9, 4))]).toEqual([9, 1, 2, 3]);
    // Devices without report IDs: WebHID says reportId 0 and the bytes pass unchanged.
    const raw: number[][] = [];
    connection.onReport((r) => raw.push([...r]));
    device.emit(0, new Uint8Array([5, 6]), 13);
    expect(raw.at(-1)).toEqual([5, 6]);
    const reasons: (Error | undefined)[] = [];
    connection.onClose((r) => reasons.push(r));
    hid.unplug(device);
    expect(reasons[0]?.message).toMatch(/unplugged/);
    expect(await transport.list()).toEqual([]);
  });
});
