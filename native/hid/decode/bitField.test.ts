import { describe, expect, it } from 'vitest';
import { compileFieldReader, readSignedBits, readUnsignedBits, writeBits } from './bitField';

describe('bit fields', () => {
  it('reads back what was written, at any offset and size up to 32 bits, compiled or not', () => {
    let seed = 11;
    const rand = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % n;
    };
    for (let n = 0; n < 5000; n++) {
      const report = new Uint8Array(12).map(() => rand(256));
      const base = rand(2);
      const size = 1 + rand(32);
      const offset = rand(8 * (12 - base) - size + 1);
      const value = rand(2 ** Math.min(size, 31)) * (size === 32 ? 2 : 1);
      writeBits(report, base, offset, size, value);
      expect(readUnsignedBits(report, base, offset, size)).toBe(value);
      expect(compileFieldReader(base, offset, size, false)(report)).toBe(value);
      const signed = value >= 2 ** (size - 1) ? value - 2 ** size : value;
      expect(readSignedBits(report, base, offset, size)).toBe(signed);
      expect(compileFieldReader(base, offset, size, true)(report)).toBe(signed);
    }
  });

  it('reads 24-bit little-endian fields (Wacom X/Y) and signed tilt bytes', () => {
    const r = new Uint8Array([0x10, 0x30, 0x75, 0x01, 0xc4]);
    expect(compileFieldReader(1, 0, 24, false)(r)).toBe(0x017530);
    expect(compileFieldReader(1, 24, 8, true)(r)).toBe(-60);
  });
});
