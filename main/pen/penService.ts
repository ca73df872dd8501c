import type { PenReportDecoder } from '../../native/hid/decode/penReportDecoder';
import type { PenDeviceInfo, PenSample, PenSourceKind, SampleGap } from '../../native/pen/penSample';
import type { PenProfile } from '../../native/profiles/penProfile';
import { profileFor } from '../../native/profiles/penProfileRegistry';
import { HidAccessDeniedError, vidPid, type HidConnection, type HidDeviceInfo, type HidTransport } from '../../native/transport/hidTransport';
import { defaultScheduler } from '../../native/transport/simulatedPen';
import { CaptureRecorder } from './captureRecorder';
import { createHotPlugWatcher, DeviceAbsence } from './hotPlugWatcher';
import { candidatesForSignature, rankPenCandidates, type ListedDevices } from './penDeviceSelector';
import { createSampleBatcher } from './penSampleBatcher';
import type { PenSampleBatch, PenService, PenServiceOptions, PenStatus } from './penServiceTypes';
import { silentLogger } from '../logging/logger';

export type { PenSampleBatch, PenService, PenServiceOptions, PenStatus, PenStatusCode } from './penServiceTypes';

/**
 * The pen service the station composes: finds a pen (node-hid, or the simulated pen when none is
 * present), decodes its reports through the matching profile, emits sample batches for the live
 * ink and keeps the biometric record of the current capture. Hot-plug: a pen unplugged during a
 * signature pauses the capture with a clear message and resumes when it is plugged back; the time
 * in between is marked in the record as a gap, never bridged. Which pen (penDeviceSelector), when to
 * look (hotPlugWatcher) and how samples go out (penSampleBatcher) are their own parts; this file
 * holds the connection and the capture.
 */

const NO_PEN = 'No pen found. Connect a signature pad or pen display.';

interface Active {
  transport: HidTransport;
  connection: HidConnection;
  profile: PenProfile;
  decoder: PenReportDecoder;
  source: PenSourceKind;
}

