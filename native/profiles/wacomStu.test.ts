import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sharedDataPath } from '../../main/config/sharedData';
import type { SampleGap } from '../pen/penSample';
import { parseStuLog, stuLogSessionToReports, stuRowIsAway, type StuLogRow } from '../transport/stuLog';
import { profileFor } from './penProfileRegistry';
import { STU_PRODUCTS, WacomStuDecoder, stuPadToScreen, wacomStuProfile } from './wacomStu';
import {
  STU_IMAGE_BLOCK_BYTES, StuReportId, decodeStuCapability, decodeStuPenDataTimeCountSequence, encodeStuCapability, encodeStuPenData,
  encodeStuPenDataTimeCountSequence, packStuMonochrome, stuImageUploadReports,
} from './wacomStuProtocol';

const logs = sharedDataPath('wacom-stu-logs');
if (!logs) console.warn('shared data ../shared/data/wacom-stu-logs is absent: STU log tests skipped');

function loadSessions(): StuLogRow[][] {
  return ['logfile.txt', 'logfile1.txt', 'logfile2.txt'].flatMap((f) => parseStuLog(readFileSync(join(logs!, f), 'utf8')));
}

describe('Wacom STU profile', () => {
  it.skipIf(!logs)('encodes the real STU logs into 0x34 reports and decodes them back to identical samples', () => {
    const sessions = loadSessions();
    expect(sessions.reduce((n, s) => n + s.length, 0)).toBe(10225);
    expect(sessions.length).toBe(14); // sequence numbers restart 11 times across the three logs
    for (const rows of sessions) {
      const gaps: SampleGap[] = [];
      const decoder = new WacomStuDecoder({ vendorId: 0x56a, productId: 0xa5 }, { events: { onGap: (g) => gaps.push(g) } });
      const reports = stuLogSessionToReports(rows);
      const samples = reports.map((r) => decoder.decode(r.data, r.t + 1000));
      expect(gaps).toEqual([]);
      expect(decoder.stats.samples).toBe(rows.length);
      rows.forEach((row, i) => {
        const s = samples[i]!;
        expect([s.x, s.y, s.pressure, s.t]).toEqual([row.x, row.y, row.pressure, 1000 + row.timeCount - rows[0].timeCount]);
        expect(s.tip).toBe(row.pressure > 0);
        expect(s.inRange).toBe(!stuRowIsAway(row));
        expect(s.np).toBeCloseTo(row.pressure / 1023, 12);
      });
    }
  });

  it.skipIf(!logs)('detects and reports dropped reports from the sequence numbers', () => {
    const rows = loadSessions().find((s) => s.length > 500)!;
    const reports = stuLogSessionToReports(rows);
    const kept = reports.filter((_, i) => i !== 100 && !(i >= 300 && i < 305));
    const gaps: SampleGap[] = [];
    const decoder = new WacomStuDecoder({}, { events: { onGap: (g) => gaps.push(g) } });
    const samples = kept.map((r) => decoder.decode(r.data, r.t));
    expect(gaps.map((g) => [g.reason, g.lostReports])).toEqual([['reports-lost', 1], ['reports-lost', 5]]);
    expect(gaps[0]).toMatchObject({ fromT: samples[99]!.t, toT: samples[100]!.t });
    expect(decoder.stats.lostReports).toBe(6);
    expect(decoder.stats.samples).toBe(kept.length);
  });

  it('handles the sequence wrapping at 65535 without a false gap', () => {
    const gaps: SampleGap[] = [];
    const d = new WacomStuDecoder({}, { events: { onGap: (g) => gaps.push(g) } });
    for (const [i, seq] of [65534, 65535, 0, 1].entries()) {
      d.decode(encodeStuPenDataTimeCountSequence({ rdy: true, sw: 1, pressure: 10, x: 1, y: 1, timeCount: (65530 + i * 5) & 0xffff, sequence: seq }), i * 5);
    }
    expect(gaps).toEqual([]);
    expect(d.stats.samples).toBe(4);
  });

  it('reads PenData (0x01), applies the pad capability, and counts bad reports', () => {
    const errors: string[] = [];
    const d = new WacomStuDecoder({ vendorId: 0x56a, productId: 0xa4 }, { events: { onError: (k) => errors.push(k) } });
    expect(d.device).toMatchObject({ product: 'Wacom STU-430', xRange: [0, 9600], widthMm: 96 });
    d.applyFeatureReport(encodeStuCapability({ tabletMaxX: 10800, tabletMaxY: 6480, tabletMaxPressure: 1023, screenWidth: 800, screenHeight: 480, maxReportRate: 200, resolution: 2540 }));
    expect(d.device).toMatchObject({ xRange: [0, 10800], yRange: [0, 6480], widthMm: 108, heightMm: 64.8 });
    const s = d.decode(encodeStuPenData({ rdy: true, sw: 1, pressure: 0xabc, x: 0x1234, y: 0x0fed }), 42)!;
    expect([s.t, s.x, s.y, s.pressure, s.tip, s.inRange]).toEqual([42, 0x1234, 0x0fed, 0xabc, true, true]);
    expect(d.decode(new Uint8Array([0x34, 1, 2]), 43)).toBeUndefined();
    expect(d.decode(new Uint8Array([0x01]), 44)).toBeUndefined();
    expect(d.decode(new Uint8Array([0xee, 1, 2, 3]), 45)).toBeUndefined();
    expect(d.decode(new Uint8Array([StuReportId.status, 0, 0, 0, 0]), 46)).toBeUndefined();
    expect(errors).toEqual(['truncated', 'truncated', 'unknown-report-id']);
    expect(d.stats.ignored).toBe(1);
  });

  it('round-trips its protocol reports and builds the LCD image upload', () => {
    const p = { rdy: true, sw: 1, pressure: 4095, x: 65535, y: 0, timeCount: 54321, sequence: 65535 };
    expect(decodeStuPenDataTimeCountSequence(encodeStuPenDataTimeCountSequence(p))).toEqual(p);
    const cap = { tabletMaxX: 9600, tabletMaxY: 6000, tabletMaxPressure: 1023, screenWidth: 320, screenHeight: 200, maxReportRate: 200, resolution: 2540 };
    expect(decodeStuCapability(encodeStuCapability(cap))).toEqual(cap);
    const grey = new Uint8Array(320 * 200).fill(255);
    grey[0] = 0;
    grey[321] = 0;
    const mono = packStuMonochrome(grey, 320, 200);
    expect(mono.length).toBe(40 * 200);
    expect([mono[0], mono[40]]).toEqual([0x80, 0x40]);
    const reports = stuImageUploadReports(mono, 0);
    expect(reports[0]).toEqual(new Uint8Array([0x25, 0]));
    expect(reports.at(-1)).toEqual(new Uint8Array([0x27, 0]));
    expect(reports.length).toBe(2 + Math.ceil(8000 / STU_IMAGE_BLOCK_BYTES));
    const last = reports.at(-2)!;
    expect(last[1] | (last[2] << 8)).toBe(8000 % STU_IMAGE_BLOCK_BYTES);
    expect(wacomStuProfile.startCommands!({}).map((c) => [...c.data])).toEqual([[0x20, 0], [0x21, 1]]);
  });

  it('maps digitizer units onto the pad screen', () => {
    const cap = STU_PRODUCTS[0x00a4].capability; // STU-430: 9600 × 6000 onto 320 × 200 px
    expect(stuPadToScreen(cap, 9600, 6000)).toEqual({ x: 320, y: 200 });
    expect(stuPadToScreen(cap, 4800, 1500)).toEqual({ x: 160, y: 50 });
  });

  it('is chosen for STU pads, and the generic profile for descriptor-only devices', () => {
    expect(profileFor({ vendorId: 0x56a, productId: 0xa8 })?.id).toBe('wacom-stu');
    expect(profileFor({ vendorId: 0x56a, productId: 0x61 })?.id).toBe('wacom-penpartner');
    expect(profileFor({ vendorId: 0x1234, productId: 1 })).toBeUndefined();
    expect(profileFor({ vendorId: 0x56a, productId: 0xa8 }, 'generic-digitizer')).toBeUndefined();
  });
});
