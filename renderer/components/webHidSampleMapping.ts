import { applyHomography, type Homography } from '../../native/calibration/fourPointCalibration';
import type { InkBox } from '../../native/ink/liveInk';
import type { PenSample } from '../../native/pen/penSample';
import { pinToContractRange as pin } from './boxPosition';

/**
 * A WebHID pen display's sample → the signature box. The display covers the customer's window
 * (kiosk, full screen), so the device's normalised position is a window position; a stored
 * four-point calibration replaces that guess with the measured device → window mapping (offset,
 * rotation, keystone). Only nx/ny change: x, y and pressure stay the device's raw values, which
 * is what the biometric record must keep.
 */
export interface WindowSize {
  width: number;
  height: number;
}


export function windowPointOf(s: PenSample, window: WindowSize, calibration?: { matrix: Homography }): { x: number; y: number } {
  if (calibration) return applyHomography(calibration.matrix, { x: s.x, y: s.y });
  return { x: s.nx * window.width, y: s.ny * window.height };
}

export function sampleInBox(s: PenSample, window: WindowSize, box: InkBox, calibration?: { matrix: Homography }): PenSample {
  const w = windowPointOf(s, window, calibration);
  return { ...s, nx: pin((w.x - box.left) / box.width), ny: pin((w.y - box.top) / box.height) };
}
