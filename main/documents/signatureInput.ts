import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import type { PenDeviceInfo, PenSample } from '../../native/pen/penSample';
import type { BiometricRecord } from '../pen/biometricRecord';
import { decodeIso19794_7 } from '../pen/iso19794_7';
import { parseSvc2004 } from '../pen/svc2004';

/**
 * Reads a captured signature for headless signing (`station doc sign --signature …`): an SVC2004
 * .TXT file, an ISO/IEC 19794-7 binary record, or JSON (a BiometricRecord, `{samples: [...]}` or a
 * bare array of samples). The format is recognised by content, not trusted from the extension.
 */
export class SignatureInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SignatureInputError';
  }
}

const MAX_SIGNATURE_FILE = 32 * 1024 * 1024;

function num(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

function fromJson(value: unknown, source: string): BiometricRecord {
  const obj = value as Partial<BiometricRecord> & { samples?: unknown };
  const rawSamples = Array.isArray(value) ? value : obj?.samples;
  if (!Array.isArray(rawSamples) || rawSamples.length === 0) throw new SignatureInputError(`${source}: no samples in the JSON`);
  rawSamples.forEach((s, i) => {
    if (!s || !num(s.t) || !num(s.x) || !num(s.y)) throw new SignatureInputError(`${source}: sample ${i} lacks numeric t, x and y`);
  });
  const xs = rawSamples.map((s) => s.x as number);
  const ys = rawSamples.map((s) => s.y as number);
  const ps = rawSamples.map((s) => (num(s.pressure) ? s.pressure : 0));
  const range = (v: number[]): [number, number] => [Math.min(...v), Math.max(...v)];
  const device: PenDeviceInfo = !Array.isArray(value) && obj.device && Array.isArray(obj.device.xRange)
    ? obj.device
    : { source: 'simulated', profile: 'json-import', xRange: range(xs), yRange: range(ys), pressureRange: [0, Math.max(1, ...ps)] };
  const norm = (v: number, [a, b]: [number, number]) => (b > a ? Math.min(1, Math.max(0, (v - a) / (b - a))) : 0);
  const samples: PenSample[] = rawSamples.map((s) => ({
    t: s.t, x: s.x, y: s.y,
    pressure: num(s.pressure) ? s.pressure : 0,
    nx: num(s.nx) ? s.nx : norm(s.x, device.xRange),
    ny: num(s.ny) ? s.ny : norm(s.y, device.yRange),
    np: num(s.np) ? s.np : norm(num(s.pressure) ? s.pressure : 0, device.pressureRange),
    ...(num(s.tiltX) ? { tiltX: s.tiltX } : {}), ...(num(s.tiltY) ? { tiltY: s.tiltY } : {}),
    ...(num(s.azimuth) ? { azimuth: s.azimuth } : {}), ...(num(s.altitude) ? { altitude: s.altitude } : {}),
    inRange: s.inRange !== false,
    tip: typeof s.tip === 'boolean' ? s.tip : (num(s.pressure) ? s.pressure > 0 : true),
    buttons: num(s.buttons) ? s.buttons : 0,
  }));
  return {
    device,
    samples,
    gaps: !Array.isArray(value) && Array.isArray(obj.gaps) ? obj.gaps : [],
    capturedAt: !Array.isArray(value) && typeof obj.capturedAt === 'string' ? obj.capturedAt : new Date().toISOString(),
  };
}

export function parseSignatureInput(bytes: Uint8Array, source: string): BiometricRecord {
  if (bytes.length === 0) throw new SignatureInputError(`${source}: the file is empty`);
  if (bytes.length > MAX_SIGNATURE_FILE) throw new SignatureInputError(`${source}: the file is too large for a signature`);
  const head = Buffer.from(bytes.subarray(0, 4)).toString('latin1');
  if (head.startsWith('SDI')) {
    try {
      return decodeIso19794_7(bytes);
    } catch (err) {
      throw new SignatureInputError(`${source}: not a readable ISO/IEC 19794-7 record (${(err as Error).message})`);
    }
  }
  const text = Buffer.from(bytes).toString('utf8');
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      throw new SignatureInputError(`${source}: invalid JSON (${(err as Error).message})`);
    }
    return fromJson(value, source);
  }
  if (/^\s*\d+\s*\r?\n/.test(text) || extname(source).toLowerCase() === '.txt') {
    try {
      return parseSvc2004(text, source);
    } catch (err) {
      throw new SignatureInputError((err as Error).message);
    }
  }
  throw new SignatureInputError(`${source}: not a signature file (expected SVC2004 .TXT, ISO/IEC 19794-7 or samples .json)`);
}

export async function readSignatureInput(path: string): Promise<BiometricRecord> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (err) {
    throw new SignatureInputError(`cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  return parseSignatureInput(bytes, path);
}
