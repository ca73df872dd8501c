/**
 * The IPP/1.1–2.x message encoding (RFC 8010): a version, an operation or status code, a request id,
 * attribute groups, then the document data. Pure: bytes in, bytes out, no I/O.
 */
export const GroupTag = {
  operation: 0x01,
  job: 0x02,
  end: 0x03,
  printer: 0x04,
  unsupported: 0x05,
} as const;

/** The value tags readValue below decodes, by name (the parser matches their numbers). */
const ValueTag = {
  unsupported: 0x10,
  unknown: 0x12,
  noValue: 0x13,
  integer: 0x21,
  boolean: 0x22,
  enum: 0x23,
  octetString: 0x30,
  dateTime: 0x31,
  resolution: 0x32,
  rangeOfInteger: 0x33,
  begCollection: 0x34,
  textWithLanguage: 0x35,
  nameWithLanguage: 0x36,
  endCollection: 0x37,
  text: 0x41,
  name: 0x42,
  keyword: 0x44,
  uri: 0x45,
  uriScheme: 0x46,
  charset: 0x47,
  naturalLanguage: 0x48,
  mimeMediaType: 0x49,
  memberAttrName: 0x4a,
} as const;

export type IppCollection = IppAttribute[];

export type IppValue =
  | { tag: 0x21 | 0x23; value: number }
  | { tag: 0x22; value: boolean }
  | { tag: 0x31; value: Date }
  | { tag: 0x32; value: { x: number; y: number; units: number } }
  | { tag: 0x33; value: { lower: number; upper: number } }
  | { tag: 0x34; value: IppCollection }
  | { tag: 0x35 | 0x36; value: { language: string; text: string } }
  | { tag: 0x10 | 0x12 | 0x13; value: null }
  | { tag: number; value: string }
  | { tag: number; value: Uint8Array };

export interface IppAttribute {
  name: string;
  values: IppValue[];
}

export interface IppGroup {
  tag: number;
  attributes: IppAttribute[];
}

export interface IppMessage {
  version: [number, number];
  /** operation-id in a request, status-code in a response. */
  code: number;
  requestId: number;
  groups: IppGroup[];
  data: Uint8Array;
}

export class IppParseError extends Error {
  constructor(message: string) {
    super(`malformed IPP message: ${message}`);
    this.name = 'IppParseError';
  }
}

/**
 * What one request may cost to parse. Unauthenticated clients send these, so the parser counts as
 * it goes and stops at the first value or byte over, before building anything more: 9 million
 * empty values must cost no more than the first few thousand.
 */
export interface IppParseLimits {
  /** Bytes of the attribute section (everything before end-of-attributes). */
  maxAttributeBytes: number;
  /** Attribute values, collection members and their values included. */
  maxValues: number;
}

/** A request over the parse limits: the printer answers client-error-request-entity-too-large. */
export class IppLimitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IppLimitError';
  }
}

const unlimited: IppParseLimits = { maxAttributeBytes: Infinity, maxValues: Infinity };

const stringTags = new Set<number>([0x41, 0x42, 0x44, 0x45, 0x46, 0x47, 0x48, 0x49, 0x4a]);
const utf8 = new TextDecoder('utf-8', { fatal: false });
const utf8Encoder = new TextEncoder();

