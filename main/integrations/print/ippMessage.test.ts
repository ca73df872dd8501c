import { describe, expect, it } from 'vitest';
import { encodeIppMessage, GroupTag, ipp, IppParseError, parseIppMessage } from './ippMessage';

describe('IPP message encoding', () => {
  const message = {
    version: [2, 0] as [number, number],
    code: 0x0002,
    requestId: 42,
    groups: [
      { tag: GroupTag.operation, attributes: [
        ipp.attr('attributes-charset', ipp.charset('utf-8')),
        ipp.attr('attributes-natural-language', ipp.language('en')),
        ipp.attr('job-name', ipp.name('Čekis — 1204')),
        ipp.attr('copies-supported', ipp.range(1, 99)),
        ipp.attr('printer-resolution-default', ipp.resolution(300, 600)),
        ipp.attr('operations-supported', ipp.enum(2), ipp.enum(11)),
        ipp.attr('when', ipp.dateTime(new Date('2026-03-01T10:11:12.300Z'))),
        ipp.attr('media-col', ipp.collection([
          ipp.attr('media-size', ipp.collection([ipp.attr('x-dimension', ipp.integer(21000)), ipp.attr('y-dimension', ipp.integer(29700))])),
          ipp.attr('media-type', ipp.keyword('stationery')),
        ])),
        ipp.attr('job-state-message', ipp.noValue()),
      ] },
    ],
    data: new Uint8Array([0x25, 0x50, 0x44, 0x46]),
  };

  it('round-trips every value type, collections and document data', () => {
    const parsed = parseIppMessage(encodeIppMessage(message));
    expect(parsed.version).toEqual([2, 0]);
    expect(parsed.requestId).toBe(42);
    expect(parsed.groups).toEqual(message.groups);
    expect([...parsed.data]).toEqual([0x25, 0x50, 0x44, 0x46]);
  });

  it('refuses truncated or malformed bytes with IppParseError, never a crash', () => {
    const bytes = encodeIppMessage(message);
    for (let cut = 0; cut < bytes.length - 5; cut += 7) {
      // Cutting inside the attributes must be a parse error (not an exception of another kind).
      const part = bytes.subarray(0, cut);
      try {
        parseIppMessage(part);
        throw new Error(`a message cut at ${cut} bytes parsed`);
      } catch (err) {
        expect(err).toBeInstanceOf(IppParseError);
      }
    }
    const badInt = Uint8Array.from([2, 0, 0, 11, 0, 0, 0, 1, 1, 0x21, 0, 1, 0x61, 0, 2, 0, 0, 3]);
    expect(() => parseIppMessage(badInt)).toThrow(/integer of 2 bytes/);
  });
});
