import type { LogWriter } from '../logging/logger';
import { createPenService, type PenService } from './penService';
import { NodeHidTransport } from './nodeHidTransport';
import { createSimulatedPen, type SimulatedPenSource } from './simulatedPenSources';

/** The `pen` section of the station configuration (main/config/stationConfigSchema.ts). */
export interface PenConfig {
  profile: string;
  device: string;
  simulate: boolean;
  simulatedSource?: string;
  fallbackToSimulated?: boolean;
  hotPlugIntervalMs?: number;
}

/**
 * The pen service as the station composes it: USB pens through node-hid, the simulated pen when
 * none is present (or when the configuration asks for it).
 */
export function createStationPenService(config: PenConfig, log?: LogWriter): PenService {
  const source: SimulatedPenSource =
    !config.simulatedSource || config.simulatedSource === 'auto' ? 'auto'
      : config.simulatedSource === 'stu-logs' || config.simulatedSource === 'synthetic' ? config.simulatedSource
        : { recording: config.simulatedSource };
  return createPenService({
    transports: [new NodeHidTransport()],
    simulated: () => createSimulatedPen({ source }),
    profile: config.profile,
    device: config.device,
    simulate: config.simulate,
    fallbackToSimulated: config.fallbackToSimulated ?? true,
    hotPlugIntervalMs: config.hotPlugIntervalMs ?? 1000,
    log,
  });
}
