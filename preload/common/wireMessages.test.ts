import { describe, expect, it } from 'vitest';
import { ContractError } from './contractError';
import { responseOf } from './callResult';
import { parsePageMessage, parseStationMessage, wireFrame, wireText, type StationMessage } from './wireMessages';

// Byte for byte (toEqual walks a large array element by element, slowly).
const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(b);

const text = (message: StationMessage) => {
  const frame = wireFrame(message);
  if (typeof frame !== 'string') throw new Error('expected a text frame');
  return frame;
};

describe('browser mode wire messages', () => {
  it('reads what each end sends, and nothing else', () => {
    expect(parsePageMessage(wireText({ type: 'hello', token: 'abc' }))).toEqual({ type: 'hello', token: 'abc' });
    expect(parsePageMessage(wireText({ type: 'call', id: 3, name: 'auth.current', payload: {} }))).toMatchObject({ type: 'call', id: 3 });
    expect(parsePageMessage('not json')).toBeUndefined();
    expect(parsePageMessage(JSON.stringify({ type: 'call', id: 'x', name: 'auth.current' }))).toBeUndefined();
    expect(parsePageMessage(JSON.stringify({ type: 'hello', token: 7 }))).toBeUndefined();
    // A page cannot speak as the station, nor the station as a page.
    expect(parsePageMessage(text({ type: 'welcome', role: 'teller' }))).toBeUndefined();
    expect(parseStationMessage(wireText({ type: 'hello', token: 'abc' }))).toBeUndefined();

    expect(parseStationMessage(text({ type: 'welcome', role: 'customer' }))).toEqual({ type: 'welcome', role: 'customer' });
    expect(parseStationMessage(text({ type: 'result', id: 1, ok: false, error: { code: 'locked', message: 'Locked' } }))).toMatchObject({ ok: false, error: { code: 'locked' } });
    expect(parseStationMessage(JSON.stringify({ type: 'result', id: 1, ok: false }))).toBeUndefined();
    expect(parseStationMessage(text({ type: 'welcome', role: 'intruder' as 'teller' }))).toBeUndefined();
  });
});

describe('a result carrying bytes', () => {
  const pdf = new Uint8Array(300_000).map((_, i) => (i * 7) & 0xff);
  const message: StationMessage = { type: 'result', id: 9, ok: true, payload: { bytes: pdf, fileName: 'a.pdf' } };

  it('travels as one binary frame: the bytes as they are, after a small JSON header', () => {
    const frame = wireFrame(message);
    expect(frame).toBeInstanceOf(Uint8Array);
    expect((frame as Uint8Array).byteLength).toBeLessThan(pdf.byteLength + 100);
    const read = parseStationMessage(frame as Uint8Array);
    expect(read).toMatchObject({ type: 'result', id: 9, ok: true, payload: { fileName: 'a.pdf' } });
    const bytes = (read as { payload: { bytes: Uint8Array } }).payload.bytes;
    expect(same(bytes, pdf)).toBe(true);
    // Its own buffer, not a view of the frame's: pdf.js may take it without taking the frame.
    expect(bytes.byteLength).toBe(bytes.buffer.byteLength);
  });

  it('is read from an ArrayBuffer (a browser socket) as from a Node buffer', () => {
    const frame = wireFrame(message) as Uint8Array;
    const copy = frame.slice().buffer;
    expect(same((parseStationMessage(copy) as { payload: { bytes: Uint8Array } }).payload.bytes, pdf)).toBe(true);
    expect(parseStationMessage(Buffer.from(frame))).toMatchObject({ id: 9 });
  });

  it('refuses a frame that is cut short, has bytes left over, names no bytes or lies about its header', () => {
    const frame = wireFrame(message) as Uint8Array;
    expect(parseStationMessage(frame.subarray(0, frame.byteLength - 1))).toBeUndefined();
    const longer = new Uint8Array(frame.byteLength + 1);
    longer.set(frame);
    expect(parseStationMessage(longer)).toBeUndefined();
    const header = new TextEncoder().encode(JSON.stringify({ type: 'result', id: 1, ok: true, payload: { x: 1 } }));
    const noBytes = new Uint8Array(4 + header.byteLength);
    new DataView(noBytes.buffer).setUint32(0, header.byteLength);
    noBytes.set(header, 4);
    expect(parseStationMessage(noBytes)).toBeUndefined();
    const lying = frame.slice();
    new DataView(lying.buffer).setUint32(0, 0xffffffff);
    expect(parseStationMessage(lying)).toBeUndefined();
    expect(parseStationMessage(new Uint8Array(2))).toBeUndefined();
  });

  it('keeps a text result in text, and a placeholder in text is no bytes', () => {
    expect(typeof wireFrame({ type: 'result', id: 2, ok: true, payload: { ok: true } })).toBe('string');
    expect(() => responseOf('document.bytes', { ok: true, payload: { bytes: { $bytes: 3 } } })).toThrow(expect.objectContaining({ code: 'bad-response' }));
    expect(responseOf('document.bytes', { ok: true, payload: { bytes: pdf } }).bytes).toBe(pdf);
  });
});

describe('the window side of a call result', () => {
  it('gives the response as the contract types it', () => {
    expect(responseOf('auth.activity', { ok: true, payload: { ok: true } })).toEqual({ ok: true });
  });

  it("takes a document's bytes as Electron's IPC delivers them: the station's Buffer, structured-cloned", () => {
    const delivered = structuredClone({ ok: true, payload: { bytes: Buffer.from('%PDF-1.7 ...') } });
    const { bytes } = responseOf('document.bytes', delivered);
    expect(bytes).toBeInstanceOf(Uint8Array);
    expect(Buffer.from(bytes).toString('latin1')).toBe('%PDF-1.7 ...');
  });

  it("throws the station's refusal as a ContractError with its code", () => {
    const refusal = () => responseOf('auth.activity', { ok: false, error: { code: 'locked', message: 'The desk is locked.' } });
    expect(refusal).toThrow(ContractError);
    expect(refusal).toThrow(expect.objectContaining({ code: 'locked', message: 'The desk is locked.' }));
  });

  it('refuses a response the contract does not allow', () => {
    expect(() => responseOf('auth.activity', { ok: true, payload: { ok: 'yes' } })).toThrow(expect.objectContaining({ code: 'bad-response' }));
    expect(() => responseOf('auth.activity', { nothing: true })).toThrow(expect.objectContaining({ code: 'bad-response' }));
  });
});
