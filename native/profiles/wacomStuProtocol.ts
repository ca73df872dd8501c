/**
 * Wacom STU signature-pad protocol (STU-430/530/540, USB 056A:00A4/00A5/00A8): the reports the
 * station reads and writes. Multi-byte values are big-endian except the image-block length.
 * Pure: encode and decode only, no I/O. The same code builds reports for the simulated pad.
 */

export const StuReportId = {
  penData: 0x01,
  status: 0x03,
  information: 0x08,
  capability: 0x09,
  clearScreen: 0x20,
  inkingMode: 0x21,
  writeImageStart: 0x25,
  writeImageData: 0x26,
  writeImageEnd: 0x27,
  penDataTimeCountSequence: 0x34,
} as const;

/** Bytes including the report-ID byte. */
export const STU_PEN_DATA_LENGTH = 7;
export const STU_PEN_DATA_TCS_LENGTH = 11;
/** Image data per WriteImageData block. */
export const STU_IMAGE_BLOCK_BYTES = 253;

export interface StuPenData {
  /** The pen is within range ("ready"). */
  rdy: boolean;
  /** Switch bits (bit 0: tip switch). */
  sw: number;
  /** 12-bit pressure. */
  pressure: number;
  x: number;
  y: number;
}

export interface StuPenDataTimeCountSequence extends StuPenData {
  /** Free-running 1 ms counter (16 bits). */
  timeCount: number;
  /** Report sequence number (16 bits): a skipped number is a lost report. */
  sequence: number;
}

export function decodeStuPenData(r: Uint8Array): StuPenData {
  return {
    rdy: (r[1] & 0x80) !== 0,
    sw: (r[1] >> 4) & 0x07,
    pressure: ((r[1] & 0x0f) << 8) | r[2],
    x: (r[3] << 8) | r[4],
    y: (r[5] << 8) | r[6],
  };
}

export function decodeStuPenDataTimeCountSequence(r: Uint8Array): StuPenDataTimeCountSequence {
  return {
    rdy: (r[1] & 0x80) !== 0,
    sw: (r[1] >> 4) & 0x07,
    pressure: ((r[1] & 0x0f) << 8) | r[2],
    x: (r[3] << 8) | r[4],
    y: (r[5] << 8) | r[6],
    timeCount: (r[7] << 8) | r[8],
    sequence: (r[9] << 8) | r[10],
  };
}

function writePen(out: Uint8Array, p: StuPenData): void {
  out[1] = (p.rdy ? 0x80 : 0) | ((p.sw & 0x07) << 4) | ((p.pressure >> 8) & 0x0f);
  out[2] = p.pressure & 0xff;
  out[3] = (p.x >> 8) & 0xff;
  out[4] = p.x & 0xff;
  out[5] = (p.y >> 8) & 0xff;
  out[6] = p.y & 0xff;
}

export function encodeStuPenData(p: StuPenData): Uint8Array {
  const out = new Uint8Array(STU_PEN_DATA_LENGTH);
  out[0] = StuReportId.penData;
  writePen(out, p);
  return out;
}

export function encodeStuPenDataTimeCountSequence(p: StuPenDataTimeCountSequence): Uint8Array {
  const out = new Uint8Array(STU_PEN_DATA_TCS_LENGTH);
  out[0] = StuReportId.penDataTimeCountSequence;
  writePen(out, p);
  out[7] = (p.timeCount >> 8) & 0xff;
  out[8] = p.timeCount & 0xff;
  out[9] = (p.sequence >> 8) & 0xff;
  out[10] = p.sequence & 0xff;
  return out;
}

/** Capability (feature 0x09): the pad's ranges and screen. */
export interface StuCapability {
  tabletMaxX: number;
  tabletMaxY: number;
  tabletMaxPressure: number;
  screenWidth: number;
  screenHeight: number;
  maxReportRate: number;
  /** Lines per inch of the digitizer. */
  resolution: number;
}

export const STU_CAPABILITY_LENGTH = 14;

