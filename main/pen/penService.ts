import type { PenReportDecoder, DecodeStats } from '../../native/hid/decode/penReportDecoder';
import type { PenDeviceInfo, PenSample, PenSourceKind, SampleGap } from '../../native/pen/penSample';
import type { PenProfile } from '../../native/profiles/penProfile';
import { profileFor } from '../../native/profiles/penProfileRegistry';
import { HidAccessDeniedError, vidPid, type HidConnection, type HidDeviceInfo, type HidTransport } from '../../native/transport/hidTransport';
import { defaultScheduler, type Scheduler } from '../../native/transport/simulatedPen';
import type { BiometricRecord, CaptureGap } from './biometricRecord';
import { CaptureRecorder } from './captureRecorder';

/**
 * The pen service the station composes: finds a pen (node-hid, or the simulated pen when none is
 * present), decodes its reports through the matching profile, emits sample batches for the live
 * ink and keeps the biometric record of the current capture. Hot-plug: a pen unplugged during a
 * signature pauses the capture with a clear message and resumes when it is plugged back; the time
 * in between is marked in the record as a gap, never bridged.
 */

/** What the status is about, for the UI's own (translated) wording; `message` is the English sentence for logs. */
export type PenStatusCode =
  | 'searching'
  | 'ready'
  | 'simulated'
  | 'unplugged'
  | 'unplugged-during-capture'
  | 'different-pen'
  | 'access-denied'
  | 'open-failed'
  | 'no-pen'
  | 'paused'
  | 'resumed'
  | 'capture-full'
  | 'stopped';

export interface PenStatus {
  code: PenStatusCode;
  connected: boolean;
  device?: { id: string; product?: string; vendorId?: number; productId?: number };
  profile?: string;
  source: PenSourceKind | 'none';
  /** One sentence for the teller (and the logs). */
  message: string;
  capturing: boolean;
  paused: boolean;
}

export interface PenSampleBatch {
  /** Increments by one per batch: a consumer sees at once if it missed one. */
  seq: number;
  samples: PenSample[];
  source: PenSourceKind;
  /** Gaps that opened or closed since the previous batch. */
  gaps: SampleGap[];
  /** The device that produced the samples (ranges, size): a pad's ink is fitted to the box by it. */
  device?: PenDeviceInfo;
}

export type PenLogLevel = 'info' | 'warn' | 'error';

const NO_PEN = 'No pen found. Connect a signature pad or pen display.';

export interface PenServiceOptions {
  /** Hardware transports searched for a pen, in order (the station passes a NodeHidTransport). */
  transports?: HidTransport[];
  /** The simulated pen, used when no device is present (or when `simulate` is set). */
  simulated?: () => HidTransport | Promise<HidTransport>;
  /** 'auto' or a profile id (config pen.profile). */
  profile?: string;
  /** 'vid:pid' of the device to use when several are present (config pen.device). */
  device?: string;
  /** Use the simulated pen even if a device is present (config pen.simulate). */
  simulate?: boolean;
  /** Fall back to the simulated pen when no device is present (default true). */
  fallbackToSimulated?: boolean;
  /** How often to look for plugged and unplugged devices. */
  hotPlugIntervalMs?: number;
  /**
   * 0 (default): a batch goes out at the end of each event-loop turn (lowest latency). A few ms:
   * fewer, larger batches (e.g. 4 ms for Electron IPC at 8 kHz: 250 messages/s instead of 8000).
   */
  batchWindowMs?: number;
  /**
   * Most samples one capture keeps (default 2 000 000: over 4 minutes at 8 kHz). A capture left
   * running must not eat the station's memory: beyond this the record stops growing, the rest is
   * marked as a gap and the teller is told.
   */
  maxCaptureSamples?: number;
  scheduler?: Scheduler;
  log?: (level: PenLogLevel, message: string) => void;
}

export interface PenService {
  start(): Promise<void>;
  stop(): Promise<void>;
  status(): PenStatus;
  onSamples(listener: (batch: PenSampleBatch) => void): () => void;
  onStatus(listener: (status: PenStatus) => void): () => void;
  /** Starts a new biometric record (and the pad's signing mode, e.g. STU inking). */
  beginCapture(): Promise<void>;
  /** Ends the capture and returns its record. */
  endCapture(): Promise<BiometricRecord>;
  /** Discards the current capture (customer pressed "clear"), keeping the capture running. */
  clearCapture(): void;
  pause(): void;
  resume(): void;
  /** Sends feature reports to the device (e.g. the STU's signing-screen image upload). */
  sendFeatureReports(reports: Uint8Array[]): Promise<void>;
  /** Devices found now, with the profile that would drive each. */
  listDevices(): Promise<{ device: HidDeviceInfo; transport: PenSourceKind; profile?: string }[]>;
  /** Decoder counters of the current device. */
  stats(): DecodeStats | undefined;
}

