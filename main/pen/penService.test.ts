import { describe, expect, it } from 'vitest';
import type { PenSample } from '../../native/pen/penSample';
import { HidAccessDeniedError, type HidConnection, type HidDeviceInfo, type HidTransport } from '../../native/transport/hidTransport';
import { ManualScheduler } from '../../native/transport/manualScheduler';
import { SimulatedPenTransport, type SimulatedStream } from '../../native/transport/simulatedPen';
import { syntheticSignatureStream } from '../../native/transport/syntheticSignature';
import { createPenService, type PenSampleBatch, type PenStatus } from './penService';
import { AsHardware } from '../../test/support/asHardware';

/** A log writer that keeps every message, whatever its level. */
const collect = (logs: string[]) => ({ info: (m: string) => logs.push(m), warn: (m: string) => logs.push(m), error: (m: string) => logs.push(m) });

const settle = () => new Promise<void>((r) => setImmediate(r));

function stuStream(id = 'hw:stu'): SimulatedStream {
  const s = syntheticSignatureStream(5);
  return { ...s, device: { ...s.device, id, product: 'STU-530' } };
}

function harness(opts: { hardware?: SimulatedPenTransport[]; simulate?: boolean } = {}) {
  const scheduler = new ManualScheduler();
  const simulated = new SimulatedPenTransport({ streams: [syntheticSignatureStream(1)], scheduler, loop: true, loopPauseMs: 500 });
  const logs: string[] = [];
  const service = createPenService({
    transports: (opts.hardware ?? []).map((t) => new AsHardware(t)),
    simulated: () => simulated,
    simulate: opts.simulate,
    scheduler,
    hotPlugIntervalMs: 200,
    log: { info: (m) => logs.push(`info: ${m}`), warn: (m) => logs.push(`warn: ${m}`), error: (m) => logs.push(`error: ${m}`) },
  });
  const batches: PenSampleBatch[] = [];
  const statuses: PenStatus[] = [];
  service.onSamples((b) => batches.push(b));
  service.onStatus((s) => statuses.push(s));
  const advance = (ms: number) => scheduler.advance(ms, settle);
  return { scheduler, simulated, service, batches, statuses, logs, advance };
}

