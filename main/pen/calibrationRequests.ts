import { join } from 'node:path';
import { ContractError } from '../../preload/common/contract';
import type { RequestHandlers } from '../contract/contractHost';
import type { EventHub } from '../contract/eventHub';
import { CalibrationStore } from './calibrationStore';
import { stationText } from '../../preload/common/stationText';

type CalibrationRequest = 'pen.calibrate' | 'pen.calibration' | 'pen.saveCalibration';

export interface CalibrationRequestOptions {
  store: CalibrationStore;
  events: Pick<EventHub, 'publish'>;
  /** True while the customer's screen shows no signing (a calibration must never interrupt one). */
  customerScreenFree: () => boolean;
  /** How long the customer's screen may take to answer the teller's request. */
  answerWithinMs?: number;
  now?: () => number;
}

/** Where the station keeps its pen calibrations. */
export const calibrationFile = (storageDir: string) => join(storageDir, 'pen', 'calibrations.json');

/**
 * The pen-calibration requests. The teller starts a calibration; only then may the customer's
 * window store one (a customer page cannot quietly move everyone's ink), and only once per
 * request. Reading a calibration needs no request: the customer page applies it to map its pen.
 */
export function calibrationRequestHandlers(o: CalibrationRequestOptions): Pick<RequestHandlers, CalibrationRequest> {
  const now = o.now ?? Date.now;
  let requestedUntil = 0;
  return {
    'pen.calibrate': () => {
      if (!o.customerScreenFree()) throw new ContractError('bad-state', 'Calibrate the pen when no signing is open on the customer screen.', stationText('calibrate-when-free'));
      requestedUntil = now() + (o.answerWithinMs ?? 10 * 60_000);
      o.events.publish('pen.calibrationRequested', {});
      return { ok: true as const };
    },
    'pen.calibration': async ({ device, window }) => ({ calibration: await o.store.load(device, window) }),
    'pen.saveCalibration': async (calibration) => {
      if (now() > requestedUntil) throw new ContractError('forbidden', 'No pen calibration was asked for by the teller.', stationText('calibration-not-asked'));
      if (!o.customerScreenFree()) throw new ContractError('bad-state', 'A signing started: the calibration was not stored.', stationText('calibration-not-stored'));
      requestedUntil = 0;
      await o.store.save(calibration);
      o.events.publish('pen.calibrationSaved', { device: calibration.device, maxErrorPx: calibration.maxErrorPx });
      return { ok: true as const };
    },
  };
}
