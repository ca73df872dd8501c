import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { HidAccessDeniedError, type HidConnection, type HidTransport } from '../../native/transport/hidTransport';
import { SimulatedPenTransport } from '../../native/transport/simulatedPen';
import { ManualScheduler } from '../../native/transport/manualScheduler';
import { NodeHidTransport, type NodeHidApi, type NodeHidDevice, type NodeHidHandle } from './nodeHidTransport';

/**
 * One contract for every HidTransport. It runs against the simulated pen and against the node-hid
 * transport driving a stand-in for node-hid (no pen hardware here). The stand-in behaves as
 * node-hid does: 'data' events with the report-ID byte first, an 'error' event when the device is
 * unplugged, devicesAsync() without the device afterwards. A last test holds the real node-hid
 * module to the NodeHidApi shape the transport relies on.
 */

const REPORTS = [
  new Uint8Array([0x34, 0x90, 0x10, 0x01, 0x00, 0x02, 0x00, 0x00, 0x05, 0x00, 0x01]),
  new Uint8Array([0x34, 0x90, 0x11, 0x01, 0x01, 0x02, 0x01, 0x00, 0x0a, 0x00, 0x02]),
  new Uint8Array([0x34, 0x90, 0x12, 0x01, 0x02, 0x02, 0x02, 0x00, 0x0f, 0x00, 0x03]),
];
const CAPABILITY = new Uint8Array([0x09, 0x2a, 0x30, 0x19, 0x28, 0x03, 0xff, 0x03, 0x20, 0x01, 0xe0, 200, 0x09, 0xec]);

class FakeNodeHidHandle extends EventEmitter implements NodeHidHandle {
  closed = false;
  sent: Buffer[] = [];
  async getFeatureReport(reportId: number, length: number): Promise<Buffer> {
    if (reportId !== 0x09) throw new Error('could not get feature report from device');
    return Buffer.from(CAPABILITY.subarray(0, length));
  }
  async sendFeatureReport(data: number[] | Buffer): Promise<number> {
    this.sent.push(Buffer.from(data));
    return data.length;
  }
  async close(): Promise<void> {
    this.closed = true;
  }
}

class FakeNodeHid implements NodeHidApi {
  present = true;
  handle: FakeNodeHidHandle | undefined;
  readonly device: NodeHidDevice = { vendorId: 0x056a, productId: 0x00a5, path: '/dev/hidraw-fake0', product: 'STU-530', interface: 0 };
  async devicesAsync(): Promise<NodeHidDevice[]> {
    return this.present ? [this.device] : [];
  }
  HIDAsync = {
    open: async (path: string): Promise<NodeHidHandle> => {
      if (!this.present || path !== this.device.path) throw new Error(`cannot open device with path ${path}`);
      this.handle = new FakeNodeHidHandle();
      return this.handle;
    },
  };
}

interface Harness {
  transport: HidTransport;
  /** Makes the device deliver its reports. */
  play(): Promise<void>;
  unplug(): void;
}

function simulatedHarness(): Harness {
  const scheduler = new ManualScheduler();
  const transport = new SimulatedPenTransport({
    streams: [{ device: { id: 'sim', vendorId: 0x056a, productId: 0x00a5 }, reports: REPORTS.map((data, i) => ({ t: i * 5, data, device: 0 })), features: new Map([[0x09, CAPABILITY]]), label: 'contract' }],
    scheduler,
  });
  return { transport, play: () => scheduler.advance(100), unplug: () => transport.unplug() };
}

function nodeHidHarness(): Harness {
  const fake = new FakeNodeHid();
  let clock = 0;
  const transport = new NodeHidTransport({ hid: fake, readDescriptor: async () => undefined, now: () => (clock += 5) });
  return {
    transport,
    play: async () => {
      for (const r of REPORTS) fake.handle!.emit('data', Buffer.from(r));
    },
    unplug: () => {
      fake.present = false;
      fake.handle!.emit('error', new Error('could not read from HID device'));
    },
  };
}