describe('pen service', () => {
  it('falls back to the simulated pen and delivers every sample, in order, in numbered batches', async () => {
    const h = harness();
    await h.service.start();
    expect(h.service.status()).toMatchObject({ code: 'simulated', connected: true, source: 'simulated', profile: 'wacom-stu' });
    expect(h.service.status().message).toMatch(/simulated pen/);
    await h.service.beginCapture();
    await h.advance(6000);
    const record = await h.service.endCapture();
    await h.service.stop();
    expect(record.device).toMatchObject({ source: 'simulated', profile: 'wacom-stu', xRange: [0, 10800] });
    expect(record.samples.length).toBeGreaterThan(300);
    expect(record.samples.filter((s) => s.tip).length).toBeGreaterThan(100);
    // The live batches carry exactly the record's samples: none lost, none reordered.
    const live = h.batches.flatMap((b) => b.samples);
    expect(live.slice(-record.samples.length)).toEqual(record.samples);
    h.batches.forEach((b, i) => expect(b.seq).toBe(i + 1));
    for (let i = 1; i < record.samples.length; i++) expect(record.samples[i].t).toBeGreaterThanOrEqual(record.samples[i - 1].t);
    expect(record.gaps).toEqual([]);
  });

  it('pauses on unplug with a clear message, resumes on re-plug, and marks the gap in the record', async () => {
    const h = harness();
    // The pad runs on the test's clock; it keeps signing (looping) so samples come before and after.
    const hw = new SimulatedPenTransport({ streams: [stuStream()], scheduler: h.scheduler, loop: true, loopPauseMs: 100 });
    const service = createPenService({ transports: [new AsHardware(hw)], simulated: () => h.simulated, scheduler: h.scheduler, hotPlugIntervalMs: 200 });
    const statuses: PenStatus[] = [];
    service.onStatus((s) => statuses.push(s));
    await service.start();
    expect(service.status()).toMatchObject({ connected: true, source: 'usb-hid', profile: 'wacom-stu', device: { id: 'hw:stu' } });
    await service.beginCapture();
    await h.advance(1000);
    expect(service.status().capturing).toBe(true);
    hw.unplug();
    expect(service.status().connected).toBe(false);
    expect(service.status().message).toMatch(/disconnected during the signature.*Plug it back in/);
    expect(service.status().code).toBe('unplugged-during-capture');
    await h.advance(1500); // unplugged for a while: no simulated pen sneaks into the signature
    expect(service.status()).toMatchObject({ connected: false, capturing: true });
    hw.replug();
    await h.advance(1500);
    expect(service.status()).toMatchObject({ connected: true, source: 'usb-hid' });
    const record = await service.endCapture();
    await service.stop();
    expect(record.gaps).toHaveLength(1);
    const [gap] = record.gaps;
    expect(gap.reason).toBe('device-unplugged');
    const lastBefore = record.samples.filter((s) => s.t <= gap.fromT).at(-1)!;
    const firstAfter = record.samples.find((s) => s.t > gap.fromT)!;
    expect(gap.fromT).toBe(lastBefore.t);
    expect(gap.toT).toBe(firstAfter.t);
    expect(gap.toT - gap.fromT).toBeGreaterThanOrEqual(1400);
    expect(record.device.source).toBe('wacom-stu');
  });

  it('with a batch window, sends fewer, larger batches and still every sample in order', async () => {
    const scheduler = new ManualScheduler();
    const simulated = new SimulatedPenTransport({ streams: [syntheticSignatureStream(2)], scheduler });
    const service = createPenService({ simulated: () => simulated, scheduler, batchWindowMs: 20 });
    const batches: PenSampleBatch[] = [];
    service.onSamples((b) => batches.push(b));
    await service.start();
    await service.beginCapture();
    await scheduler.advance(10000, settle);
    const record = await service.endCapture();
    await service.stop();
    expect(batches.flatMap((b) => b.samples)).toEqual(record.samples);
    // 200 Hz for 20 ms windows: about four samples per batch.
    expect(record.samples.length / batches.length).toBeGreaterThan(3);
  });

  it('notices a device that vanishes from the device list without an error (and survives a failing listener)', async () => {
    const scheduler = new ManualScheduler();
    const pad = new SimulatedPenTransport({ streams: [stuStream()], scheduler, loop: true, loopPauseMs: 100 });
    let listed = true;
    const quiet: HidTransport = { kind: 'usb-hid', list: async () => (listed ? pad.list() : []), open: (d) => pad.open(d) };
    const logs: string[] = [];
    const service = createPenService({ transports: [quiet], scheduler, hotPlugIntervalMs: 200, fallbackToSimulated: false, log: collect(logs) });
    service.onSamples(() => {
      throw new Error('renderer gone');
    });
    await service.start();
    await service.beginCapture();
    await scheduler.advance(1000, settle);
    listed = false;
    await scheduler.advance(1000, settle);
    expect(service.status()).toMatchObject({ connected: false, capturing: true });
    listed = true;
    await scheduler.advance(1000, settle);
    expect(service.status().connected).toBe(true);
    const record = await service.endCapture();
    await service.stop();
    expect(record.gaps.map((g) => g.reason)).toEqual(['device-unplugged']);
    expect(logs.some((m) => /sample listener failed: renderer gone/.test(m))).toBe(true);
  });

  it('a capture that ends while the pen is away ends with an open gap up to the end', async () => {
    const h = harness();
    const hw = new SimulatedPenTransport({ streams: [stuStream()], scheduler: h.scheduler, loop: true, loopPauseMs: 100 });
    const service = createPenService({ transports: [new AsHardware(hw)], scheduler: h.scheduler, hotPlugIntervalMs: 200 });
    await service.start();
    await service.beginCapture();
    await h.advance(800);
    hw.unplug();
    await h.advance(2000);
    const record = await service.endCapture();
    await service.stop();
    expect(record.gaps).toHaveLength(1);
    expect(record.gaps[0]).toMatchObject({ reason: 'device-unplugged', fromT: record.samples.at(-1)!.t });
    expect(record.gaps[0].toT - record.gaps[0].fromT).toBeGreaterThanOrEqual(2000);
  });

  it('a simulated pen that cannot start is logged, and the service keeps looking for pens', async () => {
    const scheduler = new ManualScheduler();
    const logs: string[] = [];
    const service = createPenService({
      simulated: () => { throw new Error('recording /x.txt is not there'); },
      scheduler,
      log: collect(logs),
    });
    await service.start();
    expect(service.status()).toMatchObject({ code: 'no-pen', connected: false });
    expect(logs.some((m) => /simulated pen cannot start: recording \/x.txt/.test(m))).toBe(true);
    expect(scheduler.pending).toBeGreaterThan(0); // hot-plug polling goes on
    await service.stop();
    expect(scheduler.pending).toBe(0);
  });

  it('does not continue a signature on a different pen', async () => {
    const scheduler = new ManualScheduler();
    const first = new SimulatedPenTransport({ streams: [stuStream('hw:first')], scheduler, loop: true, loopPauseMs: 100 });
    const otherStream = stuStream('hw:other');
    const other = new SimulatedPenTransport({ streams: [{ ...otherStream, device: { ...otherStream.device, productId: 0x00a8, product: 'STU-540' } }], scheduler, loop: true });
    other.unplug();
    const service = createPenService({ transports: [new AsHardware(first), new AsHardware(other)], scheduler, hotPlugIntervalMs: 200 });
    await service.start();
    await service.beginCapture();
    await scheduler.advance(1000, settle);
    first.unplug();
    other.replug();
    await scheduler.advance(1000, settle);
    expect(service.status()).toMatchObject({ code: 'different-pen', connected: false, capturing: true });
    first.replug();
    await scheduler.advance(1000, settle);
    expect(service.status()).toMatchObject({ connected: true, device: { id: 'hw:first' } });
    const record = await service.endCapture();
    expect(record.device.productId).toBe(0x00a5);
    await scheduler.advance(1000, settle);
    await service.stop();
  });

  it('stops a runaway capture from growing without bound, and says so', async () => {
    const scheduler = new ManualScheduler();
    const simulated = new SimulatedPenTransport({ streams: [syntheticSignatureStream(3)], scheduler, loop: true, loopPauseMs: 10 });
    const service = createPenService({ simulated: () => simulated, scheduler, maxCaptureSamples: 100 });
    await service.start();
    await service.beginCapture();
    await scheduler.advance(3000, settle);
    expect(service.status().code).toBe('capture-full');
    const record = await service.endCapture();
    await service.stop();
    expect(record.samples).toHaveLength(100);
    expect(record.gaps).toHaveLength(1);
    expect(record.gaps[0].fromT).toBeGreaterThan(record.samples[99].t);
    expect(record.gaps[0].toT).toBeGreaterThanOrEqual(record.gaps[0].fromT);
    expect(record.gaps[0].toT).toBeLessThan(Number.MAX_SAFE_INTEGER);
  });

  it('a capture begun while the pen is away starts with a gap up to the pen\'s first sample', async () => {
    const scheduler = new ManualScheduler();
    const pad = new SimulatedPenTransport({ streams: [stuStream()], scheduler, loop: true, loopPauseMs: 100 });
    pad.unplug();
    const service = createPenService({ transports: [new AsHardware(pad)], scheduler, hotPlugIntervalMs: 200, fallbackToSimulated: false });
    await service.start();
    await scheduler.advance(5000, settle);
    await service.beginCapture();
    await scheduler.advance(1000, settle);
    pad.replug();
    await scheduler.advance(1000, settle);
    const record = await service.endCapture();
    await service.stop();
    expect(record.gaps).toHaveLength(1);
    expect(record.gaps[0].fromT).toBe(5000);
    expect(record.gaps[0].toT).toBe(record.samples[0].t);
    expect(record.device.source).toBe('wacom-stu');
  });

  it('marks a pause as a gap and takes no samples while paused', async () => {
    const h = harness({ simulate: true });
    await h.service.start();
    await h.service.beginCapture();
    await h.advance(500);
    h.service.pause();
    const n = h.batches.flatMap((b) => b.samples).length;
    await h.advance(700);
    expect(h.batches.flatMap((b) => b.samples).length).toBe(n);
    h.service.resume();
    await h.advance(500);
    const record = await h.service.endCapture();
    await h.service.stop();
    expect(record.gaps.map((g) => g.reason)).toEqual(['paused']);
    expect(record.gaps[0].toT - record.gaps[0].fromT).toBeGreaterThanOrEqual(700);
  });

  it('tells the teller when the OS denies access, and does not fall back to a simulated pen', async () => {
    const device: HidDeviceInfo = { id: '/dev/hidraw9', vendorId: 0x056a, productId: 0x00a8, product: 'STU-540' };
    const denied: HidTransport = {
      kind: 'usb-hid',
      list: async () => [device],
      open: async () => {
        throw new HidAccessDeniedError(device, 'no read/write permission on hidraw9');
      },
    };
    const scheduler = new ManualScheduler();
    const service = createPenService({ transports: [denied], simulated: () => new SimulatedPenTransport({ streams: [syntheticSignatureStream()], scheduler }), scheduler });
    await service.start();
    expect(service.status()).toMatchObject({ code: 'access-denied', connected: false, source: 'none' });
    expect(service.status().message).toMatch(/denied.*udev/);
    await service.stop();
  });

  it('chooses among several devices: the configured one, else the best profile', async () => {
    const scheduler = new ManualScheduler();
    const generic: HidDeviceInfo = { id: 'a', vendorId: 0x1234, productId: 0x0001, reportDescriptor: new Uint8Array([0x05, 0x0d, 0x09, 0x02, 0xa1, 0x01, 0x09, 0x42, 0x15, 0, 0x25, 1, 0x75, 1, 0x95, 1, 0x81, 2, 0x75, 7, 0x81, 3, 0x05, 1, 0x09, 0x30, 0x09, 0x31, 0x26, 0xff, 0x7f, 0x75, 16, 0x95, 2, 0x81, 2, 0xc0]) };
    const stu: HidDeviceInfo = { id: 'b', vendorId: 0x056a, productId: 0x00a4 };
    const opened: string[] = [];
    const transport: HidTransport = {
      kind: 'usb-hid',
      list: async () => [generic, stu],
      open: async (d) => {
        opened.push(d.id);
        return new SimulatedPenTransport({ streams: [{ device: d, reports: [], label: 'x' }], scheduler }).open(d);
      },
    };
    const best = createPenService({ transports: [transport], scheduler });
    await best.start();
    expect(best.status()).toMatchObject({ profile: 'wacom-stu', device: { id: 'b' } });
    await best.stop();
    const chosen = createPenService({ transports: [transport], scheduler, device: '1234:0001' });
    await chosen.start();
    expect(chosen.status()).toMatchObject({ profile: 'generic-digitizer', device: { id: 'a' } });
    await chosen.stop();
    expect((await chosen.listDevices()).map((d) => d.profile)).toEqual(['generic-digitizer', 'wacom-stu']);
  });

  it('puts lost STU reports into the record as gaps', async () => {
    const scheduler = new ManualScheduler();
    const stream = stuStream();
    const kept = { ...stream, reports: stream.reports.filter((_, i) => i !== 40 && i !== 41) };
    const hw = new SimulatedPenTransport({ streams: [kept], scheduler });
    const service = createPenService({ transports: [new AsHardware(hw)], scheduler });
    await service.start();
    await service.beginCapture();
    await scheduler.advance(10000, settle);
    const record = await service.endCapture();
    await service.stop();
    expect(record.gaps).toEqual([expect.objectContaining({ reason: 'reports-lost', lostReports: 2 })]);
    expect(service.stats()).toBeUndefined();
    const samples: PenSample[] = record.samples;
    expect(samples.length).toBe(kept.reports.length);
  });
});