export function decodeStuCapability(r: Uint8Array): StuCapability | undefined {
  if (r.length < STU_CAPABILITY_LENGTH || r[0] !== StuReportId.capability) return undefined;
  const u16 = (i: number) => (r[i] << 8) | r[i + 1];
  return {
    tabletMaxX: u16(1),
    tabletMaxY: u16(3),
    tabletMaxPressure: u16(5),
    screenWidth: u16(7),
    screenHeight: u16(9),
    maxReportRate: r[11],
    resolution: u16(12),
  };
}

export function encodeStuCapability(c: StuCapability): Uint8Array {
  const r = new Uint8Array(STU_CAPABILITY_LENGTH);
  r[0] = StuReportId.capability;
  const put = (i: number, v: number) => {
    r[i] = (v >> 8) & 0xff;
    r[i + 1] = v & 0xff;
  };
  put(1, c.tabletMaxX);
  put(3, c.tabletMaxY);
  put(5, c.tabletMaxPressure);
  put(7, c.screenWidth);
  put(9, c.screenHeight);
  r[11] = c.maxReportRate;
  put(12, c.resolution);
  return r;
}

/** Information (feature 0x08): model name and firmware. */
export interface StuInformation {
  modelName: string;
  firmwareMajor: number;
  firmwareMinor: number;
}

export function decodeStuInformation(r: Uint8Array): StuInformation | undefined {
  if (r.length < 12 || r[0] !== StuReportId.information) return undefined;
  let name = '';
  for (let i = 1; i < 10 && r[i] !== 0; i++) name += String.fromCharCode(r[i]);
  return { modelName: name.trim(), firmwareMajor: r[10], firmwareMinor: r[11] };
}

export function encodeStuInformation(info: StuInformation): Uint8Array {
  const r = new Uint8Array(17);
  r[0] = StuReportId.information;
  for (let i = 0; i < 9 && i < info.modelName.length; i++) r[1 + i] = info.modelName.charCodeAt(i) & 0x7f;
  r[10] = info.firmwareMajor;
  r[11] = info.firmwareMinor;
  return r;
}

/** ClearScreen (feature 0x20). */
export const stuClearScreen = (): Uint8Array => new Uint8Array([StuReportId.clearScreen, 0x00]);

/** InkingMode (feature 0x21): the pad draws the ink on its own LCD while the customer signs. */
export const stuInkingMode = (on: boolean): Uint8Array => new Uint8Array([StuReportId.inkingMode, on ? 0x01 : 0x00]);

/**
 * The feature reports that put an image on the pad's LCD: WriteImageStart (0x25), one
 * WriteImageData (0x26) per 253-byte block (length little-endian, block zero-padded), WriteImageEnd (0x27).
 */
export function stuImageUploadReports(image: Uint8Array, encoding: number /* 0x00 monochrome, 0x02 RGB565, 0x04 24-bit */): Uint8Array[] {
  const reports: Uint8Array[] = [new Uint8Array([StuReportId.writeImageStart, encoding])];
  for (let at = 0; at < image.length; at += STU_IMAGE_BLOCK_BYTES) {
    const chunk = image.subarray(at, at + STU_IMAGE_BLOCK_BYTES);
    const block = new Uint8Array(3 + STU_IMAGE_BLOCK_BYTES);
    block[0] = StuReportId.writeImageData;
    block[1] = chunk.length & 0xff;
    block[2] = (chunk.length >> 8) & 0xff;
    block.set(chunk, 3);
    reports.push(block);
  }
  reports.push(new Uint8Array([StuReportId.writeImageEnd, 0x00]));
  return reports;
}

/**
 * Packs an 8-bit grey image (row-major, 0 black … 255 white) into the 1-bit format of the
 * monochrome pads: rows padded to whole bytes, most significant bit first, 1 = dark pixel.
 */
export function packStuMonochrome(grey: Uint8Array, width: number, height: number, threshold = 128): Uint8Array {
  if (grey.length < width * height) throw new Error(`image has ${grey.length} pixels, ${width}×${height} needs ${width * height}`);
  const stride = (width + 7) >> 3;
  const out = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (grey[y * width + x] < threshold) out[y * stride + (x >> 3)] |= 0x80 >> (x & 7);
    }
  }
  return out;
}
