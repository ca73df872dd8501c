import { describe, expect, it } from 'vitest';
import type { PenSample } from '../../native/pen/penSample';
import type { HidDeviceLike, HidInputReportEventLike } from '../../native/transport/webHidTransport';
import { penPartnerCapture } from '../../test/e2e/fakeWebHid';
import { WebHidPen, type WebHidLike, type WebHidPenState } from './webHidPen';

const capture = penPartnerCapture();
if (!capture) console.warn('skipped: ../shared/data/hid-descriptors/Wacom_PenPartner is absent');

/** navigator.hid as the page sees it, holding the real PenPartner device description (no pen here). */
function fakeHid() {
  const input = new Set<(e: HidInputReportEventLike) => void>();
  const hidListeners: Record<string, Set<(e: { device: HidDeviceLike }) => void>> = { connect: new Set(), disconnect: new Set() };
  let granted = false;
  let plugged = true;
  const device: HidDeviceLike = {
    ...capture!.device,
    opened: false,
    async open() { (device as { opened: boolean }).opened = true; },
    async close() { (device as { opened: boolean }).opened = false; },
    addEventListener: (_t, l) => void input.add(l),
    removeEventListener: (_t, l) => void input.delete(l),
    async sendFeatureReport() {},
    async receiveFeatureReport(id) { return new DataView(new Uint8Array([id]).buffer); },
  };
  const hid: WebHidLike = {
    getDevices: async () => (granted && plugged ? [device] : []),
    requestDevice: async () => (plugged ? ((granted = true), [device]) : []),
    addEventListener: (t, l) => void hidListeners[t].add(l),
    removeEventListener: (t, l) => void hidListeners[t].delete(l),
  };
  return {
    hid,
    send: (bytes: number[], t: number) => input.forEach((l) => l({ reportId: bytes[0], data: new DataView(new Uint8Array(bytes.slice(1)).buffer), timeStamp: t })),
    unplug: () => ((plugged = false), hidListeners.disconnect.forEach((l) => l({ device }))),
    plug: () => ((plugged = true), hidListeners.connect.forEach((l) => l({ device }))),
    listeners: () => input.size,
  };
}

describe.skipIf(!capture)('WebHidPen (the customer page pen)', () => {
  it('nothing granted: no pen and no chooser without a tap; the tap opens it with the PenPartner profile and decodes its real reports', async () => {
    const f = fakeHid();
    const states: WebHidPenState[] = [];
    const pen = new WebHidPen(f.hid, (s) => states.push(s));
    expect(await pen.open()).toBe(false);
    expect(pen.state.kind).toBe('no-pen');
    expect(await pen.choose()).toBe(true);
    expect(pen.state).toMatchObject({ kind: 'connected', key: '056a:0061', device: { source: 'webhid', profile: 'wacom-penpartner' } });
    const got: PenSample[] = [];
    pen.onSamples((s) => got.push(...s));
    for (const [t, bytes] of capture!.reports) f.send(bytes, t);
    expect(got.length).toBeGreaterThan(700);
    expect(got.some((s) => s.tip) && got.some((s) => !s.tip && s.inRange)).toBe(true);
    await pen.close();
    expect(f.listeners()).toBe(0);
  });

  it('unplugged: says so; plugged back in: opens again by itself', async () => {
    const f = fakeHid();
    const pen = new WebHidPen(f.hid, () => undefined);
    await pen.choose();
    f.unplug();
    expect(pen.state).toMatchObject({ kind: 'unplugged', key: '056a:0061' });
    f.plug();
    await new Promise((r) => setTimeout(r, 10));
    expect(pen.state.kind).toBe('connected');
    await pen.close();
  });

  it('the chooser closed without a pen: false, no state change', async () => {
    const f = fakeHid();
    f.unplug();
    const pen = new WebHidPen(f.hid, () => undefined);
    expect(await pen.choose()).toBe(false);
    expect(pen.state.kind).toBe('no-pen');
  });
});
