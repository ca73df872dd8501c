import type { PenDeviceInfo, PenSample, PenSourceKind, SampleGap } from '../../native/pen/penSample';
import { rawUnitSize } from '../../native/pen/captureSurface';
import { ByteReader, ByteWriter, Iso19794FormatError } from './iso19794Bytes';
import type { BiometricRecord } from './biometricRecord';

/**
 * ISO/IEC 19794-7:2007 "Signature/sign time series data", full format: export and import of a
 * BiometricRecord. Pure (no Node built-ins), so the same codec runs wherever a record is handled.
 *
 * Byte layout (all integers big-endian), as the 2007 full format and the open implementations that
 * read it (e.g. BioSignIn's y2007 reader) lay it out:
 *
 *   "SDI\0"  " 10\0"                       format identifier, version
 *   u16 channel inclusion                   bit 15 X, 14 Y, 13 Z, 12 VX, 11 VY, 10 AX, 9 AY, 8 T,
 *                                           7 DT, 6 F, 5 S, 4 TX, 3 TY, 2 AZ, 1 EL, 0 R
 *   per included channel, from bit 15 down: a preamble byte (bit 7 scaling value, 6 minimum,
 *     5 maximum, 4 mean, 3 standard deviation present; 2 constant; 1 linear component removed),
 *     then u16 per present value in that order
 *   u8 reserved (0)
 *   u8 extended data present (0/1)
 *   u24 number of sample points
 *   per point, per included non-constant channel from bit 15 down: u16
 *   [u16 extended data length, extended data]
 *
 * Channel values are 16-bit with a fixed offset per channel: X, Y, VX, VY, AX, AY, TX, TY are
 * signed (stored + 32768), the others unsigned. The scaling value is a 16-bit float
 * (5-bit exponent biased by 16, 11-bit fraction: 2^(e-16) × (1 + f/2048)) giving channel units
 * per SI unit: X/Y per metre, T per second, angles (TX, TY, AZ, EL, R) per degree here.
 *
 * What the station writes: X, Y (device units, scaled down only when the device range exceeds
 * 16 bits), T (ms, or coarser/finer so the signature fits 16 bits), F (raw pressure), S (tip),
 * TX/TY when the device gives tilt, else AZ/EL when it gives those, R for twist. Hover samples are
 * kept (S = 0). The extended data carry what the standard has no channel for, as JSON behind the
 * tag "SSTA1": device provenance, capture gaps, in-range and button bits, the wall-clock start.
 * Readers that do not know the tag ignore it, as the standard intends.
 */

export { Iso19794FormatError };

/** Channel bit positions in the inclusion field. */
export const IsoChannel = { X: 15, Y: 14, Z: 13, VX: 12, VY: 11, AX: 10, AY: 9, T: 8, DT: 7, F: 6, S: 5, TX: 4, TY: 3, AZ: 2, EL: 1, R: 0 } as const;
type ChannelName = keyof typeof IsoChannel;
const signedChannels = new Set<number>([15, 14, 12, 11, 10, 9, 4, 3]);
const channelOffset = (bit: number) => (signedChannels.has(bit) ? -32768 : 0);

const Attr = { scaling: 7, min: 6, max: 5, mean: 4, stddev: 3, constant: 2, linearRemoved: 1 } as const;

export interface IsoChannelDescription {
  scaling?: number;
  min?: number;
  max?: number;
  mean?: number;
  stddev?: number;
  constant?: boolean;
  linearRemoved?: boolean;
}

const FORMAT_ID = [0x53, 0x44, 0x49, 0x00];
const VERSION = [0x20, 0x31, 0x30, 0x00];
const EXT_TAG = 'SSTA1';

/** Encodes a positive scaling value in the 2007 16-bit float; throws if it cannot be represented. */
export function encodeScaling(value: number): number {
  if (!(value > 0) || !Number.isFinite(value)) throw new Iso19794FormatError(`scaling value ${value} is not positive`);
  let exp = Math.floor(Math.log2(value));
  let frac = Math.round((value / 2 ** exp - 1) * 2048);
  if (frac === 2048) {
    exp++;
    frac = 0;
  }
  if (exp < -16 || exp > 15) throw new Iso19794FormatError(`scaling value ${value} out of range`);
  return ((exp + 16) << 11) | frac;
}

