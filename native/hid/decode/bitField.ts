/**
 * Reads a little-endian bit field of up to 32 bits at any bit offset (HID reports are
 * little-endian, bit 0 of byte 0 first). Bits beyond the end of the report read as 0: the caller
 * checks the report length first and counts a truncated report as an error.
 */
export function readUnsignedBits(report: Uint8Array, byteBase: number, bitOffset: number, bitSize: number): number {
  const first = byteBase + (bitOffset >> 3);
  const shift = bitOffset & 7;
  if (shift === 0 && (bitSize & 7) === 0) {
    // Byte-aligned fast path (most pen fields).
    let v = 0;
    for (let i = (bitSize >> 3) - 1; i >= 0; i--) v = v * 256 + (report[first + i] ?? 0);
    return v;
  }
  const bytes = (shift + bitSize + 7) >> 3;
  let v = 0;
  for (let i = bytes - 1; i >= 0; i--) v = v * 256 + (report[first + i] ?? 0);
  v = Math.floor(v / 2 ** shift);
  return v % 2 ** bitSize;
}

export function readSignedBits(report: Uint8Array, byteBase: number, bitOffset: number, bitSize: number): number {
  const v = readUnsignedBits(report, byteBase, bitOffset, bitSize);
  return v >= 2 ** (bitSize - 1) ? v - 2 ** bitSize : v;
}

/** Writes a little-endian bit field (used to build reports in tests, the simulated pen and benchmarks). */
export function writeBits(report: Uint8Array, byteBase: number, bitOffset: number, bitSize: number, value: number): void {
  let v = value < 0 ? value + 2 ** bitSize : value;
  for (let i = 0; i < bitSize; i++) {
    const bit = bitOffset + i;
    const at = byteBase + (bit >> 3);
    const mask = 1 << (bit & 7);
    if (v % 2 === 1) report[at] |= mask;
    else report[at] &= ~mask;
    v = Math.floor(v / 2);
  }
}

/**
 * A reader for one field at a fixed position, specialised once per report layout: byte-aligned
 * 8/16/24/32-bit fields (nearly all pen fields) read without loops. Same results as
 * readUnsignedBits/readSignedBits.
 */
export function compileFieldReader(byteBase: number, bitOffset: number, bitSize: number, signed: boolean): (report: Uint8Array) => number {
  const o = byteBase + (bitOffset >> 3);
  const aligned = (bitOffset & 7) === 0;
  let unsigned: (r: Uint8Array) => number;
  if (aligned && bitSize === 8) unsigned = (r) => r[o];
  else if (aligned && bitSize === 16) unsigned = (r) => r[o] | (r[o + 1] << 8);
  else if (aligned && bitSize === 24) unsigned = (r) => r[o] | (r[o + 1] << 8) | (r[o + 2] << 16);
  else if (aligned && bitSize === 32) unsigned = (r) => (r[o] | (r[o + 1] << 8) | (r[o + 2] << 16) | (r[o + 3] << 24)) >>> 0;
  else if (bitSize === 1) {
    const mask = 1 << (bitOffset & 7);
    unsigned = (r) => ((r[o] & mask) !== 0 ? 1 : 0);
  } else unsigned = (r) => readUnsignedBits(r, byteBase, bitOffset, bitSize);
  if (!signed) return unsigned;
  const half = 2 ** (bitSize - 1);
  const full = 2 ** bitSize;
  return (r) => {
    const v = unsigned(r);
    return v >= half ? v - full : v;
  };
}
