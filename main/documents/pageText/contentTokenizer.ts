/**
 * The lexer of a page content stream (ISO 32000-1 7.2, 7.8.2): numbers, names, literal and hex
 * strings, arrays and dictionaries as operands, keywords as operators, comments skipped, and inline
 * images (BI … ID <data> EI) skipped without reading their binary data as operators.
 *
 * Untrusted input: every loop advances, nesting of arrays and dictionaries is capped, and a stream
 * that ends in the middle of a token yields what was read before it.
 */
export class ContentName {
  constructor(readonly name: string) {}
}
/** A dictionary operand (inline image parameters, marked-content properties): kept as its entries. */
export class ContentDict {
  constructor(readonly entries: Map<string, Operand>) {}
}
export type Operand = number | boolean | null | ContentName | Uint8Array | Operand[] | ContentDict;

export interface ContentOperation {
  operator: string;
  operands: Operand[];
}

const MAX_NESTING = 32;
const ESCAPES: Record<number, number> = { 0x6e: 0x0a, 0x72: 0x0d, 0x74: 0x09, 0x62: 0x08, 0x66: 0x0c, 0x28: 0x28, 0x29: 0x29, 0x5c: 0x5c };
/** Operands kept before an operator; more (a flood without operators) are dropped from the front. */
const MAX_OPERANDS = 64;

const isWhite = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x0c || c === 0x00;
const isDelimiter = (c: number) => c === 0x28 || c === 0x29 || c === 0x3c || c === 0x3e || c === 0x5b || c === 0x5d || c === 0x7b || c === 0x7d || c === 0x2f || c === 0x25;
const isRegular = (c: number) => !isWhite(c) && !isDelimiter(c);
const hexValue = (c: number) => (c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x41 && c <= 0x46 ? c - 0x37 : c >= 0x61 && c <= 0x66 ? c - 0x57 : -1);

const END_ARRAY = Symbol(']');
const END_DICT = Symbol('>>');
type Token = Operand | { keyword: string } | typeof END_ARRAY | typeof END_DICT | undefined;

export class ContentTokenizer {
  private pos = 0;

  /** maxOperands: a CMap's blocks carry up to a few hundred operands before their end keyword. */
  constructor(private readonly data: Uint8Array, private readonly maxOperands = MAX_OPERANDS) {}

  /** The next operation with its operands, or undefined at the end of the data. */
  nextOperation(): ContentOperation | undefined {
    const operands: Operand[] = [];
    for (;;) {
      const token = this.nextToken(0);
      if (token === undefined) return undefined;
      if (token === END_ARRAY || token === END_DICT) continue; // stray closer: ignored, as readers do
      if (isKeyword(token)) {
        if (token.keyword === 'BI') {
          this.skipInlineImage();
          return { operator: 'EI', operands: [] };
        }
        return { operator: token.keyword, operands };
      }
      if (operands.length >= this.maxOperands) operands.shift();
      operands.push(token);
    }
  }

  private nextToken(depth: number): Token {
    const d = this.data;
    this.skipWhiteAndComments();
    if (this.pos >= d.length) return undefined;
    const c = d[this.pos];
    if (c === 0x2f) return this.readName();
    if (c === 0x28) return this.readLiteralString();
    if (c === 0x3c) {
      if (d[this.pos + 1] === 0x3c) {
        this.pos += 2;
        return this.readDict(depth);
      }
      return this.readHexString();
    }
    if (c === 0x3e) {
      this.pos += d[this.pos + 1] === 0x3e ? 2 : 1;
      return END_DICT;
    }
    if (c === 0x5b) {
      this.pos++;
      return this.readArray(depth);
    }
    if (c === 0x5d) {
      this.pos++;
      return END_ARRAY;
    }
    if (c === 0x7b || c === 0x7d || c === 0x29) {
      this.pos++; // PostScript braces and a stray ')' carry nothing for text
      return this.nextToken(depth);
    }
    const start = this.pos;
    while (this.pos < d.length && isRegular(d[this.pos])) this.pos++;
    if (isNumberStart(c)) {
      const num = numberOf(latin1(d, start, this.pos));
      if (num !== undefined) return num;
    }
    const word = latin1(d, start, this.pos);
    if (word === 'true') return true;
    if (word === 'false') return false;
    if (word === 'null') return null;
    return { keyword: word };
  }

  private skipWhiteAndComments(): void {
    const d = this.data;
    while (this.pos < d.length) {
      const c = d[this.pos];
      if (isWhite(c)) this.pos++;
      else if (c === 0x25) while (this.pos < d.length && d[this.pos] !== 0x0a && d[this.pos] !== 0x0d) this.pos++;
      else return;
    }
  }

  private readName(): ContentName {
    const d = this.data;
    this.pos++;
    let name = '';
    while (this.pos < d.length && isRegular(d[this.pos])) {
      const c = d[this.pos];
      if (c === 0x23 && hexValue(d[this.pos + 1]) >= 0 && hexValue(d[this.pos + 2]) >= 0) {
        name += String.fromCharCode(hexValue(d[this.pos + 1]) * 16 + hexValue(d[this.pos + 2]));
        this.pos += 3;
      } else {
        name += String.fromCharCode(c);
        this.pos++;
      }
    }
    return new ContentName(name);
  }