export function decodeScaling(raw: number): number {
  return 2 ** ((raw >> 11) - 16) * (1 + (raw & 0x7ff) / 2048);
}

const clamp16 = (v: number, bit: number) => {
  const off = channelOffset(bit);
  return Math.min(65535, Math.max(0, Math.round(v) - off));
};

interface ExtendedData {
  tag: typeof EXT_TAG;
  device: PenDeviceInfo;
  capturedAt: string;
  gaps: SampleGap[];
  /** Per sample: bit 0 inRange, bits 1.. buttons (<< 1). */
  flags: number[];
  /** Time of the first sample in the record's clock (T is stored relative to it). */
  t0: number;
  /** Horizontal and vertical scale applied to device units (1 = raw units). */
  kx: number;
  ky: number;
  /** Pressure scale (1 = raw units; Pointer Events pressures 0..1 are scaled up to keep their precision). */
  kp?: number;
}

/** A CSS pixel is 1/96 inch by definition; the screen's real pixel may differ, but both axes alike. */
const CSS_PIXEL_MM = 25.4 / 96;

/** Raw units per metre along x and y: from millimetres, else from pixels (nominal CSS pixel), else 0.1 mm per unit on both axes. */
function rawUnitsPerMetre(device: PenDeviceInfo): { x: number; y: number } {
  const u = rawUnitSize(device);
  const mmPer = u.unit === 'mm' ? 1 : u.unit === 'px' ? CSS_PIXEL_MM : 0.1;
  return { x: 1000 / (u.x * mmPer), y: 1000 / (u.y * mmPer) };
}

