import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { strokesOf } from './biometricRecord';
import { parseSvc2004, readSvc2004File, Svc2004FormatError, SVC2004_PROFILE } from './svc2004';
import { sharedDataLocation } from '../config/sharedData';

const TASK2 = join(sharedDataLocation(), 'svc2004-task2-dev', 'Task2');
const haveData = existsSync(join(TASK2, 'U1S1.TXT'));
if (!haveData) console.warn(`svc2004.test: skipping the real-data tests: ${TASK2} is absent (see ../shared/README.md)`);

describe.skipIf(!haveData)('SVC2004 Task 2 import on the real corpus', () => {
  it('reads U1S1 with every point, relative times, angles in degrees and split strokes', async () => {
    const text = readFileSync(join(TASK2, 'U1S1.TXT'), 'latin1');
    const lines = text.trim().split(/\r?\n/);
    const first = lines[1]!.trim().split(/\s+/).map(Number);
    const record = await readSvc2004File(join(TASK2, 'U1S1.TXT'));

    expect(record.samples).toHaveLength(Number(lines[0]));
    expect(record.device.profile).toBe(SVC2004_PROFILE);
    expect(record.device.source).toBe('simulated');
    expect(record.device.sampleRateHz).toBe(100);
    const s0 = record.samples[0]!;
    expect(s0.t).toBe(0);
    expect([s0.x, s0.pressure]).toEqual([first[0], first[6]]);
    // y is mirrored within the record's range (the tablet's y points up, the station's down).
    const ys = lines.slice(1).map((l) => Number(l.trim().split(/\s+/)[1]));
    expect(s0.y).toBe(Math.min(...ys) + Math.max(...ys) - first[1]!);
    expect(s0.azimuth).toBeCloseTo(first[4]! / 10, 9);
    expect(s0.altitude).toBeCloseTo(first[5]! / 10, 9);
    // Times never run backwards (repeats are allowed and kept).
    for (let i = 1; i < record.samples.length; i++) {
      expect(record.samples[i]!.t).toBeGreaterThanOrEqual(record.samples[i - 1]!.t);
    }
    // Button-0 points (pen lifted) split the signature into strokes.
    const penUps = lines.slice(1).filter((l) => l.trim().split(/\s+/)[3] === '0').length;
    expect(penUps).toBeGreaterThan(1);
    expect(strokesOf(record.samples).length).toBeGreaterThanOrEqual(penUps - 1);
  });

  it('reads all 800 files with normalised values inside 0..1', async () => {
    let total = 0;
    for (let u = 1; u <= 20; u++) {
      for (let s = 1; s <= 40; s++) {
        const record = await readSvc2004File(join(TASK2, `U${u}S${s}.TXT`));
        total += record.samples.length;
        for (const p of record.samples) {
          expect(p.nx >= 0 && p.nx <= 1 && p.ny >= 0 && p.ny <= 1 && p.np >= 0 && p.np <= 1).toBe(true);
          expect(p.azimuth! >= 0 && p.azimuth! <= 360 && p.altitude! >= 0 && p.altitude! <= 90).toBe(true);
        }
      }
    }
    expect(total).toBeGreaterThan(100_000);
  });
});

describe('SVC2004 import of bad input', () => {
  const good = '3\n10 20 1000 1 900 450 100\n12 22 1010 1 900 450 200\n14 24 1020 0 900 450 0\n';

  it('accepts button values other than 0/1 as pen-down, and CRLF line ends', () => {
    const record = parseSvc2004(good.replace('1010 1', '1010 4').replace(/\n/g, '\r\n'), 'x.txt');
    expect(record.samples.map((s) => s.tip)).toEqual([true, true, false]);
    expect(record.samples.map((s) => s.t)).toEqual([0, 10, 20]);
    expect(record.samples[1]!.np).toBe(1);
    expect(record.samples.map((s) => s.y)).toEqual([24, 22, 20]); // tablet y points up; mirrored to point down
    expect(record.samples[0]!.ny).toBe(1);
  });

  it.each([
    ['', /empty/],
    ['abc\n', /number of points/],
    ['3\n10 20 1000 1 900 450 100\n', /declares 3 points but only 1/],
    ['1\n10 20 1000 1 900 450\n', /expected 7 columns/],
    ['1\n10 20 1000 1 900 x 100\n', /not a number/],
    ['1\n10 20 1000 1 900 450 100\n11 20 1000 1 900 450 100\n', /more data/],
  ])('refuses %j with a clear error naming the source', (text, message) => {
    expect(() => parseSvc2004(text, 'bad.txt')).toThrow(Svc2004FormatError);
    expect(() => parseSvc2004(text, 'bad.txt')).toThrow(message);
    expect(() => parseSvc2004(text, 'bad.txt')).toThrow(/^bad\.txt/);
  });
});
