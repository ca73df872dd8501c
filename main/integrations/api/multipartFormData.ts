import { ApiProblem } from './problemDetails';

/** One part of a multipart/form-data body (RFC 7578). */
export interface FormPart {
  name: string;
  filename?: string;
  contentType?: string;
  data: Buffer;
}

/**
 * Splits a complete multipart/form-data body into its parts. Strict: a body that does not follow
 * the boundary rules is refused with a 400 instead of being half-read.
 */
export function parseMultipartFormData(body: Buffer, contentType: string): FormPart[] {
  const m = /boundary=(?:"([^"]{1,70})"|([^;\s]{1,70}))/i.exec(contentType);
  if (!m) throw new ApiProblem('malformed-request', 'multipart/form-data without a boundary parameter');
  const boundary = Buffer.from(`--${m[1] ?? m[2]}`, 'latin1');
  const delimiter = Buffer.concat([Buffer.from('\r\n'), boundary]);
  let pos = body.indexOf(boundary);
  if (pos !== 0 && pos !== -1) {
    // Preamble before the first boundary is allowed; it must end with CRLF.
    pos = body.indexOf(delimiter);
    if (pos !== -1) pos += 2;
  }
  if (pos === -1) throw new ApiProblem('malformed-request', 'multipart body: first boundary not found');
  const parts: FormPart[] = [];
  pos += boundary.length;
  for (;;) {
    if (body.subarray(pos, pos + 2).toString('latin1') === '--') return parts;
    if (body.subarray(pos, pos + 2).toString('latin1') !== '\r\n') throw new ApiProblem('malformed-request', 'multipart body: bad boundary line');
    pos += 2;
    const headerEnd = body.indexOf('\r\n\r\n', pos);
    if (headerEnd === -1) throw new ApiProblem('malformed-request', 'multipart body: part headers not terminated');
    const headers = body.subarray(pos, headerEnd).toString('utf8').split('\r\n');
    const next = findDelimiter(body, delimiter, headerEnd + 4);
    if (next === -1) throw new ApiProblem('malformed-request', 'multipart body: closing boundary not found');
    const part: Partial<FormPart> = { data: body.subarray(headerEnd + 4, next) };
    for (const line of headers) {
      const colon = line.indexOf(':');
      if (colon === -1) throw new ApiProblem('malformed-request', 'multipart body: bad part header');
      const key = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      if (key === 'content-disposition') {
        const name = /(?:^|;)\s*name="([^"]*)"/i.exec(value);
        const filename = /(?:^|;)\s*filename="([^"]*)"/i.exec(value);
        if (name) part.name = name[1];
        if (filename) part.filename = filename[1];
      } else if (key === 'content-type') {
        part.contentType = value.toLowerCase();
      }
    }
    if (!part.name) throw new ApiProblem('malformed-request', 'multipart body: a part has no name');
    parts.push(part as FormPart);
    pos = next + delimiter.length;
    // Transport padding (RFC 2046): spaces or tabs may follow a boundary before its CRLF.
    while (body[pos] === 0x20 || body[pos] === 0x09) pos++;
  }
}

/**
 * The next real delimiter: CRLF--boundary followed by "--" or (padding and) CRLF. The same bytes
 * followed by anything else are data (a careless sender's boundary look-alike), not a part's end.
 */
function findDelimiter(body: Buffer, delimiter: Buffer, from: number): number {
  for (let at = body.indexOf(delimiter, from); at !== -1; at = body.indexOf(delimiter, at + 1)) {
    let after = at + delimiter.length;
    if (body[after] === 0x2d && body[after + 1] === 0x2d) return at;
    while (body[after] === 0x20 || body[after] === 0x09) after++;
    if (body[after] === 0x0d && body[after + 1] === 0x0a) return at;
  }
  return -1;
}