interface Active {
  transport: HidTransport;
  connection: HidConnection;
  profile: PenProfile;
  decoder: PenReportDecoder;
  source: PenSourceKind;
}

export function createPenService(options: PenServiceOptions = {}): PenService {
  const scheduler = options.scheduler ?? defaultScheduler;
  const log = options.log ?? (() => undefined);
  const preferredProfile = options.profile ?? 'auto';
  const wantedDevice = (options.device ?? '').toLowerCase();
  const hotPlugMs = options.hotPlugIntervalMs ?? 1000;
  const fallback = options.fallbackToSimulated ?? true;

  const sampleListeners = new Set<(b: PenSampleBatch) => void>();
  const statusListeners = new Set<(s: PenStatus) => void>();
  let active: Active | undefined;
  let simulated: HidTransport | undefined;
  let capture: CaptureRecorder | undefined;
  let paused = false;
  let running = false;
  let pollTimer: unknown;
  let polling = false;
  let lastDevice: HidDeviceInfo | undefined;
  let missingPolls = 0;
  let batchSeq = 0;
  let pending: PenSample[] = [];
  let pendingGaps: SampleGap[] = [];
  let flushQueued = false;
  const errorCounts = new Map<string, number>();
  let current: PenStatus = { code: 'searching', connected: false, source: 'none', message: 'Looking for a pen…', capturing: false, paused: false };

  /** A failing listener is logged; it never stops the pen (nor takes the process down from a microtask). */
  const safely = (fn: () => void, what: string) => {
    try {
      fn();
    } catch (err) {
      log('error', `pen: a ${what} failed: ${(err as Error).message}`);
    }
  };

  const setStatus = (patch: Partial<PenStatus>) => {
    current = { ...current, ...patch, capturing: capture !== undefined, paused };
    if (patch.message) log(current.connected ? 'info' : 'warn', `pen: ${current.message}`);
    for (const l of statusListeners) safely(() => l(current), 'status listener');
  };

  const flush = () => {
    flushQueued = false;
    if (!pending.length && !pendingGaps.length) return;
    const batch: PenSampleBatch = { seq: ++batchSeq, samples: pending, gaps: pendingGaps, source: active?.source ?? 'simulated', device: active?.decoder.device };
    pending = [];
    pendingGaps = [];
    for (const l of sampleListeners) safely(() => l(batch), 'sample listener');
  };
  const batchWindowMs = options.batchWindowMs ?? 0;
  const maxCaptureSamples = options.maxCaptureSamples ?? 2_000_000;
  const queueFlush = () => {
    if (flushQueued) return;
    flushQueued = true;
    // Everything that arrives in the same turn of the event loop (or window) goes out as one batch.
    if (batchWindowMs > 0) scheduler.setTimeout(flush, batchWindowMs);
    else queueMicrotask(flush);
  };

  const addGap = (gap: CaptureGap) => {
    if (capture) capture.gap(gap);
    pendingGaps.push(gap);
    queueFlush();
  };

  const onSample = (s: PenSample) => {
    if (paused) return;
    // The pen is back: the open gap closes at the first new sample.
    const closed = capture?.closeOpenGap(s.t);
    if (closed) {
      pendingGaps.push(closed);
      queueFlush();
    }
    if (capture) {
      const wasFull = capture.full;
      capture.add([s]);
      if (capture.full && !wasFull) {
        setStatus({ code: 'capture-full', message: `The signature is longer than ${maxCaptureSamples} samples: the rest is not recorded. End it and start again.` });
      }
    }
    pending.push(s);
    queueFlush();
  };

  const logDecodeError = (kind: string, message: string) => {
    const n = (errorCounts.get(kind) ?? 0) + 1;
    errorCounts.set(kind, n);
    // The first few of each kind, then every thousandth: a stream of bad reports must not flood the log.
    if (n <= 5 || n % 1000 === 0) log('warn', `pen: ${kind} report (${n} so far): ${message}`);
  };

  const openGap = (reason: CaptureGap['reason']) => {
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
        log('warn', `pen: could not read feature report 0x${id.toString(16)} from ${describe(device)}: ${(err as Error).message}`);
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
      if (!running) return;
      openGap('device-unplugged');
      setStatus({
        code: capture ? 'unplugged-during-capture' : 'unplugged',
        connected: false,
        message: capture
          ? `The pen ${describe(device)} was disconnected during the signature. Plug it back in to continue; the interruption is recorded.`
          : `The pen ${describe(device)} was disconnected${reason ? ` (${reason.message})` : ''}.`,
      });
      schedulePoll(0);
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

  async function hardwareCandidates(): Promise<{ transport: HidTransport; device: HidDeviceInfo; profile: PenProfile; score: number }[]> {
    const out: { transport: HidTransport; device: HidDeviceInfo; profile: PenProfile; score: number }[] = [];
    for (const transport of options.transports ?? []) {
      let devices: HidDeviceInfo[];
      try {
        devices = await transport.list();
      } catch (err) {
        logDecodeError('transport', `cannot list ${transport.kind} devices: ${(err as Error).message}`);
        continue;
      }
      for (const device of devices) {
        if (wantedDevice && vidPid(device) !== wantedDevice) continue;
        const profile = profileFor(device, preferredProfile);
        if (!profile) continue;
        let score = profile.match(device);
        // The pen unplugged a moment ago comes first when it returns.
        if (lastDevice && vidPid(lastDevice) === vidPid(device) && lastDevice.serialNumber === device.serialNumber) score += 1000;
        out.push({ transport, device, profile, score });
      }
    }
    return out.sort((a, b) => b.score - a.score);
  }

  async function useSimulated(): Promise<boolean> {
    if (!options.simulated) return false;
    try {
      simulated ??= await options.simulated();
    } catch (err) {
      // E.g. a configured recording that is not there: say so, keep looking for real pens.
      log('error', `pen: the simulated pen cannot start: ${(err as Error).message}`);
      return false;
    }
    const [device] = await simulated.list();
    if (!device) return false;
    const profile = profileFor(device, 'auto');
    if (!profile) {
      log('error', `pen: no profile can decode the simulated pen ${describe(device)}`);
      return false;
    }
    await connect(simulated, device, profile);
    return true;
  }

  async function poll(): Promise<void> {
    if (!running || polling) return;
    polling = true;
    try {
      if (options.simulate) {
        if (!active) await useSimulated();
        return;
      }
      // Some platforms do not report an unplug as a read error: a device gone from the list for two
      // polls in a row counts as unplugged.
      if (active && active.source !== 'simulated') {
        const listed = await active.transport.list().then((l) => l.some((d) => d.id === active!.connection.info.id), () => true);
        missingPolls = listed ? 0 : missingPolls + 1;
        if (missingPolls >= 2) {
          missingPolls = 0;
          const gone = active;
          await gone.connection.close().catch(() => undefined);
          // close() reports through onClose, which marks the gap; make sure it happened.
          if (active === gone) active = undefined;
        }
        return;
      }
      // A real pen beats the simulated one, but never switch devices in the middle of a signature.
      if (active && capture) return;
      let candidates = await hardwareCandidates();
      // A signature continues only on the pen it began on: samples of another device (other ranges,
      // other sensor) must not join its record. Another pen waits until the capture ends.
      const capturedOn = capture && capture.sampleCount > 0 && capture.device.source !== 'simulated' ? lastDevice : undefined;
      if (capturedOn) {
        const same = candidates.filter((c) => vidPid(c.device) === vidPid(capturedOn) && c.device.serialNumber === capturedOn.serialNumber);
        if (!same.length && candidates.length && current.code !== 'different-pen') {
          setStatus({
            code: 'different-pen',
            connected: false,
            message: `A different pen (${describe(candidates[0].device)}) was connected during the signature. Reconnect ${describe(capturedOn)}, or start the signature again.`,
          });
        }
        candidates = same;
      }
      for (const c of candidates) {
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
    } finally {
      polling = false;
    }
  }

  function schedulePoll(ms: number): void {
    if (!running) return;
    if (pollTimer !== undefined) scheduler.clearTimeout(pollTimer);
    pollTimer = scheduler.setTimeout(async () => {
      pollTimer = undefined;
      await poll().catch((err) => log('error', `pen: ${(err as Error).message}`));
      schedulePoll(hotPlugMs);
    }, ms);
  }

  const service: PenService = {
    async start() {
      if (running) return;
      running = true;
      try {
        await poll();
      } finally {
        // Whatever the first look found, keep watching for pens being plugged in.
        schedulePoll(hotPlugMs);
      }
    },
    async stop() {
      running = false;
      if (pollTimer !== undefined) scheduler.clearTimeout(pollTimer);
      pollTimer = undefined;
      const a = active;
      active = undefined;
      if (a) await a.connection.close().catch(() => undefined);
      flush();
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
          await active.connection.sendFeatureReport(c.data).catch((err) => log('warn', `pen: ${c.purpose} failed: ${(err as Error).message}`));
        }
      }
      setStatus({});
    },
    async endCapture() {
      flush();
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
