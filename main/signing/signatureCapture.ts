import type { InkPoint, PenDeviceInfo, PenSample } from '../../native/pen/penSample';
import type { BiometricRecord, CaptureGap } from '../pen/biometricRecord';

/** Pointer Events at 240 Hz fill this in about seven minutes: far more than any signature. */
export const MAX_CLIENT_SAMPLES = 100_000;

const clientSources: readonly PenDeviceInfo['source'][] = ['pointer-events', 'webhid'];
export const isClientSource = (source: PenDeviceInfo['source']) => clientSources.includes(source);

/**
 * The biometric record of one place's signature as the customer's page sent it (Pointer Events,
 * WebHID): the samples untouched, hover included, with the device they came from. A device the
 * station reads itself keeps its own record in the pen service; this one only knows its source.
 * Bounded: past MAX_CLIENT_SAMPLES further samples are refused and the gap is recorded.
 */
export class SignatureCapture {
  private samples: PenSample[] = [];
  private gaps: CaptureGap[] = [];
  private startedAt: string | undefined;
  device: PenDeviceInfo | undefined;

  get sampleCount(): number {
    return this.samples.length;
  }

  /** The first source of a signature owns it: ink from two pens at once cannot be one person's signature. */
  accepts(source: PenDeviceInfo['source']): boolean {
    return !this.device || this.device.source === source;
  }

  adopt(source: PenDeviceInfo['source'], device?: Omit<PenDeviceInfo, 'source'> & { product?: string }): void {
    this.device ??= device ? { ...device, source } : { source, profile: source, xRange: [0, 1], yRange: [0, 1], pressureRange: [0, 1] };
  }

  /** Keeps the samples (up to the bound); returns the ones kept. */
  add(samples: PenSample[], now: Date): PenSample[] {
    this.startedAt ??= now.toISOString();
    const room = Math.max(0, MAX_CLIENT_SAMPLES - this.samples.length);
    const kept = samples.slice(0, room);
    this.samples.push(...kept);
    if (kept.length < samples.length) {
      const last = this.samples.at(-1);
      this.gaps.push({ fromT: last?.t ?? 0, toT: samples.at(-1)?.t ?? 0, reason: 'paused' });
    }
    return kept;
  }

  unplugged(): void {
    const last = this.samples.at(-1);
    this.gaps.push({ fromT: last?.t ?? 0, toT: last?.t ?? 0, reason: 'device-unplugged' });
  }

  record(signedAt: Date): BiometricRecord {
    return {
      device: this.device ?? { source: 'pointer-events', profile: 'pointer-events', xRange: [0, 1], yRange: [0, 1], pressureRange: [0, 1] },
      samples: this.samples,
      gaps: this.gaps,
      capturedAt: this.startedAt ?? signedAt.toISOString(),
    };
  }

  /** The samples leave memory (after sealing they live only inside the encrypted document). */
  drop(): void {
    this.samples = [];
    this.gaps = [];
    this.startedAt = undefined;
    this.device = undefined;
  }
}

/** A sample as signature-box ink: the page's own samples are in box coordinates already. */
export function clientInkPoint(s: PenSample): InkPoint {
  return { x: s.nx, y: s.ny, p: s.np, t: s.t };
}
