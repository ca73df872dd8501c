/**
 * The top-level entries of a dictionary object straight from the file's bytes, without building the
 * values of the entries nobody asked for: walking the page tree needs /Type, /Kids, /Count, the boxes,
 * /Rotate and /Annots of every page, not its /Resources (a page of office output names dozens of
 * fonts there, and pdf-lib's parser spent most of a 200-page signing building them, every time).
 *
 * Returns each wanted key's value as its byte range, or undefined when the bytes are not a plain
 * dictionary this scanner is sure about (a stream, a comment, anything unusual): the caller then
 * parses the object fully, as before. Strings (with escapes and nesting), hex strings, arrays and
 * nested dictionaries are skipped by their delimiters.
 */
function isWhite(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x0c || c === 0x00;
}
function isDelimiter(c: number): boolean {
  return c === 0x28 || c === 0x29 || c === 0x3c || c === 0x3e || c === 0x5b || c === 0x5d || c === 0x7b || c === 0x7d || c === 0x2f || c === 0x25;
}
const MAX_DEPTH = 64;

export function shallowDictEntries(bytes: Uint8Array, start: number, wanted: ReadonlySet<string>): Map<string, { from: number; to: number }> | undefined {
  let i = skipWhite(bytes, start);
  if (bytes[i] !== 0x3c || bytes[i + 1] !== 0x3c) return undefined;
  i += 2;
  const out = new Map<string, { from: number; to: number }>();
  for (;;) {
    i = skipWhite(bytes, i);
    if (i >= bytes.length || bytes[i] === 0x25) return undefined;
    if (bytes[i] === 0x3e && bytes[i + 1] === 0x3e) {
      i += 2;
      break;
    }
    if (bytes[i] !== 0x2f) return undefined;
    const keyStart = i + 1;
    i = keyStart;
    while (i < bytes.length && !isWhite(bytes[i]) && !isDelimiter(bytes[i])) i++;
    let key = '';
    for (let k = keyStart; k < i; k++) key += String.fromCharCode(bytes[k]);
    // An escaped name (#xx) is left to the full parser.
    if (key.includes('#')) return undefined;
    const valueStart = skipWhite(bytes, i);
    const valueEnd = skipValue(bytes, valueStart, 0);
    if (valueEnd === undefined) return undefined;
    if (wanted.has(key)) {
      // A key given twice: the last copy wins, as in pdf-lib's parser.
      out.set(key, { from: valueStart, to: valueEnd });
    }
    i = valueEnd;
  }
  // A stream's dictionary: its data follows; leave it to the full parser.
  const after = skipWhite(bytes, i);
  if (bytes[after] === 0x73 && bytes[after + 1] === 0x74 && bytes[after + 2] === 0x72) return undefined;
  return out;
}

function skipWhite(bytes: Uint8Array, i: number): number {
  while (i < bytes.length && isWhite(bytes[i])) i++;
  return i;
}

/** The end of one value starting at i (a reference `n g R` counts as one), or undefined. */
function skipValue(bytes: Uint8Array, i: number, depth: number): number | undefined {
  if (depth > MAX_DEPTH || i >= bytes.length) return undefined;
  const c = bytes[i];
  if (c === 0x2f) {
    i++;
    while (i < bytes.length && !isWhite(bytes[i]) && !isDelimiter(bytes[i])) i++;
    return i;
  }
  if (c === 0x28) return skipString(bytes, i);
  if (c === 0x3c && bytes[i + 1] === 0x3c) {
    i += 2;
    for (;;) {
      i = skipWhite(bytes, i);
      if (i >= bytes.length || bytes[i] === 0x25) return undefined;
      if (bytes[i] === 0x3e && bytes[i + 1] === 0x3e) return i + 2;
      const end = skipValue(bytes, i, depth + 1);
      if (end === undefined) return undefined;
      i = end;
    }
  }
  if (c === 0x3c) {
    i++;
    while (i < bytes.length && bytes[i] !== 0x3e) i++;
    return i < bytes.length ? i + 1 : undefined;
  }
  if (c === 0x5b) {
    i++;
    for (;;) {
      i = skipWhite(bytes, i);
      if (i >= bytes.length || bytes[i] === 0x25) return undefined;
      if (bytes[i] === 0x5d) return i + 1;
      const end = skipValue(bytes, i, depth + 1);
      if (end === undefined) return undefined;
      i = end;
    }
  }
  if (isDelimiter(c)) return undefined;
  // A number, true/false/null, or a reference: the token, and `g R` after an integer when present.
  const end = tokenEnd(bytes, i);
  if (end === i) return undefined;
  if (!isInteger(bytes, i, end)) return end;
  const genStart = skipWhite(bytes, end);
  const genEnd = tokenEnd(bytes, genStart);
  if (genStart === end || !isInteger(bytes, genStart, genEnd)) return end;
  const rStart = skipWhite(bytes, genEnd);
  if (rStart === genEnd || bytes[rStart] !== 0x52) return end;
  return tokenEnd(bytes, rStart) === rStart + 1 ? rStart + 1 : end;
}

function tokenEnd(bytes: Uint8Array, from: number): number {
  let j = from;
  while (j < bytes.length && !isWhite(bytes[j]) && !isDelimiter(bytes[j])) j++;
  return j;
}

function isInteger(bytes: Uint8Array, from: number, to: number): boolean {
  if (to <= from) return false;
  for (let k = from; k < to; k++) if (bytes[k] < 0x30 || bytes[k] > 0x39) return false;
  return true;
}

function skipString(bytes: Uint8Array, i: number): number | undefined {
  let depth = 0;
  for (; i < bytes.length; i++) {
    const c = bytes[i];
    if (c === 0x5c) i++;
    else if (c === 0x28) depth++;
    else if (c === 0x29 && --depth === 0) return i + 1;
  }
  return undefined;
}