/** Parses a request or response; `data` is what follows end-of-attributes (the document). */
export function parseIppMessage(bytes: Uint8Array, limits: IppParseLimits = unlimited): IppMessage {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let pos = 0;
  let values = 0;
  const counted = <T>(value: T): T => {
    if (++values > limits.maxValues) throw new IppLimitError(`more than ${limits.maxValues} attribute values`);
    return value;
  };
  const withinSection = () => {
    if (pos > limits.maxAttributeBytes) throw new IppLimitError(`the attributes are larger than ${limits.maxAttributeBytes} bytes`);
  };
  const need = (n: number, what: string) => {
    if (pos + n > bytes.length) throw new IppParseError(`truncated in ${what} at byte ${pos}`);
  };
  need(8, 'header');
  const version: [number, number] = [bytes[0], bytes[1]];
  const code = view.getUint16(2);
  const requestId = view.getInt32(4);
  pos = 8;
  const groups: IppGroup[] = [];
  let group: IppGroup | undefined;
  let last: IppAttribute | undefined;

  function readValue(tag: number, length: number): IppValue {
    need(length, 'value');
    const at = pos;
    pos += length;
    const raw = bytes.subarray(at, at + length);
    switch (tag) {
      case 0x21:
      case 0x23:
        if (length !== 4) throw new IppParseError(`integer of ${length} bytes`);
        return { tag, value: view.getInt32(at) };
      case 0x22:
        if (length !== 1) throw new IppParseError(`boolean of ${length} bytes`);
        return { tag, value: raw[0] !== 0 };
      case 0x31: {
        if (length !== 11) throw new IppParseError(`dateTime of ${length} bytes`);
        const sign = raw[8] === 0x2d ? -1 : 1;
        const offsetMin = sign * (raw[9] * 60 + raw[10]);
        const utc = Date.UTC(view.getUint16(at), raw[2] - 1, raw[3], raw[4], raw[5], raw[6], raw[7] * 100);
        return { tag, value: new Date(utc - offsetMin * 60_000) };
      }
      case 0x32:
        if (length !== 9) throw new IppParseError(`resolution of ${length} bytes`);
        return { tag, value: { x: view.getInt32(at), y: view.getInt32(at + 4), units: raw[8] } };
      case 0x33:
        if (length !== 8) throw new IppParseError(`rangeOfInteger of ${length} bytes`);
        return { tag, value: { lower: view.getInt32(at), upper: view.getInt32(at + 4) } };
      case 0x35:
      case 0x36: {
        if (length < 4) throw new IppParseError('short textWithLanguage');
        const ll = view.getUint16(at);
        if (2 + ll + 2 > length) throw new IppParseError('bad textWithLanguage');
        const tl = view.getUint16(at + 2 + ll);
        if (2 + ll + 2 + tl !== length) throw new IppParseError('bad textWithLanguage length');
        return { tag, value: { language: utf8.decode(raw.subarray(2, 2 + ll)), text: utf8.decode(raw.subarray(4 + ll)) } };
      }
      case 0x10:
      case 0x12:
      case 0x13:
        return { tag, value: null };
      default:
        if (stringTags.has(tag) || (tag >= 0x40 && tag <= 0x5f)) return { tag, value: utf8.decode(raw) };
        return { tag, value: Uint8Array.from(raw) };
    }
  }

  /** Reads the members of a collection, after its begCollection value. */
  function readCollection(depth: number): IppCollection {
    if (depth > 8) throw new IppParseError('collections nested too deep');
    const members: IppAttribute[] = [];
    let member: IppAttribute | undefined;
    for (;;) {
      withinSection();
      need(3, 'collection member');
      const tag = bytes[pos];
      const nameLength = view.getUint16(pos + 1);
      pos += 3;
      need(nameLength + 2, 'collection member');
      pos += nameLength; // names are empty inside collections
      const valueLength = view.getUint16(pos);
      pos += 2;
      if (tag === 0x37) {
        pos += valueLength;
        return members;
      }
      if (tag === 0x4a) {
        need(valueLength, 'member name');
        member = counted({ name: utf8.decode(bytes.subarray(pos, pos + valueLength)), values: [] });
        pos += valueLength;
        members.push(member);
        continue;
      }
      if (!member) throw new IppParseError('collection value without a member name');
      if (tag === 0x34) {
        pos += valueLength;
        counted(member).values.push({ tag: 0x34, value: readCollection(depth + 1) });
      } else {
        counted(member).values.push(readValue(tag, valueLength));
      }
    }
  }

  for (;;) {
    withinSection();
    need(1, 'tag');
    const tag = bytes[pos];
    if (tag <= 0x0f) {
      pos += 1;
      if (tag === GroupTag.end) break;
      if (tag === 0x00) throw new IppParseError('reserved delimiter tag 0x00');
      group = { tag, attributes: [] };
      groups.push(group);
      last = undefined;
      continue;
    }
    if (!group) throw new IppParseError('attribute before any group');
    if (tag === 0x7f) throw new IppParseError('extended value tags are not supported');
    need(3, 'attribute');
    const nameLength = view.getUint16(pos + 1);
    pos += 3;
    need(nameLength + 2, 'attribute name');
    const name = utf8.decode(bytes.subarray(pos, pos + nameLength));
    pos += nameLength;
    const valueLength = view.getUint16(pos);
    pos += 2;
    counted(undefined);
    let value: IppValue;
    if (tag === 0x34) {
      pos += valueLength;
      value = { tag: 0x34, value: readCollection(1) };
    } else {
      value = readValue(tag, valueLength);
    }
    if (nameLength === 0) {
      if (!last) throw new IppParseError('additional value without an attribute');
      last.values.push(value);
    } else {
      last = { name, values: [value] };
      group.attributes.push(last);
    }
  }
  return { version, code, requestId, groups, data: bytes.subarray(pos) };
}

