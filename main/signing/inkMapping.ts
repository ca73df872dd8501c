import type { InkPoint, PenSample } from '../../native/pen/penSample';

export interface ScreenBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * Maps a device sample into signature-box coordinates (0..1 across and down).
 * On a pen display the digitizer covers the screen, so the sample's screen position is placed
 * relative to where the box is drawn; a signature pad (or the simulated pen) *is* the box.
 * Calibration (a four-point correction per device) is applied by the pen service before this.
 */
export function mapSampleToBox(s: PenSample, boxOnScreen: ScreenBox | undefined): InkPoint {
  if (!boxOnScreen) return { x: s.nx, y: s.ny, p: s.np, t: s.t };
  return {
    x: (s.nx - boxOnScreen.x) / boxOnScreen.width,
    y: (s.ny - boxOnScreen.y) / boxOnScreen.height,
    p: s.np,
    t: s.t,
  };
}
