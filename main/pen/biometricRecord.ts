import type { PenDeviceInfo, PenSample } from '../../native/pen/penSample';

/** A stretch of time in which samples may be missing (device unplugged, reports lost): marked, never papered over. */
export interface CaptureGap {
  /** Sample-clock times between which data are missing. */
  fromT: number;
  toT: number;
  reason: 'device-unplugged' | 'reports-lost' | 'paused';
  /** Reports known to be lost (from sequence numbers), where countable. */
  lostReports?: number;
}

/**
 * Everything captured for one signature: the raw biometric truth that gets sealed for the escrow
 * holder and that forensic comparison reads. Hover samples (inRange, no tip) are kept too: the
 * pen's movement between strokes is part of how a person writes.
 */
export interface BiometricRecord {
  device: PenDeviceInfo;
  /** All samples in arrival order, hover included. */
  samples: PenSample[];
  gaps: CaptureGap[];
  /** Wall-clock time the capture started (ISO 8601), for provenance only; sample times are relative. */
  capturedAt: string;
}

/** Strokes of a record's samples: the one splitting shared with native/ (the PDF ink, the geometry). */
export { strokesOf, type Stroke } from '../../native/pen/penStrokes';
