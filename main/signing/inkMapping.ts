import type { InkPoint, PenDeviceInfo, PenSample } from '../../native/pen/penSample';
import { padInkMapping } from '../../native/ink/liveInk';

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
 * No calibration is applied here or by the pen service: a pen display's four-point calibration is
 * applied on the customer's page to its WebHID samples (renderer/components/webHidSampleMapping.ts).
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

/** Where the customer's page draws the signature box: as fractions of its screen, and the screen in CSS pixels. */
export interface BoxOnScreen {
  box: ScreenBox | undefined;
  screen: { width: number; height: number } | undefined;
}

const isPenDisplay = (source: PenDeviceInfo['source']) => source === 'usb-hid' || source === 'webhid';

/**
 * The mapping of one batch of a device the station reads into box ink. A pen display's samples are
 * placed where the pen is on the screen. A pad (Wacom STU, the simulated pen) is fitted into the box
 * uniformly and centred (padInkMapping), so the screen shows the drawn aspect, as the sealed PDF
 * does; stretched only when the box's size in pixels or the device is unknown (nothing to fit by).
 */
export function deviceInkMapping(source: PenDeviceInfo['source'], device: PenDeviceInfo | undefined, where: BoxOnScreen): (s: PenSample) => InkPoint {
  if (isPenDisplay(source)) return (s) => mapSampleToBox(s, where.box);
  const { box, screen } = where;
  if (device && box && screen) return padInkMapping(device, { width: box.width * screen.width, height: box.height * screen.height });
  return (s) => mapSampleToBox(s, undefined);
}
