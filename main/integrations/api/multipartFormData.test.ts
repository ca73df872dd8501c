import { describe, expect, it } from 'vitest';
import { parseMultipartFormData } from './multipartFormData';
import { ApiProblem } from './problemDetails';

const type = 'multipart/form-data; boundary=XyZ';
const body = Buffer.from(
  'preamble\r\n--XyZ\r\nContent-Disposition: form-data; name="metadata"\r\nContent-Type: application/json\r\n\r\n{"a":1}\r\n' +
  '--XyZ\r\nContent-Disposition: form-data; name="document"; filename="ä.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.7\r\n--XyZ-not-a-boundary\r\n%%EOF\r\n' +
  '--XyZ--\r\n',
);

describe('multipart/form-data parser', () => {
  it('splits parts exactly, keeping CRLFs and boundary look-alikes inside the data', () => {
    const parts = parseMultipartFormData(body, type);
    expect(parts.map((p) => [p.name, p.filename, p.contentType])).toEqual([['metadata', undefined, 'application/json'], ['document', 'ä.pdf', 'application/pdf']]);
    expect(parts[1].data.toString('latin1')).toBe('%PDF-1.7\r\n--XyZ-not-a-boundary\r\n%%EOF');
  });

  it('refuses every truncation and a missing boundary with a 400 problem, never another error', () => {
    for (let cut = 0; cut < body.length - 8; cut++) {
      try {
        parseMultipartFormData(body.subarray(0, cut), type);
        // Cutting only the epilogue after the last boundary is harmless; anything earlier must fail.
        expect(cut).toBeGreaterThanOrEqual(body.length - 4);
      } catch (err) {
        expect(err).toBeInstanceOf(ApiProblem);
        expect((err as ApiProblem).status).toBe(400);
      }
    }
    expect(() => parseMultipartFormData(body, 'multipart/form-data')).toThrow(ApiProblem);
  });
});