/** Encodes a record. Throws Iso19794FormatError if the record cannot be represented (e.g. > 16M samples). */
export function encodeIso19794_7(record: BiometricRecord): Uint8Array {
  const { samples, device } = record;
  if (samples.length > 0xffffff) throw new Iso19794FormatError(`${samples.length} samples exceed the 24-bit count`);
  const [xMin, xMax] = device.xRange;
  const [yMin, yMax] = device.yRange;
  // Store device units relative to the range minimum; scale down only when the span exceeds 16 bits
  // or the resolution exceeds what the scaling value can say (65535 units per metre ≈ 0.015 mm).
  // X and Y say their units per metre from one geometry (captureSurface), so a reader that draws
  // the record in metres sees the shape that was drawn, never one stretched by the device's ranges.
  const { x: rawPerMetreX, y: rawPerMetreY } = rawUnitsPerMetre(device);
  // Fractional coordinates (Pointer Events' CSS pixels) are scaled up to use the 16 bits; device
  // units are never scaled up (they are integers already).
  const fractionalXY = samples.some((s) => !Number.isInteger(s.x) || !Number.isInteger(s.y));
  const upTo = fractionalXY ? Infinity : 1;
  const kx = Math.min(upTo, 32767 / Math.max(1e-9, xMax - xMin), 65000 / rawPerMetreX);
  const ky = Math.min(upTo, 32767 / Math.max(1e-9, yMax - yMin), 65000 / rawPerMetreY);
  const [pMin, pMax] = device.pressureRange;
  const fractionalP = samples.some((s) => !Number.isInteger(s.pressure));
  const kp = fractionalP ? 65535 / Math.max(1e-9, pMax) : pMax > 65535 ? 65535 / pMax : 1;
  const t0 = samples.length ? samples[0].t : 0;
  const duration = samples.length ? Math.max(0, samples[samples.length - 1].t - t0) : 0;
  // The finest time unit (0.1 ms … 100 ms) in which the whole signature fits 16 bits.
  const tPerSecond = [10000, 1000, 100, 10].find((s) => (duration * s) / 1000 <= 65535) ?? 1;
  const hasTilt = samples.some((s) => s.tiltX !== undefined || s.tiltY !== undefined);
  const hasAzEl = !hasTilt && samples.some((s) => s.azimuth !== undefined || s.altitude !== undefined);
  const hasTwist = samples.some((s) => s.twist !== undefined);

  // Units per metre of the stored (scaled) values.
  const xPerMetre = rawPerMetreX * kx;
  const yPerMetre = rawPerMetreY * ky;

  const channels = new Map<number, IsoChannelDescription>();
  channels.set(IsoChannel.X, { scaling: xPerMetre, min: 0, max: Math.round((xMax - xMin) * kx) });
  channels.set(IsoChannel.Y, { scaling: yPerMetre, min: 0, max: Math.round((yMax - yMin) * ky) });
  channels.set(IsoChannel.T, { scaling: tPerSecond });
  channels.set(IsoChannel.F, { scaling: 1, min: Math.max(0, Math.round(pMin * kp)), max: Math.min(65535, Math.round(pMax * kp)) });
  channels.set(IsoChannel.S, {});
  if (hasTilt) {
    channels.set(IsoChannel.TX, { scaling: 100, min: -9000, max: 9000 });
    channels.set(IsoChannel.TY, { scaling: 100, min: -9000, max: 9000 });
  }
  if (hasAzEl) {
    channels.set(IsoChannel.AZ, { scaling: 100, min: 0, max: 36000 });
    channels.set(IsoChannel.EL, { scaling: 100, min: 0, max: 9000 });
  }
  if (hasTwist) channels.set(IsoChannel.R, { scaling: 100, min: 0, max: 36000 });

  const w = new ByteWriter();
  w.bytes(FORMAT_ID);
  w.bytes(VERSION);
  let inclusion = 0;
  for (const bit of channels.keys()) inclusion |= 1 << bit;
  w.u16(inclusion);
  for (let bit = 15; bit >= 0; bit--) {
    const d = channels.get(bit);
    if (!d) continue;
    let pre = 0;
    if (d.scaling !== undefined) pre |= 1 << Attr.scaling;
    if (d.min !== undefined) pre |= 1 << Attr.min;
    if (d.max !== undefined) pre |= 1 << Attr.max;
    w.u8(pre);
    if (d.scaling !== undefined) w.u16(encodeScaling(d.scaling));
    if (d.min !== undefined) w.u16(clamp16(d.min, bit));
    if (d.max !== undefined) w.u16(clamp16(d.max, bit));
  }
  w.u8(0); // reserved

  const ext: ExtendedData = {
    tag: EXT_TAG,
    device,
    capturedAt: record.capturedAt,
    gaps: record.gaps,
    flags: samples.map((s) => (s.inRange ? 1 : 0) | (s.buttons << 1)),
    t0,
    kx,
    ky,
    kp,
  };
  const extBytes = new TextEncoder().encode(EXT_TAG + JSON.stringify(ext));
  const withExt = extBytes.length <= 65535;
  w.u8(withExt ? 1 : 0);
  w.u24(samples.length);
  const wrapAngle = (a: number | undefined) => (a === undefined ? 0 : ((a % 360) + 360) % 360);
  for (const s of samples) {
    w.u16(clamp16((s.x - xMin) * kx, IsoChannel.X));
    w.u16(clamp16((s.y - yMin) * ky, IsoChannel.Y));
    w.u16(clamp16(((s.t - t0) * tPerSecond) / 1000, IsoChannel.T));
    w.u16(clamp16(s.pressure * kp, IsoChannel.F));
    w.u16(s.tip ? 1 : 0);
    if (hasTilt) {
      w.u16(clamp16((s.tiltX ?? 0) * 100, IsoChannel.TX));
      w.u16(clamp16((s.tiltY ?? 0) * 100, IsoChannel.TY));
    }
    if (hasAzEl) {
      w.u16(clamp16(wrapAngle(s.azimuth) * 100, IsoChannel.AZ));
      w.u16(clamp16((s.altitude ?? 0) * 100, IsoChannel.EL));
    }
    if (hasTwist) w.u16(clamp16(wrapAngle(s.twist) * 100, IsoChannel.R));
  }
  if (withExt) {
    w.u16(extBytes.length);
    w.bytes(extBytes);
  }
  return w.result();
}

