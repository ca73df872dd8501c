import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInMemorySigningRequestRepository } from '../inbox/inMemorySigningRequestRepository';
import { createSigningRequestInbox, type SigningRequestInbox } from '../inbox/signingRequestInbox';
import { silentLogger } from '../../logging/logger';
import { makeSamplePdf } from '../../../test/support/samplePdf';
import { encodeIppMessage, GroupTag, ipp, parseIppMessage } from './ippMessage';
import { startIppPrinter, type RunningIppPrinter } from './ippPrinter';

let printer: RunningIppPrinter;
let inbox: SigningRequestInbox;
let httpUrl: string;

beforeAll(async () => {
  inbox = createSigningRequestInbox({ repository: createInMemorySigningRequestRepository(), expiryCheckIntervalMs: 0 });
  printer = await startIppPrinter({ config: { host: '127.0.0.1', port: 0 }, inbox, log: silentLogger });
  httpUrl = printer.url.replace('ipp://', 'http://');
});
afterAll(async () => {
  await printer?.close();
  inbox?.close();
});

const post = async (body: Uint8Array) => {
  const res = await fetch(httpUrl, { method: 'POST', headers: { 'content-type': 'application/ipp' }, body: body as unknown as BodyInit });
  return { status: res.status, body: new Uint8Array(await res.arrayBuffer()) };
};

describe('IPP printer under malformed requests', () => {
  it('answers every mangled request with an IPP error (never a crash or a queued document), then still works', async () => {
    const pdf = await makeSamplePdf('fuzz');
    const valid = encodeIppMessage({
      version: [2, 0], code: 0x0002, requestId: 7,
      groups: [{ tag: GroupTag.operation, attributes: [
        ipp.attr('attributes-charset', ipp.charset('utf-8')),
        ipp.attr('attributes-natural-language', ipp.language('en')),
        ipp.attr('printer-uri', ipp.uri(printer.url)),
        ipp.attr('requesting-user-name', ipp.name('fuzzer')),
        ipp.attr('document-format', ipp.mime('application/pdf')),
      ] }],
      data: pdf,
    });
    const headerLength = valid.length - pdf.length;
    let seed = 12345;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const statuses = new Map<number, number>();
    for (let i = 0; i < 150; i++) {
      const mangled = Uint8Array.from(valid.subarray(0, headerLength + 64));
      const kind = i % 3;
      if (kind === 0) mangled[8 + random(headerLength - 8)] = random(256); // one byte of the attributes
      else if (kind === 1) for (let k = 0; k < 4; k++) mangled[random(headerLength)] = random(256);
      const body = kind === 2 ? mangled.subarray(0, random(headerLength)) : mangled; // truncated
      const res = await post(body);
      expect(res.status).toBe(200);
      if (res.body.length >= 8) {
        const answer = parseIppMessage(res.body);
        statuses.set(answer.code, (statuses.get(answer.code) ?? 0) + 1);
        // A mangled request may still be valid IPP, but the document (cut to 64 bytes) is never a whole PDF.
        expect(answer.code).not.toBe(0x0000);
      }
    }
    expect((await inbox.list()).length).toBe(0);
    expect([...statuses.keys()].every((code) => code >= 0x0400)).toBe(true);
    const ok = await post(valid);
    expect(parseIppMessage(ok.body).code).toBe(0x0000);
    expect((await inbox.list()).length).toBe(1);
  });

  it('refuses a non-IPP body and a wrong content type without touching the queue', async () => {
    const junk = await fetch(httpUrl, { method: 'POST', headers: { 'content-type': 'application/ipp' }, body: 'GET / HTTP/1.0' });
    expect(junk.status).toBe(200);
    expect(parseIppMessage(new Uint8Array(await junk.arrayBuffer())).code).toBe(0x0400);
    const wrongType = await fetch(httpUrl, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hello' });
    expect(wrongType.status).toBe(415);
  });
});
