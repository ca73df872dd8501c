import type { PenDeviceInfo, PenSample, SampleGap } from '../../native/pen/penSample';
import type { BiometricRecord } from './biometricRecord';

/**
 * The biometric record of one signature as it is captured, for every source: the pen service's
 * devices (HID, pads, the simulated pen) and the customer page's samples (Pointer Events, WebHID)
 * alike. It keeps the samples untouched (hover included), the gaps and the device, and is bounded:
 * past `maxSamples` nothing more is kept and one gap, from the first sample refused, marks the rest.
 * The one place a BiometricRecord is built (`finish`).
 */
export class CaptureRecorder {
  private samples: PenSample[] = [];
  private gaps: SampleGap[] = [];
  private capturedAt: string | undefined;
  private lastSeenT: number | undefined;
  /** A gap that is open (device unplugged, paused) until the next sample or the end. */
  private open: SampleGap | undefined;
  /** The bound was reached: the rest of the signature is not recorded. */
  full = false;

  constructor(public device: PenDeviceInfo, private readonly maxSamples: number) {}

  get sampleCount(): number {
    return this.samples.length;
  }

  get lastSample(): PenSample | undefined {
    return this.samples.at(-1);
  }

  get hasOpenGap(): boolean {
    return this.open !== undefined;
  }

  /** The wall-clock start of the capture (ISO 8601); the first call wins. */
  begin(at: string): void {
    this.capturedAt ??= at;
  }

  /** Keeps the samples up to the bound; returns the ones kept. */
  add(samples: readonly PenSample[]): PenSample[] {
    if (samples.length === 0) return [];
    this.lastSeenT = samples.at(-1)!.t;
    const room = Math.max(0, this.maxSamples - this.samples.length);
    const kept = samples.length <= room ? [...samples] : samples.slice(0, room);
    for (const s of kept) this.samples.push(s);
    if (kept.length < samples.length && !this.full) {
      this.full = true;
      this.open = undefined;
      // Closed at the end, where the capture's last sample or clock says it stopped.
      this.gaps.push({ fromT: samples[kept.length].t, toT: Number.MAX_SAFE_INTEGER, reason: 'paused' });
    }
    return kept;
  }

  gap(gap: SampleGap): void {
    this.gaps.push(gap);
  }

  /** Opens a gap from `fromT` (unless one is open already). */
  openGap(reason: SampleGap['reason'], fromT: number): void {
    this.open ??= { fromT, toT: fromT, reason };
  }

  /** The pen is back: the open gap closes at `t` and is recorded; returns it. */
  closeOpenGap(t: number): SampleGap | undefined {
    const g = this.open;
    if (!g) return undefined;
    this.open = undefined;
    g.toT = Math.max(g.fromT, t);
    this.gaps.push(g);
    return g;
  }

  /** "Clear": the capture goes on, empty. */
  clear(): void {
    this.samples = [];
    this.gaps = [];
    this.open = undefined;
    this.full = false;
  }

  /**
   * The record: a gap still open (or the bound's) runs to `endT` (the sample clock's now, where the
   * source has one) or to the last sample seen; `device` where more was learned during the capture.
   */
  finish(options: { endT?: number; device?: PenDeviceInfo; fallbackCapturedAt: string }): BiometricRecord {
    const end = Math.max(this.lastSeenT ?? -Infinity, options.endT ?? -Infinity);
    if (this.full) {
      const g = this.gaps.find((x) => x.toT === Number.MAX_SAFE_INTEGER);
      if (g) g.toT = Math.max(g.fromT, end);
    }
    if (this.open) this.closeOpenGap(options.endT ?? end);
    if (options.device) this.device = { ...options.device };
    return { device: this.device, samples: this.samples, gaps: this.gaps, capturedAt: this.capturedAt ?? options.fallbackCapturedAt };
  }
}