export function createPenService(options: PenServiceOptions = {}): PenService {
  const scheduler = options.scheduler ?? defaultScheduler;
  const log = options.log ?? silentLogger;
  const preferredProfile = options.profile ?? 'auto';
  const wantedDevice = (options.device ?? '').toLowerCase();
  const fallback = options.fallbackToSimulated ?? true;
  const maxCaptureSamples = options.maxCaptureSamples ?? 2_000_000;

  const sampleListeners = new Set<(b: PenSampleBatch) => void>();
  const statusListeners = new Set<(s: PenStatus) => void>();
  let active: Active | undefined;
  let simulated: HidTransport | undefined;
  let capture: CaptureRecorder | undefined;
  let paused = false;
  /** The hardware pen used last (a signature continues only on it; it comes first when back). */
  let lastDevice: HidDeviceInfo | undefined;
  const absence = new DeviceAbsence(2);
  const errorCounts = new Map<string, number>();
  let current: PenStatus = { code: 'searching', connected: false, source: 'none', message: 'Looking for a pen…', capturing: false, paused: false };

  /** A failing listener is logged; it never stops the pen (nor takes the process down from a microtask). */
  const safely = (fn: () => void, what: string) => {
    try {
      fn();
    } catch (err) {
      log.error(`pen: a ${what} failed: ${(err as Error).message}`);
    }
  };

  const setStatus = (patch: Partial<PenStatus>) => {
    current = { ...current, ...patch, capturing: capture !== undefined, paused };
    if (patch.message) log[current.connected ? 'info' : 'warn'](`pen: ${current.message}`);
    for (const l of statusListeners) safely(() => l(current), 'status listener');
  };

  const batcher = createSampleBatcher({
    scheduler,
    windowMs: options.batchWindowMs ?? 0,
    origin: () => ({ source: active?.source ?? 'simulated', device: active?.decoder.device }),
    deliver: (batch) => {
      for (const l of sampleListeners) safely(() => l(batch), 'sample listener');
    },
  });
  const watcher = createHotPlugWatcher({
    scheduler,
    intervalMs: options.hotPlugIntervalMs ?? 1000,
    look: () => look(),
    onError: (err) => log.error(`pen: ${err.message}`),
  });

  const addGap = (gap: SampleGap) => {
    if (capture) capture.gap(gap);
    batcher.gap(gap);
  };

  const onSample = (s: PenSample) => {
    if (paused) return;
    // The pen is back: the open gap closes at the first new sample.
    const closed = capture?.closeOpenGap(s.t);
    if (closed) batcher.gap(closed);
    if (capture) {
      const wasFull = capture.full;
      capture.add([s]);
      if (capture.full && !wasFull) {
        setStatus({ code: 'capture-full', message: `The signature is longer than ${maxCaptureSamples} samples: the rest is not recorded. End it and start again.` });
      }
    }
    batcher.sample(s);
  };

  const logDecodeError = (kind: string, message: string) => {
    const n = (errorCounts.get(kind) ?? 0) + 1;
    errorCounts.set(kind, n);
    // The first few of each kind, then every thousandth: a stream of bad reports must not flood the log.
    if (n <= 5 || n % 1000 === 0) log.warn(`pen: ${kind} report (${n} so far): ${message}`);
  };

  const openGap = (reason: SampleGap['reason']) => {
    if (!capture || capture.hasOpenGap) return;
    // From the last recorded sample; in an empty record, from now (the capture's start is not before it).
    capture.openGap(reason, capture.lastSample?.t ?? scheduler.now());
  };

  const describe = (d: HidDeviceInfo) => `${d.product ?? 'pen'} (${vidPid(d)})`;

  async function connect(transport: HidTransport, device: HidDeviceInfo, profile: PenProfile): Promise<void> {
    const connection = await transport.open(device);
    const source: PenSourceKind = transport.kind === 'simulated' ? 'simulated' : transport.kind;
    const decoder = profile.createDecoder(device, {
      source: transport.kind === 'simulated' ? 'simulated' : undefined,
      events: {
        onError: logDecodeError,
        onGap: (g) => addGap({ ...g }),
      },
    });
    for (const id of profile.featureReportsToRead ?? []) {
      try {
        decoder.applyFeatureReport?.(await connection.getFeatureReport(id, 64));
      } catch (err) {
        log.warn(`pen: could not read feature report 0x${id.toString(16)} from ${describe(device)}: ${(err as Error).message}`);
      }
    }
    active = { transport, connection, profile, decoder, source };
    lastDevice = transport.kind === 'simulated' ? lastDevice : device;
    connection.onReport((report, arrival) => {
      if (active?.connection !== connection) return;
      let s: PenSample | undefined;
      try {
        s = decoder.decode(report, arrival);
      } catch (err) {
        // Decoders do not throw on bad input; if one ever does, the report is counted and the session goes on.
        decoder.stats.errors.malformed++;
        logDecodeError('malformed', `decoder failed on a ${report.length}-byte report: ${(err as Error).message}`);
        return;
      }
      if (s) onSample(s);
    });
    connection.onClose((reason) => {
      if (active?.connection !== connection) return;
      active = undefined;
      if (!watcher.running) return;
      openGap('device-unplugged');
      setStatus({
        code: capture ? 'unplugged-during-capture' : 'unplugged',
        connected: false,
        message: capture
          ? `The pen ${describe(device)} was disconnected during the signature. Plug it back in to continue; the interruption is recorded.`
          : `The pen ${describe(device)} was disconnected${reason ? ` (${reason.message})` : ''}.`,
      });
      watcher.lookIn(0);
    });
    if (capture) {
      for (const c of profile.startCommands?.(device) ?? []) await connection.sendFeatureReport(c.data).catch(() => undefined);
    }
    setStatus({
      code: source === 'simulated' ? 'simulated' : 'ready',
      connected: true,
      device: { id: device.id, product: device.product, vendorId: device.vendorId, productId: device.productId },
      profile: profile.id,
      source,
      message: source === 'simulated' ? `No pen found: using the simulated pen (${device.product ?? device.id}).` : `Pen ready: ${describe(device)}, profile ${profile.id}.`,
    });
  }

  async function useSimulated(): Promise<boolean> {
    if (!options.simulated) return false;
    try {
      simulated ??= await options.simulated();
    } catch (err) {
      // E.g. a configured recording that is not there: say so, keep looking for real pens.
      log.error(`pen: the simulated pen cannot start: ${(err as Error).message}`);
      return false;
    }
    const [device] = await simulated.list();
    if (!device) return false;
    const profile = profileFor(device, 'auto');
    if (!profile) {
      log.error(`pen: no profile can decode the simulated pen ${describe(device)}`);
      return false;
    }
    await connect(simulated, device, profile);
    return true;
  }

  async function hardwareCandidates() {
    const listed: ListedDevices[] = [];
    for (const transport of options.transports ?? []) {
      try {
        listed.push({ transport, devices: await transport.list() });
      } catch (err) {
        logDecodeError('transport', `cannot list ${transport.kind} devices: ${(err as Error).message}`);
      }
    }
    return rankPenCandidates(listed, { wantedDevice, preferredProfile, lastDevice });
  }

  /** One look for pens: the watcher calls it at start, at its interval and soon after an unplug. */
  async function look(): Promise<void> {
    if (options.simulate) {
      if (!active) await useSimulated();
      return;
    }
    if (active && active.source !== 'simulated') {
      const { connection, transport } = active;
      const listed = await transport.list().then((l) => l.some((d) => d.id === connection.info.id), () => true);
      if (absence.listed(listed)) {
        const gone = active;
        await gone.connection.close().catch(() => undefined);
        // close() reports through onClose, which marks the gap; make sure it happened.
        if (active === gone) active = undefined;
      }
      return;
    }
    // A real pen beats the simulated one, but never switch devices in the middle of a signature.
    if (active && capture) return;
    const capturedOn = capture && capture.sampleCount > 0 && capture.device.source !== 'simulated' ? lastDevice : undefined;
    const { usable, otherPen } = candidatesForSignature(await hardwareCandidates(), capturedOn);
    if (otherPen && capturedOn && current.code !== 'different-pen') {
      setStatus({
        code: 'different-pen',
        connected: false,
        message: `A different pen (${describe(otherPen.device)}) was connected during the signature. Reconnect ${describe(capturedOn)}, or start the signature again.`,
      });
    }
    for (const c of usable) {
      try {
        if (active) {
          const old = active;
          active = undefined;
          await old.connection.close().catch(() => undefined);
        }
        await connect(c.transport, c.device, c.profile);
        return;
      } catch (err) {
        const denied = err instanceof HidAccessDeniedError;
        setStatus({ code: denied ? 'access-denied' : 'open-failed', connected: false, source: 'none', message: denied ? (err as Error).message : `Cannot open ${describe(c.device)}: ${(err as Error).message}` });
        if (denied) return; // a pen is there: tell the teller, do not fall back to a simulated one
      }
    }
    if (active) return;
    // Fall back to the simulated pen, but never swap a real pen for it in the middle of a signature.
    if (fallback && (!capture || capture.device.source === 'simulated') && (await useSimulated())) return;
    // While a signature waits for its pen, keep the "plug it back in" message.
    if (!capture && current.code !== 'no-pen') setStatus({ code: 'no-pen', connected: false, source: 'none', message: NO_PEN });
  }

  const service: PenService = {
    // Whatever the first look finds, the watcher keeps looking for pens being plugged in.
    start: () => watcher.start(),
    async stop() {
      watcher.stop();
      const a = active;
      active = undefined;
      if (a) await a.connection.close().catch(() => undefined);
      batcher.flush();
      setStatus({ code: 'stopped', connected: false, source: 'none', message: 'Pen service stopped.' });
    },
    status: () => current,
    onSamples(listener) {
      sampleListeners.add(listener);
      return () => sampleListeners.delete(listener);
    },
    onStatus(listener) {
      statusListeners.add(listener);
      return () => statusListeners.delete(listener);
    },
    async beginCapture() {
      const device: PenDeviceInfo = active?.decoder.device ?? { source: 'simulated', profile: 'none', xRange: [0, 1], yRange: [0, 1], pressureRange: [0, 1] };
      capture = new CaptureRecorder({ ...device }, maxCaptureSamples);
      capture.begin(new Date().toISOString());
      paused = false;
      if (!active) openGap('device-unplugged');
      if (active) {
        for (const c of active.profile.startCommands?.(active.connection.info) ?? []) {
          await active.connection.sendFeatureReport(c.data).catch((err) => log.warn(`pen: ${c.purpose} failed: ${(err as Error).message}`));
        }
      }
      setStatus({});
    },
    async endCapture() {
      batcher.flush();
      if (!capture) throw new Error('no capture is running');
      const c = capture;
      capture = undefined;
      // Still unplugged (or paused, or full) at the end: the gap runs to the end of the capture, on
      // the same monotonic clock the samples are anchored to. The decoder may have learned more
      // about the device during the capture (e.g. STU capability).
      const record = c.finish({ endT: scheduler.now(), device: active && c.sampleCount ? active.decoder.device : undefined, fallbackCapturedAt: new Date().toISOString() });
      if (active) {
        for (const cmd of active.profile.stopCommands?.(active.connection.info) ?? []) {
          await active.connection.sendFeatureReport(cmd.data).catch(() => undefined);
        }
      }
      paused = false;
      setStatus({});
      return record;
    },
    clearCapture() {
      capture?.clear();
    },
    pause() {
      if (paused) return;
      openGap('paused');
      paused = true;
      setStatus({ code: 'paused', message: 'Capture paused.' });
    },
    resume() {
      if (!paused) return;
      paused = false;
      if (active) setStatus({ code: 'resumed', message: 'Capture resumed.' });
      else setStatus({});
    },
    async sendFeatureReports(reports) {
      if (!active) throw new Error('no pen is connected');
      for (const r of reports) await active.connection.sendFeatureReport(r);
    },
    async listDevices() {
      const out: { device: HidDeviceInfo; transport: PenSourceKind; profile?: string }[] = [];
      for (const t of options.transports ?? []) {
        for (const d of await t.list()) out.push({ device: d, transport: t.kind, profile: profileFor(d, preferredProfile)?.id });
      }
      return out;
    },
    stats: () => active?.decoder.stats,
  };
  return service;
}
