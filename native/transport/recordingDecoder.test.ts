import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sharedDataPath } from '../../main/config/sharedData';
import { strokesOf } from '../../main/pen/biometricRecord';
import { formatRecordedReport, formatRecordingHeader, parseHidRecording } from './hidRecording';
import { decodeRecording } from './recordingDecoder';

const capture = sharedDataPath('hid-descriptors/Wacom_PenPartner/hidrecord.txt');
if (!capture) console.warn('shared data ../shared/data/hid-descriptors is absent: PenPartner capture test skipped');

describe('hid-recorder captures', () => {
  it.skipIf(!capture)('the real PenPartner capture decodes to plausible strokes', () => {
    const recording = parseHidRecording(readFileSync(capture!, 'utf8'));
    expect(recording.problems).toEqual([]);
    expect(recording.devices[0]).toMatchObject({ vendorId: 0x056a, productId: 0x0061, name: 'WACOM FT-0203-UV1.4-2' });
    expect(recording.reports).toHaveLength(874);
    const { decoded, skipped } = decodeRecording(recording);
    expect(skipped).toEqual([]);
    const [d] = decoded;
    expect(d.profile.id).toBe('wacom-penpartner');
    expect(d.stats.errors).toEqual({ truncated: 0, 'unknown-report-id': 0, empty: 0, 'out-of-range': 0, malformed: 0 });
    expect(d.stats.samples).toBe(757); // every report 2
    expect(d.stats.ignored).toBe(874 - 757); // idle reports 0x63
    // Time runs forward over the 12.7 s capture.
    for (let i = 1; i < d.samples.length; i++) expect(d.samples[i].t).toBeGreaterThanOrEqual(d.samples[i - 1].t);
    expect(d.samples[d.samples.length - 1].t).toBeGreaterThan(12000);
    const strokes = strokesOf(d.samples);
    expect(strokes.length).toBeGreaterThanOrEqual(3);
    for (const stroke of strokes) {
      for (const s of stroke) {
        expect(s.pressure).toBeGreaterThan(0);
        expect(s.x).toBeLessThanOrEqual(5040);
        expect(s.y).toBeLessThanOrEqual(3780);
      }
      // Consecutive pen-down samples lie close together: a hand, not noise (under 5 % of the tablet per 8 ms report).
      for (let i = 1; i < stroke.length; i++) {
        expect(Math.hypot(stroke[i].x - stroke[i - 1].x, stroke[i].y - stroke[i - 1].y)).toBeLessThan(250);
      }
    }
  });

  it('writes captures that read back the same', () => {
    const text = formatRecordingHeader({ index: 0, name: 'pen', vendorId: 0x56a, productId: 0xa5, descriptor: new Uint8Array([5, 1, 9, 2]) })
      + formatRecordedReport(0, new Uint8Array([1, 2, 3])) + formatRecordedReport(12.5, new Uint8Array([0xff]));
    const back = parseHidRecording(text);
    expect(back.devices[0]).toMatchObject({ index: 0, name: 'pen', vendorId: 0x56a, productId: 0xa5, descriptor: new Uint8Array([5, 1, 9, 2]) });
    expect(back.reports.map((r) => [r.t, [...r.data]])).toEqual([[0, [1, 2, 3]], [12.5, [0xff]]]);
  });

  it('counts damaged lines and keeps the rest', () => {
    const back = parseHidRecording('D: 0\nI: 3 056a 0061\nE: 0.1 3 02 90\nE: x 1 02\ngarbage\nE: 0.2 8 02 91 10 00 10 00 40 00\n');
    expect(back.problems.map((p) => p.line)).toEqual([3, 4, 5]);
    expect(back.reports).toHaveLength(1);
  });
});
