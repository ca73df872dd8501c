/**
 * HID usages that the pen code cares about, as 32-bit extended usages (page << 16 | id),
 * from the HID Usage Tables 1.x. Pure constants: shared by Node and the browser.
 */
export const UsagePage = {
  genericDesktop: 0x01,
  button: 0x09,
  digitizer: 0x0d,
  /** Wacom's vendor digitizer page: mirrors Generic Desktop, Button and Digitizer usages (see equivalentUsage). */
  wacomDigitizer: 0xff0d,
} as const;

export const usage = (page: number, id: number): number => ((page & 0xffff) << 16 | (id & 0xffff)) >>> 0;

export const Usage = {
  x: usage(0x01, 0x30),
  y: usage(0x01, 0x31),
  mouse: usage(0x01, 0x02),
  pointer: usage(0x01, 0x01),
  digitizer: usage(0x0d, 0x01),
  pen: usage(0x0d, 0x02),
  lightPen: usage(0x0d, 0x03),
  touchScreen: usage(0x0d, 0x04),
  touchPad: usage(0x0d, 0x05),
  stylus: usage(0x0d, 0x20),
  finger: usage(0x0d, 0x22),
  tipPressure: usage(0x0d, 0x30),
  inRange: usage(0x0d, 0x32),
  invert: usage(0x0d, 0x3c),
  xTilt: usage(0x0d, 0x3d),
  yTilt: usage(0x0d, 0x3e),
  azimuth: usage(0x0d, 0x3f),
  altitude: usage(0x0d, 0x40),
  twist: usage(0x0d, 0x41),
  tipSwitch: usage(0x0d, 0x42),
  barrelSwitch: usage(0x0d, 0x44),
  eraser: usage(0x0d, 0x45),
  contactIdentifier: usage(0x0d, 0x51),
  scanTime: usage(0x0d, 0x56),
  secondaryBarrelSwitch: usage(0x0d, 0x5a),
  transducerSerialNumber: usage(0x0d, 0x5b),
} as const;

/**
 * Wacom's vendor page 0xFF0D encodes "sub-page" in the high byte of the 16-bit usage id:
 * 0x0130 is Generic Desktop X, 0x0910 is Button 0x10, and a high byte of 0 means the Digitizer
 * page (0xFF0D:0x42 is Tip Switch). This mirrors the Linux wacom driver's wacom_equivalent_usage(),
 * including the usages it keeps as vendor-specific (sense, serial-hi, tool type, distance, …).
 */
const wacomKeptAsVendor = new Set([0x36, 0x5c, 0x5d, 0x77, 0x132, 0x136, 0x137, 0x138, 0x139]);
/** Sub-pages Linux leaves on the vendor page (pad, buttons, digitizer-info blocks). */
const wacomVendorSubPages = new Set([0x04, 0x09, 0x0d, 0x10]);

export function equivalentUsage(u: number): number {
  const page = u >>> 16;
  if (page !== UsagePage.wacomDigitizer) return u >>> 0;
  const id = u & 0xffff;
  const subPage = id >> 8;
  const subId = id & 0xff;
  if (wacomVendorSubPages.has(subPage) || wacomKeptAsVendor.has(id)) return u >>> 0;
  return usage(subPage === 0 ? UsagePage.digitizer : subPage, subId);
}

/** Short hex form for logs and JSON: "0x000d0042". */
export const usageHex = (u: number): string => '0x' + (u >>> 0).toString(16).padStart(8, '0');