export interface ParsedIso19794_7 {
  channels: Map<ChannelName, IsoChannelDescription>;
  /** Per sample, per channel: the value with the channel's offset applied (signed where the channel is). */
  points: Map<ChannelName, number>[];
  extendedData?: Uint8Array;
}

/** Reads the structure without interpreting it. Throws Iso19794FormatError on anything malformed. */
export function parseIso19794_7(bytes: Uint8Array): ParsedIso19794_7 {
  const r = new ByteReader(bytes);
  const id = r.bytes(4, 'format identifier');
  if (!FORMAT_ID.every((b, i) => id[i] === b)) throw new Iso19794FormatError('not a signature time-series record (format identifier is not "SDI")');
  const version = r.bytes(4, 'version');
  if (!VERSION.every((b, i) => version[i] === b)) {
    throw new Iso19794FormatError(`unsupported version "${String.fromCharCode(...version.subarray(0, 3))}" (this reader knows " 10", the 2007 full format)`);
  }
  const inclusion = r.u16('channel inclusion');
  const names = Object.keys(IsoChannel) as ChannelName[];
  const channels = new Map<ChannelName, IsoChannelDescription>();
  for (let bit = 15; bit >= 0; bit--) {
    if (!(inclusion & (1 << bit))) continue;
    const name = names.find((n) => IsoChannel[n] === bit)!;
    const pre = r.u8(`${name} preamble`);
    const d: IsoChannelDescription = {};
    const off = channelOffset(bit);
    if (pre & (1 << Attr.scaling)) d.scaling = decodeScaling(r.u16(`${name} scaling`));
    if (pre & (1 << Attr.min)) d.min = r.u16(`${name} minimum`) + off;
    if (pre & (1 << Attr.max)) d.max = r.u16(`${name} maximum`) + off;
    if (pre & (1 << Attr.mean)) d.mean = r.u16(`${name} mean`) + off;
    if (pre & (1 << Attr.stddev)) d.stddev = r.u16(`${name} standard deviation`);
    if (pre & (1 << Attr.constant)) d.constant = true;
    if (pre & (1 << Attr.linearRemoved)) d.linearRemoved = true;
    channels.set(name, d);
  }
  if (!channels.has('X') || !channels.has('Y')) throw new Iso19794FormatError('the record has no X and Y channels');
  if (!channels.has('T') && !channels.has('DT')) throw new Iso19794FormatError('the record has neither a T nor a DT channel');
  r.u8('reserved byte');
  const hasExt = r.u8('extended-data flag') !== 0;
  const count = r.u24('number of points');
  const sampled = [...channels].filter(([, d]) => !d.constant).map(([n]) => n);
  const needed = count * sampled.length * 2;
  if (r.pos + needed > bytes.length) throw new Iso19794FormatError(`declares ${count} points but holds fewer (${bytes.length - r.pos} bytes left, ${needed} needed)`);
  const points: Map<ChannelName, number>[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const p = new Map<ChannelName, number>();
    for (const n of sampled) p.set(n, r.u16('point') + channelOffset(IsoChannel[n]));
    points[i] = p;
  }
  let extendedData: Uint8Array | undefined;
  if (hasExt) {
    const len = r.u16('extended data length');
    extendedData = r.bytes(len, 'extended data');
  }
  return { channels, points, extendedData };
}

function readOwnExtension(data: Uint8Array | undefined): ExtendedData | undefined {
  if (!data || data.length < EXT_TAG.length) return undefined;
  const text = new TextDecoder('utf-8', { fatal: false }).decode(data);
  if (!text.startsWith(EXT_TAG)) return undefined;
  try {
    const ext = JSON.parse(text.slice(EXT_TAG.length)) as ExtendedData;
    return ext && ext.tag === EXT_TAG && ext.device && Array.isArray(ext.flags) ? ext : undefined;
  } catch {
    return undefined; // foreign or damaged extension: the channels alone still make a record
  }
}

