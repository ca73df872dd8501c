import type { PenDeviceInfo, PenSample, PenSourceKind } from '../../native/pen/penSample';
import { SimulatedPenTransport } from '../../native/transport/simulatedPen';
import type { BiometricRecord } from '../pen/biometricRecord';
import { createPenService, type PenService, type PenStatus } from '../pen/penService';
import { createSimulatedPen, type SimulatedPenSource } from '../pen/simulatedPenSources';
import type { PenInput, PenStatusInfo } from './signingPorts';

/**
 * The session's view of the pen: the station's pen service (USB HID devices, hot-plug, its own
 * biometric record with gaps) plus, when no device is plugged in, the simulated pen, which plays a
 * recorded signature on the teller's request ("Sign with simulated pen") through the very same
 * profiles and decoders. A customer can always sign with the mouse or a Pointer Events pen instead.
 */
export function createPenInput(service: PenService, options: { simulatedSource?: SimulatedPenSource; simulationAvailable?: boolean } = {}): PenInput {
  const sampleListeners = new Set<(samples: PenSample[], source: PenSourceKind, device?: PenDeviceInfo) => void>();
  const statusListeners = new Set<(status: PenStatusInfo) => void>();
  /** The one-shot simulated pen of the current capture, if the teller asked for one. */
  let simulation: PenService | undefined;
  let capturing = false;
  /** Until when the simulated pen is still writing its recorded signature (ms since the epoch). */
  let replayUntil = 0;

  const describe = (s: PenStatus): PenStatusInfo => {
    if (s.connected && s.source !== 'none') {
      return { connected: true, source: s.source, device: s.device?.product ?? s.device?.id ?? 'pen', profile: s.profile ?? 'unknown', ...(s.paused ? { code: s.code, message: s.message } : {}) };
    }
    if (options.simulationAvailable === false) return { connected: false, source: 'pointer-events', device: 'No pen', profile: 'none', code: s.code, message: s.message };
    return { connected: true, source: 'simulated', device: 'Simulated pen', profile: 'replay', code: 'simulated', message: 'No pen device found: the customer can sign with the mouse, or use the simulated pen.' };
  };

  service.onSamples((batch) => {
    for (const l of sampleListeners) l(batch.samples, batch.source, batch.device);
  });
  service.onStatus((s) => {
    const info = describe(s);
    for (const l of statusListeners) l(info);
  });

  const stopSimulation = async () => {
    const s = simulation;
    simulation = undefined;
    replayUntil = 0;
    if (s) await s.stop().catch(() => undefined);
  };

  return {
    status: () => describe(service.status()),
    onSamples(listener) {
      sampleListeners.add(listener);
      return () => sampleListeners.delete(listener);
    },
    onStatus(listener) {
      statusListeners.add(listener);
      return () => statusListeners.delete(listener);
    },
    async beginCapture() {
      await stopSimulation();
      capturing = true;
      if (service.status().connected) await service.beginCapture();
    },
    async endCapture(): Promise<BiometricRecord | undefined> {
      capturing = false;
      const source = simulation ?? (service.status().capturing ? service : undefined);
      if (!source) return undefined;
      try {
        const record = await source.endCapture();
        return record.samples.length ? record : undefined;
      } finally {
        await stopSimulation();
      }
    },
    clearCapture() {
      if (simulation) void stopSimulation();
      else if (service.status().capturing) service.clearCapture();
    },
    async simulateSignature() {
      if (service.status().connected) throw new Error('A real pen is connected: sign with it.');
      if (!capturing) throw new Error('No signature is being captured.');
      await stopSimulation();
      // One recorded signature, played once at its recorded rhythm.
      const all = await createSimulatedPen({ source: options.simulatedSource ?? 'auto', loop: false });
      const streams = all.options.streams;
      const stream = streams[Math.floor(Math.random() * streams.length)];
      const one = new SimulatedPenTransport({ streams: [stream], timing: 'recorded', loop: false });
      const shot = createPenService({ simulated: () => one, simulate: true, hotPlugIntervalMs: 60_000 });
      simulation = shot;
      shot.onSamples((batch) => {
        for (const l of sampleListeners) l(batch.samples, 'simulated', batch.device && { ...batch.device, source: 'simulated' });
      });
      await shot.start();
      await shot.beginCapture();
      const reports = stream.reports;
      // Its recorded length, and a little for the last frame of ink to reach the screens.
      replayUntil = Date.now() + (reports.length ? reports[reports.length - 1].t - reports[0].t : 0) + 300;
    },
    replaying: () => simulation !== undefined && Date.now() < replayUntil,
    async close() {
      await stopSimulation();
      await service.stop();
    },
  };
}
