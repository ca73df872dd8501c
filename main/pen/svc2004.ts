import { readFile } from 'node:fs/promises';
import type { PenDeviceInfo, PenSample } from '../../native/pen/penSample';
import type { BiometricRecord } from './biometricRecord';

/**
 * Import of SVC2004 Task 2 signature files (Yeung et al., "SVC2004: First International Signature
 * Verification Competition", LNCS 3072, 2004): real online signatures recorded on a WACOM Intuos
 * tablet, used to develop and measure forensic comparison.
 *
 * File format: line 1 is the number of points N, then N lines
 *   `x y timestamp_ms button azimuth altitude pressure`
 * (integers; azimuth and altitude in tenths of a degree; pressure 0..1023; about 100 Hz).
 *
 * How the columns map onto PenSample:
 * - `t` is the timestamp relative to the first point (the files carry a free-running tablet clock).
 *   Repeated timestamps occur in the data and are kept as they are: the engine copes with them, and
 *   an examiner must see what the device said.
 * - `button`: the competition defines 0 as pen-up and 1 as pen-down. In the files a 0 marks the
 *   first point after the pen was lifted (a time gap precedes it). Such points are kept as hover
 *   samples (`inRange`, not `tip`) so that strokes split where the device said the pen was lifted.
 *   Other non-zero values (2–5 occur in the wider data set) are treated as pen-down: a reader must
 *   not reject them.
 * - `y`: the tablet's y axis points up (WinTab convention); the station's convention is y down, as
 *   HID digitizers and screens report it, and ISO 19794-7 export stores y as given. So y is mirrored
 *   within the record's own range: y' = minY + maxY − y (the same formula gives the file's value
 *   back). Without this, a signature imported from SVC2004 and the same signature passed through
 *   ISO 19794-7 would be upside-down to each other.
 * - `nx`, `ny`, `np` are normalised over the record (the files do not state the tablet's range).
 * - Angles are converted to degrees.
 */

/** Provenance descriptor for samples read from the SVC2004 corpus. */
export const SVC2004_PROFILE = 'svc2004-wacom-intuos';

/** Nominal sampling rate of the SVC2004 recordings. */
const SVC2004_SAMPLE_RATE_HZ = 100;

/** Reads one SVC2004 Task 2 file. `source` (a path or name) appears in error messages. */
export function parseSvc2004(text: string, source = 'SVC2004 input'): BiometricRecord {
  const lines = text.split(/\r?\n/);
  let lineIndex = 0;
  // Skip leading blank lines (some copies of the corpus carry them).
  while (lineIndex < lines.length && lines[lineIndex]!.trim() === '') lineIndex++;
  if (lineIndex >= lines.length) throw new Svc2004FormatError(source, 0, 'the file is empty');

  const headerLine = lines[lineIndex]!.trim();
  if (!/^\d+$/.test(headerLine)) {
    throw new Svc2004FormatError(source, lineIndex + 1, `expected the number of points, found "${clip(headerLine)}"`);
  }
  const declared = Number(headerLine);
  if (declared < 1) throw new Svc2004FormatError(source, lineIndex + 1, 'the file declares no points');
  lineIndex++;

  const rows: number[][] = [];
  for (; lineIndex < lines.length && rows.length < declared; lineIndex++) {
    const line = lines[lineIndex]!.trim();
    if (line === '') continue;
    const fields = line.split(/\s+/);
    if (fields.length !== 7) {
      throw new Svc2004FormatError(source, lineIndex + 1, `expected 7 columns (x y time button azimuth altitude pressure), found ${fields.length}`);
    }
    const row = fields.map(Number);
    if (row.some((v) => !Number.isFinite(v))) {
      throw new Svc2004FormatError(source, lineIndex + 1, `not a number in "${clip(line)}"`);
    }
    rows.push(row);
  }
  if (rows.length < declared) {
    throw new Svc2004FormatError(source, lineIndex, `the header declares ${declared} points but only ${rows.length} follow`);
  }
  for (; lineIndex < lines.length; lineIndex++) {
    if (lines[lineIndex]!.trim() !== '') {
      throw new Svc2004FormatError(source, lineIndex + 1, `more data than the ${declared} points the header declares`);
    }
  }

  let minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity, maxP = 0;
  for (const [x, y, , , , , p] of rows as [number, number, number, number, number, number, number][]) {
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
    if (p > maxP) maxP = p;
  }
  const spanX = maxX - minX || 1;
  const spanY = maxY - minY || 1;
  const t0 = rows[0]![2]!;

  const samples: PenSample[] = rows.map(([x, y, time, button, azimuth, altitude, pressure]) => {
    const down = button !== 0;
    const yDown = minY + maxY - y!;
    return {
      t: time! - t0,
      x: x!,
      y: yDown,
      pressure: pressure!,
      nx: (x! - minX) / spanX,
      ny: (yDown - minY) / spanY,
      np: maxP > 0 ? pressure! / maxP : 0,
      azimuth: azimuth! / 10,
      altitude: altitude! / 10,
      inRange: true,
      tip: down,
      buttons: 0,
    };
  });

  const device: PenDeviceInfo = {
    source: 'simulated',
    profile: SVC2004_PROFILE,
    product: `WACOM Intuos (SVC2004 Task 2 recording: ${source})`,
    xRange: [minX, maxX],
    yRange: [minY, maxY],
    pressureRange: [0, maxP],
    sampleRateHz: SVC2004_SAMPLE_RATE_HZ,
  };
  // The files carry no wall-clock time; the competition's year, as a reduced-precision ISO 8601 date.
  return { device, samples, gaps: [], capturedAt: '2004' };
}

/** Reads an SVC2004 Task 2 file from disk. */
export async function readSvc2004File(path: string): Promise<BiometricRecord> {
  const text = await readFile(path, 'latin1');
  return parseSvc2004(text, path);
}

/** A malformed SVC2004 file: names the source and the line. */
export class Svc2004FormatError extends Error {
  constructor(readonly source: string, readonly line: number, detail: string) {
    super(`${source}${line > 0 ? `:${line}` : ''}: not an SVC2004 signature file: ${detail}`);
    this.name = 'Svc2004FormatError';
  }
}

function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
