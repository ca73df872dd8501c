/**
 * Big-endian byte writing and reading for the ISO/IEC 19794-7 codec (iso19794_7.ts), and the one
 * error it throws: a truncated or malformed record says where and what, never anything else.
 */
export class Iso19794FormatError extends Error {
  constructor(message: string) {
    super(`ISO/IEC 19794-7: ${message}`);
    this.name = 'Iso19794FormatError';
  }
}

export class ByteWriter {
  private buf = new Uint8Array(1024);
  length = 0;
  private ensure(n: number) {
    if (this.length + n <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.length + n));
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
  }
  u8(v: number) {
    this.ensure(1);
    this.buf[this.length++] = v & 0xff;
  }
  u16(v: number) {
    this.ensure(2);
    this.buf[this.length++] = (v >> 8) & 0xff;
    this.buf[this.length++] = v & 0xff;
  }
  u24(v: number) {
    this.u8(v >> 16);
    this.u16(v & 0xffff);
  }
  bytes(b: ArrayLike<number>) {
    this.ensure(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
  }
  result(): Uint8Array {
    return this.buf.slice(0, this.length);
  }
}

export class ByteReader {
  pos = 0;
  constructor(private readonly b: Uint8Array) {}
  private need(n: number, what: string) {
    if (this.pos + n > this.b.length) throw new Iso19794FormatError(`truncated at byte ${this.pos} (reading ${what})`);
  }
  u8(what: string) {
    this.need(1, what);
    return this.b[this.pos++];
  }
  u16(what: string) {
    this.need(2, what);
    const v = (this.b[this.pos] << 8) | this.b[this.pos + 1];
    this.pos += 2;
    return v;
  }
  u24(what: string) {
    return this.u8(what) * 65536 + this.u16(what);
  }
  bytes(n: number, what: string) {
    this.need(n, what);
    const out = this.b.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
}
