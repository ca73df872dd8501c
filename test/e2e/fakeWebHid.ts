import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { sharedDataPath } from '../../main/config/sharedData';
import { chromiumCollections } from '../support/chromiumHidCollections';
import { openStationSocket } from '../support/stationSocket';
import type { WebHidCollectionInfo } from '../../native/hid/descriptor/descriptorFromWebHid';
import { parseReportDescriptor } from '../../native/hid/descriptor/reportDescriptorParser';
import { parseHidRecording } from '../../native/transport/hidRecording';

export { chromiumCollections };

/**
 * The one stand-in of the WebHID tests: a navigator.hid injected into the customer's page (there is
 * no physical pen here). It exposes a REAL device — its collections built the way Chromium exposes
 * them from its real report descriptor — and replays real input reports; everything above it (the
 * project's WebHidTransport, the profiles, the page) is the real code.
 */
export interface FakeHidDevice {
  vendorId: number;
  productId: number;
  productName: string;
  collections: WebHidCollectionInfo[];
}

/** [ms since the recording started, report bytes with the report ID first]. */
export type FakeReport = [number, number[]];

/** The real Wacom PenPartner capture (hid-recorder): its device and its 874 input reports; undefined when the shared data is absent. */
export function penPartnerCapture(): { device: FakeHidDevice; reports: FakeReport[] } | undefined {
  const dir = sharedDataPath('hid-descriptors/Wacom_PenPartner');
  if (!dir) return undefined;
  const rec = parseHidRecording(readFileSync(join(dir, 'hidrecord.txt'), 'utf8'));
  const d = rec.devices[0];
  return {
    device: { vendorId: d.vendorId!, productId: d.productId!, productName: d.name ?? 'PenPartner', collections: chromiumCollections(parseReportDescriptor(d.descriptor!)) },
    reports: rec.reports.filter((r) => r.device === d.index).map((r) => [r.t, [...r.data]]),
  };
}

/** Installs the fake navigator.hid before the page's own scripts run (page.addInitScript). */
export async function installFakeWebHid(page: Page, device: FakeHidDevice): Promise<void> {
  await page.addInitScript((spec: FakeHidDevice) => {
    type Listener = (e: unknown) => void;
    const inputListeners = new Set<Listener>();
    const hidListeners: Record<string, Set<Listener>> = { connect: new Set(), disconnect: new Set() };
    // The browser remembers a granted device across loads: here for the tab's life.
    const grantedKey = 'fake-webhid-granted';
    let plugged = true;
    const dev = {
      ...spec,
      opened: false,
      async open() { dev.opened = true; },
      async close() { dev.opened = false; },
      addEventListener(_t: string, l: Listener) { inputListeners.add(l); },
      removeEventListener(_t: string, l: Listener) { inputListeners.delete(l); },
      async sendFeatureReport() {},
      async receiveFeatureReport(id: number) { return new DataView(new Uint8Array([id]).buffer); },
    };
    const hid = {
      async getDevices() { return plugged && sessionStorage.getItem(grantedKey) ? [dev] : []; },
      async requestDevice() {
        // As Chromium: the chooser needs a user gesture (transient activation).
        if (!navigator.userActivation.isActive) throw new DOMException('Must be handling a user gesture to show a permission request.', 'SecurityError');
        if (!plugged) return [];
        sessionStorage.setItem(grantedKey, '1');
        return [dev];
      },
      addEventListener(t: string, l: Listener) { hidListeners[t]?.add(l); },
      removeEventListener(t: string, l: Listener) { hidListeners[t]?.delete(l); },
    };
    Object.defineProperty(Navigator.prototype, 'hid', { configurable: true, get: () => hid });
    (window as unknown as { fakeHid: unknown }).fakeHid = {
      /** Replays reports with their recorded timing compressed: a few per task, as USB delivers them. */
      async replay(reports: [number, number[]][]) {
        const t0 = performance.now();
        for (let i = 0; i < reports.length; i++) {
          const [t, bytes] = reports[i];
          const event = { reportId: bytes[0], data: new DataView(new Uint8Array(bytes.slice(1)).buffer), timeStamp: t0 + t };
          for (const l of [...inputListeners]) l(event);
          if (i % 8 === 7) await new Promise((r) => setTimeout(r, 2));
        }
        return inputListeners.size;
      },
      unplug() {
        plugged = false;
        dev.opened = false;
        for (const l of [...hidListeners.disconnect]) l({ device: dev });
      },
      plug() {
        plugged = true;
        for (const l of [...hidListeners.connect]) l({ device: dev });
      },
    };
  }, device);
}

/** What the project's WebHidTransport and WebHidPen use of Chromium's WebHID: the contract the fake must keep. */
export const webHidMembersUsed = {
  hid: ['getDevices', 'requestDevice', 'addEventListener', 'removeEventListener'],
  device: ['opened', 'vendorId', 'productId', 'productName', 'collections', 'open', 'close', 'addEventListener', 'removeEventListener', 'sendFeatureReport', 'receiveFeatureReport'],
  inputReport: ['reportId', 'data', 'timeStamp'],
} as const;

/** Calls the station as the signed-in teller, with the teller page's token, over a second WebSocket (for requests the desk has no button for yet). */
export async function tellerCall(teller: Page, name: string, payload: unknown): Promise<{ ok: boolean; payload?: unknown; error?: { code: string; message: string } }> {
  const token = (await teller.evaluate(() => sessionStorage.getItem('station-token-teller'))) ?? '';
  const origin = new URL(teller.url()).origin;
  const socket = await openStationSocket(origin, { origin, token });
  try {
    await socket.welcomed();
    return await socket.call(name, payload);
  } finally {
    socket.ws.close();
  }
}