/** Decodes a record written by this station or by any other 2007 full-format writer. */
export function decodeIso19794_7(bytes: Uint8Array): BiometricRecord {
  const parsed = parseIso19794_7(bytes);
  const ext = readOwnExtension(parsed.extendedData);
  const ch = parsed.channels;
  const x = ch.get('X')!;
  const y = ch.get('Y')!;
  const kx = ext?.kx ?? 1;
  const ky = ext?.ky ?? 1;
  const kp = ext?.kp ?? 1;
  const xMin = ext ? ext.device.xRange[0] : (x.min ?? 0);
  const yMin = ext ? ext.device.yRange[0] : (y.min ?? 0);
  const xRange: [number, number] = ext?.device.xRange ?? [x.min ?? 0, x.max ?? 65535];
  const yRange: [number, number] = ext?.device.yRange ?? [y.min ?? 0, y.max ?? 65535];
  const f = ch.get('F');
  const pressureRange: [number, number] = ext?.device.pressureRange ?? [f?.min ?? 0, f?.max ?? 65535];
  const tScale = ch.get('T')?.scaling ?? ch.get('DT')?.scaling ?? 1000;
  const angle = (n: ChannelName) => (ch.get(n)?.scaling ?? 100);
  const t0 = ext?.t0 ?? 0;
  const span = (r: [number, number]) => (r[1] - r[0] || 1);
  const round = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits;

  let tAcc = 0;
  const samples: PenSample[] = parsed.points.map((p, i) => {
    let t: number;
    if (p.has('T')) t = t0 + (p.get('T')! * 1000) / tScale;
    else {
      tAcc += (p.get('DT') ?? 0) * 1000 / tScale;
      t = t0 + tAcc;
    }
    const sx = kx === 1 ? p.get('X')! + xMin : round(p.get('X')! / kx + xMin, 3);
    const sy = ky === 1 ? p.get('Y')! + yMin : round(p.get('Y')! / ky + yMin, 3);
    const pressure = kp === 1 ? (p.get('F') ?? 0) : round((p.get('F') ?? 0) / kp, 6);
    const tip = p.has('S') ? p.get('S')! !== 0 : pressure > 0;
    const flags = ext?.flags[i];
    const s: PenSample = {
      t: round(t, 4),
      x: sx,
      y: sy,
      pressure,
      nx: (sx - xRange[0]) / span(xRange),
      ny: (sy - yRange[0]) / span(yRange),
      np: Math.min(1, Math.max(0, (pressure - pressureRange[0]) / span(pressureRange))),
      inRange: flags === undefined ? true : (flags & 1) !== 0,
      tip,
      buttons: flags === undefined ? 0 : flags >> 1,
    };
    if (p.has('TX')) s.tiltX = p.get('TX')! / angle('TX');
    if (p.has('TY')) s.tiltY = p.get('TY')! / angle('TY');
    if (p.has('AZ')) s.azimuth = p.get('AZ')! / angle('AZ');
    if (p.has('EL')) s.altitude = p.get('EL')! / angle('EL');
    if (p.has('R')) s.twist = p.get('R')! / angle('R');
    return s;
  });

  const device: PenDeviceInfo = ext?.device ?? {
    source: 'usb-hid' as PenSourceKind,
    profile: 'iso19794-7-import',
    xRange,
    yRange,
    pressureRange,
    ...(x.scaling && x.max !== undefined ? { widthMm: round((((x.max - (x.min ?? 0)) / x.scaling) * 1000), 2) } : {}),
    ...(y.scaling && y.max !== undefined ? { heightMm: round((((y.max - (y.min ?? 0)) / y.scaling) * 1000), 2) } : {}),
  };
  return { device, samples, gaps: ext?.gaps ?? [], capturedAt: ext?.capturedAt ?? '' };
}