  private readLiteralString(): Uint8Array {
    const d = this.data;
    this.pos++;
    const out: number[] = [];
    let parens = 1;
    while (this.pos < d.length) {
      const c = d[this.pos++];
      if (c === 0x28) parens++;
      else if (c === 0x29 && --parens === 0) break;
      if (c !== 0x5c) {
        out.push(c);
        continue;
      }
      if (this.pos >= d.length) break;
      const e = d[this.pos++];
      if (ESCAPES[e] !== undefined) out.push(ESCAPES[e]);
      else if (e >= 0x30 && e <= 0x37) {
        let v = e - 0x30;
        for (let i = 0; i < 2 && this.pos < d.length && d[this.pos] >= 0x30 && d[this.pos] <= 0x37; i++) v = v * 8 + d[this.pos++] - 0x30;
        out.push(v & 0xff);
      } else if (e === 0x0d) {
        if (d[this.pos] === 0x0a) this.pos++; // escaped end of line: a continuation
      } else if (e !== 0x0a) out.push(e);
    }
    return Uint8Array.from(out);
  }

  private readHexString(): Uint8Array {
    const d = this.data;
    this.pos++;
    const out: number[] = [];
    let high = -1;
    while (this.pos < d.length) {
      const c = d[this.pos++];
      if (c === 0x3e) break;
      const v = hexValue(c);
      if (v < 0) continue;
      if (high < 0) high = v;
      else {
        out.push(high * 16 + v);
        high = -1;
      }
    }
    if (high >= 0) out.push(high * 16); // an odd digit count: the last digit is followed by 0
    return Uint8Array.from(out);
  }

  private readArray(depth: number): Operand[] {
    const out: Operand[] = [];
    for (;;) {
      const t = depth >= MAX_NESTING ? this.skipNested() : this.nextToken(depth + 1);
      if (t === undefined || t === END_ARRAY) return out;
      if (t === END_DICT || isKeyword(t)) continue;
      out.push(t);
    }
  }

  private readDict(depth: number): ContentDict {
    const entries = new Map<string, Operand>();
    let key: string | undefined;
    for (;;) {
      const t = depth >= MAX_NESTING ? this.skipNested() : this.nextToken(depth + 1);
      if (t === undefined || t === END_DICT) return new ContentDict(entries);
      if (t === END_ARRAY || isKeyword(t)) continue;
      if (key === undefined && t instanceof ContentName) key = t.name;
      else if (key !== undefined) {
        entries.set(key, t);
        key = undefined;
      }
    }
  }

  /** Past nesting this deep, the bytes up to the next closer are skipped (no recursion). */
  private skipNested(): Token {
    const d = this.data;
    while (this.pos < d.length && d[this.pos] !== 0x5d && d[this.pos] !== 0x3e) this.pos++;
    if (this.pos >= d.length) return undefined;
    return d[this.pos++] === 0x5d ? END_ARRAY : END_DICT;
  }

  /**
   * BI <key value …> ID <binary> EI. The data end is at /L (/Length) when given, else at the first
   * `EI` between white-space, the way viewers find it.
   */
  private skipInlineImage(): void {
    const d = this.data;
    const params = new Map<string, Operand>();
    let key: string | undefined;
    for (;;) {
      const t = this.nextToken(0);
      if (t === undefined) return;
      if (isKeyword(t)) {
        if (t.keyword === 'ID') break;
        continue;
      }
      if (t === END_ARRAY || t === END_DICT) continue;
      if (key === undefined && t instanceof ContentName) key = t.name;
      else if (key !== undefined) {
        params.set(key, t);
        key = undefined;
      }
    }
    this.pos++; // the single white-space byte after ID
    const length = params.get('L') ?? params.get('Length');
    if (typeof length === 'number' && length >= 0 && this.pos + length <= d.length) {
      this.pos += length;
      this.skipWhiteAndComments();
      if (d[this.pos] === 0x45 && d[this.pos + 1] === 0x49) this.pos += 2;
      return;
    }
    for (let i = this.pos; i + 1 < d.length; i++) {
      if (d[i] === 0x45 && d[i + 1] === 0x49 && (i === this.pos || isWhite(d[i - 1])) && (i + 2 >= d.length || isWhite(d[i + 2]) || isDelimiter(d[i + 2]))) {
        this.pos = i + 2;
        return;
      }
    }
    this.pos = d.length;
  }
}

function isKeyword(t: Token): t is { keyword: string } {
  return typeof t === 'object' && t !== null && !(t instanceof Uint8Array) && !Array.isArray(t) && !(t instanceof ContentName) && !(t instanceof ContentDict) && 'keyword' in t;
}

/** + - . or a digit: the only bytes a number starts with (the regular expression runs on those words only). */
const isNumberStart = (c: number) => (c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2d || c === 0x2e;

function latin1(d: Uint8Array, from: number, to: number): string {
  let s = '';
  for (let i = from; i < to && i - from < 256; i++) s += String.fromCharCode(d[i]);
  return s;
}

/** A PDF number (`12`, `-3.5`, `.5`, `4.`), tolerating the `--4` some writers emit; else undefined. */
function numberOf(word: string): number | undefined {
  if (!/^[+-]*(\d+\.?\d*|\.\d+)$/.test(word)) return undefined;
  const negative = (word.match(/-/g)?.length ?? 0) % 2 === 1;
  const v = Number(word.replace(/^[+-]+/, ''));
  if (!Number.isFinite(v)) return undefined;
  return negative ? -v : v;
}