describe.each([
  ['simulated pen', simulatedHarness],
  ['node-hid transport (stand-in node-hid)', nodeHidHarness],
])('HidTransport contract: %s', (_name, make) => {
  async function openFirst(h: Harness): Promise<HidConnection> {
    const [device] = await h.transport.list();
    expect(device).toMatchObject({ vendorId: 0x056a, productId: 0x00a5 });
    expect(typeof device.id).toBe('string');
    return h.transport.open(device);
  }

  it('delivers every report in order, report ID first, with rising arrival times', async () => {
    const h = make();
    const connection = await openFirst(h);
    const got: [number[], number][] = [];
    connection.onReport((r, t) => got.push([[...r], t]));
    await h.play();
    expect(got.map(([r]) => r)).toEqual(REPORTS.map((r) => [...r]));
    for (let i = 1; i < got.length; i++) expect(got[i][1]).toBeGreaterThan(got[i - 1][1]);
  });

  it('reads feature reports with the report ID first, and accepts feature reports', async () => {
    const h = make();
    const connection = await openFirst(h);
    expect([...(await connection.getFeatureReport(0x09, CAPABILITY.length))]).toEqual([...CAPABILITY]);
    await expect(connection.getFeatureReport(0x77, 8)).rejects.toThrow();
    await expect(connection.sendFeatureReport(new Uint8Array([0x20, 0]))).resolves.toBeUndefined();
  });

  it('reports an unplug as a close with a reason, and no longer lists the device', async () => {
    const h = make();
    const connection = await openFirst(h);
    const reasons: (Error | undefined)[] = [];
    connection.onClose((r) => reasons.push(r));
    h.unplug();
    expect(reasons).toHaveLength(1);
    expect(reasons[0]).toBeInstanceOf(Error);
    expect(await h.transport.list()).toEqual([]);
  });

  it('closes cleanly: a close without a reason, then silence', async () => {
    const h = make();
    const connection = await openFirst(h);
    const reasons: (Error | undefined)[] = [];
    const got: Uint8Array[] = [];
    connection.onReport((r) => got.push(r));
    connection.onClose((r) => reasons.push(r));
    await connection.close();
    expect(reasons).toEqual([undefined]);
    await h.play().catch(() => undefined);
    expect(got).toEqual([]);
  });
});

describe('node-hid transport errors', () => {
  it('tells a vanished device node from a permission problem, and names the fix for a denied one', async () => {
    const fake = new FakeNodeHid();
    fake.device.path = '/dev/hidraw-does-not-exist';
    const transport = new NodeHidTransport({ hid: fake, readDescriptor: async () => undefined });
    const [device] = await transport.list();
    fake.present = false; // open fails the way node-hid fails
    await expect(transport.open(device)).rejects.toThrow(/is gone \(ENOENT\)/);
    const windowsLike = new FakeNodeHid();
    windowsLike.device.path = '\\\\?\\HID#VID_056A&PID_00A5';
    const t2 = new NodeHidTransport({ hid: windowsLike, readDescriptor: async () => undefined });
    const [d2] = await t2.list();
    windowsLike.present = false;
    const err = await t2.open(d2).catch((e) => e);
    expect(err).toBeInstanceOf(HidAccessDeniedError);
    expect(err.message).toMatch(/udev.*Windows/);
  });
});

describe('node-hid itself', () => {
  it('has the API the transport relies on, and lists devices on this machine', async () => {
    const mod = (await import('node-hid')) as unknown as { default?: NodeHidApi } & NodeHidApi;
    const hid = mod.default ?? mod;
    expect(typeof hid.devicesAsync).toBe('function');
    expect(typeof hid.HIDAsync.open).toBe('function');
    const devices = await new NodeHidTransport({ hid }).list();
    expect(Array.isArray(devices)).toBe(true);
  });
});
