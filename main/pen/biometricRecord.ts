import type { PenDeviceInfo, PenSample, SampleGap } from '../../native/pen/penSample';

/**
 * Everything captured for one signature: the raw biometric truth that gets sealed for the escrow
 * holder and that forensic comparison reads. Hover samples (inRange, no tip) are kept too: the
 * pen's movement between strokes is part of how a person writes.
 */
export interface BiometricRecord {
  device: PenDeviceInfo;
  /** All samples in arrival order, hover included. */
  samples: PenSample[];
  gaps: SampleGap[];
  /** Wall-clock time the capture started (ISO 8601), for provenance only; sample times are relative. */
  capturedAt: string;
}

/** Strokes of a record's samples: the one splitting shared with native/ (the PDF ink, the geometry). */
export { strokesOf, type Stroke } from '../../native/pen/penStrokes';