/** Writes values of one attribute (or member). */
function encodeValue(out: number[], tag: number, name: string, v: IppValue): void {
  const pushU16 = (n: number) => out.push((n >> 8) & 0xff, n & 0xff);
  const pushI32 = (n: number) => out.push((n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff);
  const pushBytes = (b: Uint8Array) => {
    for (const x of b) out.push(x);
  };
  const nameBytes = utf8Encoder.encode(name);
  out.push(tag);
  pushU16(nameBytes.length);
  pushBytes(nameBytes);
  switch (tag) {
    case 0x21:
    case 0x23:
      pushU16(4);
      pushI32(v.value as number);
      return;
    case 0x22:
      pushU16(1);
      out.push(v.value ? 1 : 0);
      return;
    case 0x31: {
      const d = v.value as Date;
      pushU16(11);
      pushU16(d.getUTCFullYear());
      out.push(d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), Math.floor(d.getUTCMilliseconds() / 100), 0x2b, 0, 0);
      return;
    }
    case 0x32: {
      const r = v.value as { x: number; y: number; units: number };
      pushU16(9);
      pushI32(r.x);
      pushI32(r.y);
      out.push(r.units);
      return;
    }
    case 0x33: {
      const r = v.value as { lower: number; upper: number };
      pushU16(8);
      pushI32(r.lower);
      pushI32(r.upper);
      return;
    }
    case 0x35:
    case 0x36: {
      const t = v.value as { language: string; text: string };
      const lang = utf8Encoder.encode(t.language);
      const text = utf8Encoder.encode(t.text);
      pushU16(4 + lang.length + text.length);
      pushU16(lang.length);
      pushBytes(lang);
      pushU16(text.length);
      pushBytes(text);
      return;
    }
    case 0x34: {
      pushU16(0);
      for (const member of v.value as IppCollection) {
        const memberName = utf8Encoder.encode(member.name);
        out.push(0x4a);
        pushU16(0);
        pushU16(memberName.length);
        pushBytes(memberName);
        for (const mv of member.values) encodeValue(out, mv.tag, '', mv);
      }
      out.push(0x37, 0, 0, 0, 0);
      return;
    }
    case 0x10:
    case 0x12:
    case 0x13:
      pushU16(0);
      return;
    default: {
      const b = typeof v.value === 'string' ? utf8Encoder.encode(v.value) : (v.value as Uint8Array);
      if (b.length > 0xffff) throw new RangeError(`IPP value of ${name} too long`);
      pushU16(b.length);
      pushBytes(b);
    }
  }
}

export function encodeIppMessage(message: Omit<IppMessage, 'data'> & { data?: Uint8Array }): Uint8Array {
  const out: number[] = [message.version[0], message.version[1], (message.code >> 8) & 0xff, message.code & 0xff];
  const id = message.requestId;
  out.push((id >>> 24) & 0xff, (id >>> 16) & 0xff, (id >>> 8) & 0xff, id & 0xff);
  for (const group of message.groups) {
    out.push(group.tag);
    for (const attribute of group.attributes) {
      attribute.values.forEach((v, i) => encodeValue(out, v.tag, i === 0 ? attribute.name : '', v));
    }
  }
  out.push(GroupTag.end);
  const head = Uint8Array.from(out);
  if (!message.data?.length) return head;
  const all = new Uint8Array(head.length + message.data.length);
  all.set(head);
  all.set(message.data, head.length);
  return all;
}

/** Shorthands for building attributes. */
export const ipp = {
  attr: (name: string, ...values: IppValue[]): IppAttribute => ({ name, values }),
  integer: (value: number): IppValue => ({ tag: 0x21, value }),
  enum: (value: number): IppValue => ({ tag: 0x23, value }),
  boolean: (value: boolean): IppValue => ({ tag: 0x22, value }),
  keyword: (value: string): IppValue => ({ tag: 0x44, value }),
  uri: (value: string): IppValue => ({ tag: 0x45, value }),
  uriScheme: (value: string): IppValue => ({ tag: 0x46, value }),
  charset: (value: string): IppValue => ({ tag: 0x47, value }),
  language: (value: string): IppValue => ({ tag: 0x48, value }),
  mime: (value: string): IppValue => ({ tag: 0x49, value }),
  text: (value: string): IppValue => ({ tag: 0x41, value }),
  name: (value: string): IppValue => ({ tag: 0x42, value }),
  dateTime: (value: Date): IppValue => ({ tag: 0x31, value }),
  range: (lower: number, upper: number): IppValue => ({ tag: 0x33, value: { lower, upper } }),
  resolution: (x: number, y: number, units = 3): IppValue => ({ tag: 0x32, value: { x, y, units } }),
  collection: (members: IppAttribute[]): IppValue => ({ tag: 0x34, value: members }),
  noValue: (): IppValue => ({ tag: 0x13, value: null }),
};

/** The first value of a named attribute in a group, as a plain JS value. */
export function firstValue(group: IppGroup | undefined, name: string): IppValue | undefined {
  return group?.attributes.find((a) => a.name === name)?.values[0];
}

/** The first value of a named attribute when it is a string (keyword, uri, name, text, …). */
export function stringOf(group: IppGroup | undefined, name: string): string | undefined {
  const v = firstValue(group, name);
  return typeof v?.value === 'string' ? v.value : undefined;
}
