import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyHomography } from '../../native/calibration/fourPointCalibration';
import { WacomPenPartnerDecoder, PENPARTNER_MAX } from '../../native/profiles/wacomPenPartner';
import { extractBiometrics } from '../../main/documents/extractBiometrics';
import { launchChromium } from '../support/chromium';
import { startStationProcess, type RunningStation } from '../support/stationProcess';
import { addDemoAndPrepare, customerState, expectAccessible, poll, sessionState, signIn, toSigning } from './deskDriver';
import { installFakeWebHid, penPartnerCapture, tellerCall, webHidMembersUsed, type FakeReport } from './fakeWebHid';

const capture = penPartnerCapture();
if (!capture) console.warn('skipped: ../shared/data/hid-descriptors/Wacom_PenPartner is absent; the WebHID pen tests need its real capture');

/**
 * Browser mode with the pen on the customer's own machine: the customer page opens it through
 * WebHID (a fake navigator.hid replaying a real device's descriptor and reports: the one stand-in,
 * no physical pen here), decodes it with the project's profiles and streams it to the station.
 */
describe.skipIf(!capture)('browser mode: a WebHID pen on the customer machine', () => {
  let station: RunningStation;
  let browser: Browser;
  let contexts: BrowserContext[] = [];
  let teller: Page;
  let customer: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    // The calibration test signs with a dot at a known spot (where it lands is what is measured): the
    // station takes any ink here; the signature minimums are tested in customerSigning.e2e.test.ts.
    const anyInk = { STATION_SIGNING_MIN_DURATION_MS: '0', STATION_SIGNING_MIN_POINTS: '1', STATION_SIGNING_MIN_EXTENT: '0', STATION_SIGNING_MIN_THICKNESS: '0' };
    [station, browser] = await Promise.all([startStationProcess({ STATION_DESK_THANK_YOU_SECONDS: '1', ...anyInk }), launchChromium()]);
    contexts = [await browser.newContext({ viewport: { width: 1400, height: 1000 } }), await browser.newContext({ viewport: { width: 1280, height: 800 } })];
    for (const c of contexts) c.setDefaultTimeout(10_000);
    [teller, customer] = await Promise.all(contexts.map((c) => c.newPage()));
    for (const p of [teller, customer]) p.on('pageerror', (e) => errors.push(e.message));
    await installFakeWebHid(customer, capture!.device);
    await teller.goto(station.tellerUrl);
    await customer.goto(station.customerUrl);
    await customer.waitForSelector('[data-state="idle"]', { timeout: 30_000 });
  });

  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close()));
    await browser?.close();
    expect(await station?.stop()).toBe(0);
  });

  it('contract: the fake offers what Chromium\'s real WebHID offers the page (members used, nothing granted at first)', async () => {
    // The teller's page has no fake: Chromium's own navigator.hid (127.0.0.1 is a secure context).
    const real = await teller.evaluate(async (used) => {
      const g = globalThis as unknown as Record<string, { prototype: object } | undefined>;
      const has = (proto: object | undefined, names: readonly string[]) => names.filter((n) => !proto || !(n in proto));
      const hid = (navigator as unknown as { hid?: { getDevices(): Promise<unknown[]>; requestDevice(o: object): Promise<unknown[]> } }).hid;
      return {
        missing: [...has(g.HID?.prototype, used.hid), ...has(g.HIDDevice?.prototype, used.device), ...has(g.HIDInputReportEvent?.prototype, used.inputReport)],
        granted: hid ? await Promise.race([hid.getDevices().then((d) => d.length), new Promise((r) => setTimeout(() => r('getDevices hangs'), 3000))]) : -1,
      };
    }, webHidMembersUsed);
    expect(real).toEqual({ missing: [], granted: 0 });
    // Chromium refuses the chooser without a user gesture (the fake does too); not asserted here:
    // headless Chromium never answers such a request, and page.evaluate counts as a gesture.
    const fake = await customer.evaluate(async (used) => {
      const hid = (navigator as unknown as { hid: Record<string, unknown> & { getDevices(): Promise<Record<string, unknown>[]>; requestDevice(o: object): Promise<unknown[]> } }).hid;
      return {
        missing: used.hid.filter((n) => !(n in hid)),
        granted: (await hid.getDevices()).length,
      };
    }, webHidMembersUsed);
    expect(fake).toEqual({ missing: [], granted: 0 });
  });

  const penState = () => customer.getByTestId('pen-connect').getAttribute('data-pen');

  it('one tap connects the pen; its real reports ink both screens and are sealed raw with source webhid; unplug shows the gentle notice', async () => {
    // A discreet control; the browser's chooser needs this one gesture.
    await poll(penState).toBe('no-pen');
    await expectAccessible(customer, 'customer idle with Connect pen');
    await customer.getByRole('button', { name: 'Connect pen' }).click();
    await poll(penState).toBe('connected');
    expect(await customer.getByTestId('pen-connect').textContent()).toContain('Pen connected: WACOM FT-0203');
    // A later load opens the granted pen again without a tap.
    await customer.reload();
    await customer.waitForSelector('[data-state="idle"]', { timeout: 30_000 });
    await poll(penState).toBe('connected');

    await signIn(teller);
    await addDemoAndPrepare(teller, 'Birgitta Holm');
    await teller.getByRole('button', { name: 'Send to customer' }).click();
    await toSigning(customer, 2);
    // The real capture, replayed through the page's WebHidTransport and the PenPartner profile.
    expect(await customer.evaluate((r) => (window as unknown as { fakeHid: { replay(r: FakeReport[]): Promise<number> } }).fakeHid.replay(r), capture!.reports)).toBe(1);
    const strokes = Number(await poll(() => customer.locator('.ink-canvas').getAttribute('data-strokes').then(Number)).toBeGreaterThan(0).then(() => customer.locator('.ink-canvas').getAttribute('data-strokes')));
    await poll(() => teller.locator('.mirror .ink-canvas').getAttribute('data-strokes').then(Number)).toBe(strokes);

    await customer.getByRole('button', { name: 'Done' }).click();
    await poll(() => sessionState(teller), { timeout: 30_000 }).toBe('done');
    const signed = await tellerCall(teller, 'session.signedPdf', {});
    expect(signed.ok).toBe(true);
    const pdf = Buffer.from((signed.payload as { bytes: Uint8Array }).bytes);
    const [sealed] = await extractBiometrics(pdf, readFileSync(join(station.storageDir, 'escrow-holder', 'DEMO-escrow-private-key.pem'), 'utf8'));
    const record = sealed.payload.record;
    expect(record.device.source).toBe('webhid');
    expect(record.device.product).toContain('056a:0061');
    // The record says what the raw units mean: the decoding profile's ranges, not the box's 0..1.
    expect(record.device.xRange[1]).toBeGreaterThan(1);
    expect(record.device.profile).not.toBe('webhid');
    // Every report the device sent while signing, with the device's own raw values (hover included).
    const decoder = new WacomPenPartnerDecoder({}, { source: 'webhid' });
    const expected = capture!.reports.map(([t, b]) => decoder.decode(new Uint8Array(b), t)).filter((s) => s !== undefined);
    const raw = (s: { x: number; y: number; pressure: number; tip: boolean; inRange: boolean }) => [s.x, s.y, s.pressure, s.tip, s.inRange];
    expect(record.samples.map(raw)).toEqual(expected.map(raw));
    expect(record.samples.some((s) => s.tip)).toBe(true);

    await teller.getByRole('button', { name: 'Finish' }).click();
    await poll(() => customerState(customer)).toBe('idle');
    // Unplugged: the gentle notice; plugged back in: it opens again by itself.
    await customer.evaluate(() => (window as unknown as { fakeHid: { unplug(): void } }).fakeHid.unplug());
    await poll(penState).toBe('unplugged');
    expect(await customer.getByTestId('pen-connect').textContent()).toContain('The pen is disconnected.');
    await customer.evaluate(() => (window as unknown as { fakeHid: { plug(): void } }).fakeHid.plug());
    await poll(penState).toBe('connected');
    expect(errors).toEqual([]);
  });

  it('the teller starts a four-point calibration; four taps store it per device and it maps the pen from then on', async () => {
    // A display whose digitizer is shifted and slightly scaled against the picture.
    const size = { width: 1280, height: 800 };
    const rawOf = (p: { x: number; y: number }) => ({ x: Math.round((p.x / size.width) * PENPARTNER_MAX.x * 0.95 + 120), y: Math.round((p.y / size.height) * PENPARTNER_MAX.y * 0.9 + 200) });
    const report = (flags: number, p: { x: number; y: number }, pressure: number): number[] => [2, flags, p.x & 0xff, p.x >> 8, p.y & 0xff, p.y >> 8, pressure];
    const tap = (target: { x: number; y: number }): FakeReport[] => {
      const r = rawOf(target);
      return [[0, report(0x90, r, 0)], [5, report(0x91, r, 80)], [10, report(0x91, { x: r.x + 2, y: r.y - 2 }, 120)], [15, report(0x91, { x: r.x - 2, y: r.y + 2 }, 90)], [20, report(0x90, r, 0)]];
    };
    const replay = (r: FakeReport[]) => customer.evaluate((r) => (window as unknown as { fakeHid: { replay(r: FakeReport[]): Promise<number> } }).fakeHid.replay(r), r);

    // The teller starts it from the desk.
    await teller.getByRole('button', { name: 'Calibrate pen' }).click();
    const screen = customer.getByTestId('calibration-screen');
    await poll(() => screen.count()).toBe(1);
    await expectAccessible(customer, 'customer pen calibration');
    const targets = [0, 1, 2, 3].map((i) => ({ x: [0.1, 0.9, 0.9, 0.1][i] * size.width, y: [0.1, 0.1, 0.9, 0.9][i] * size.height }));
    // A slipped pen (the last touch lands on the first cross): told in words, back to the first cross, nothing stored.
    for (const p of [targets[0], targets[1], targets[2], targets[0]]) await replay(tap(p));
    await poll(() => screen.textContent()).toMatch(/please calibrate again/);
    await poll(() => screen.getAttribute('data-step')).toBe('0');
    expect(existsSync(join(station.storageDir, 'pen', 'calibrations.json'))).toBe(false);
    for (let i = 0; i < 4; i++) {
      await poll(() => screen.getAttribute('data-step')).toBe(String(i));
      expect(await customer.getByTestId(`calibration-target-${i}`).getAttribute('data-active')).toBe('true');
      await replay(tap(targets[i]));
    }
    await poll(() => screen.getAttribute('data-finished')).toBe('true');
    await poll(() => screen.textContent()).toContain('The pen is calibrated.');
    await poll(() => teller.getByText(/Pen 056a:0061 calibrated/).count()).toBe(1);

    // Stored per device in the station's storage; it takes the shifted digitizer onto the picture.
    const stored = JSON.parse(readFileSync(join(station.storageDir, 'pen', 'calibrations.json'), 'utf8'));
    expect(stored.calibrations).toHaveLength(1);
    const cal = stored.calibrations[0];
    expect(cal.device).toBe('056a:0061');
    expect(cal.window).toEqual(size);
    const centre = applyHomography(cal.matrix, rawOf({ x: 640, y: 400 }));
    expect(centre.x).toBeCloseTo(640, 0);
    expect(centre.y).toBeCloseTo(400, 0);
    await poll(() => screen.count()).toBe(0);

    // From then on the pen is mapped through it: a stroke at the picture's box centre is sealed there.
    await addDemoAndPrepare(teller, 'Ona Kazlauskienė');
    await teller.getByRole('button', { name: 'Send to customer' }).click();
    await toSigning(customer, 2);
    const box = (await customer.getByTestId('signature-box').boundingBox())!;
    const centreRaw = rawOf({ x: box.x + box.width / 2, y: box.y + box.height / 2 });
    const stroke: FakeReport[] = Array.from({ length: 12 }, (_, i) => [i * 5, report(i === 11 ? 0x90 : 0x91, { x: centreRaw.x + (i % 3) - 1, y: centreRaw.y }, i === 11 ? 0 : 100)]);
    await replay(stroke);
    await poll(() => customer.locator('.ink-canvas').getAttribute('data-strokes')).toBe('1');
    await customer.getByRole('button', { name: 'Done' }).click();
    await poll(() => sessionState(teller), { timeout: 30_000 }).toBe('done');
    const signed = await tellerCall(teller, 'session.signedPdf', {});
    const [sealed] = await extractBiometrics(Buffer.from((signed.payload as { bytes: Uint8Array }).bytes), readFileSync(join(station.storageDir, 'escrow-holder', 'DEMO-escrow-private-key.pem'), 'utf8'));
    const down = sealed.payload.record.samples.filter((s) => s.tip);
    expect(down).toHaveLength(11);
    for (const s of down) {
      expect(s.nx).toBeCloseTo(0.5, 2);
      expect(s.ny).toBeCloseTo(0.5, 2);
    }
    // The raw device values stay as the device sent them.
    expect(down[0].x).toBe(centreRaw.x - 1);
    await teller.getByRole('button', { name: 'Finish' }).click();
    await poll(() => customerState(customer)).toBe('idle');
    // While a signing is open the teller cannot start a calibration (tested in the request's unit test); none is shown now.
    expect(await screen.count()).toBe(0);
    expect(errors).toEqual([]);
  });
});
