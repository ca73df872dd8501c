import type { InkPoint, PenDeviceInfo, PenSample } from '../../native/pen/penSample';
import type { BiometricRecord } from '../pen/biometricRecord';
import { CaptureRecorder } from '../pen/captureRecorder';

/** Pointer Events at 240 Hz fill this in about seven minutes: far more than any signature. */
export const MAX_CLIENT_SAMPLES = 100_000;

const clientSources: readonly PenDeviceInfo['source'][] = ['pointer-events', 'webhid'];
export const isClientSource = (source: PenDeviceInfo['source']) => clientSources.includes(source);

/** Until the page says what it is: a Pointer Events surface of unknown size (square units). */
const unknownClient = (source: PenDeviceInfo['source']): PenDeviceInfo => ({ source, profile: source, xRange: [0, 1], yRange: [0, 1], pressureRange: [0, 1] });

/**
 * The biometric record of one place's signature as the customer's page sent it (Pointer Events,
 * WebHID), kept by the same bounded recorder the pen service keeps a device's record with
 * (main/pen/captureRecorder.ts): the samples untouched, hover included, with the device they
 * came from. Past MAX_CLIENT_SAMPLES further samples are refused and the gap is recorded.
 */
export class SignatureCapture {
  private recorder: CaptureRecorder | undefined;

  get device(): PenDeviceInfo | undefined {
    return this.recorder?.device;
  }

  get sampleCount(): number {
    return this.recorder?.sampleCount ?? 0;
  }

  /** The first source of a signature owns it: ink from two pens at once cannot be one person's signature. */
  accepts(source: PenDeviceInfo['source']): boolean {
    return !this.recorder || this.recorder.device.source === source;
  }

  adopt(source: PenDeviceInfo['source'], device?: Omit<PenDeviceInfo, 'source'> & { product?: string }): void {
    this.recorder ??= new CaptureRecorder(device ? { ...device, source } : unknownClient(source), MAX_CLIENT_SAMPLES);
  }

  /** Keeps the samples (up to the bound); returns the ones kept. */
  add(samples: PenSample[], now: Date): PenSample[] {
    this.adopt('pointer-events');
    this.recorder!.begin(now.toISOString());
    return this.recorder!.add(samples);
  }

  unplugged(): void {
    const t = this.recorder?.lastSample?.t ?? 0;
    this.recorder?.gap({ fromT: t, toT: t, reason: 'device-unplugged' });
  }

  record(signedAt: Date): BiometricRecord {
    return (this.recorder ?? new CaptureRecorder(unknownClient('pointer-events'), MAX_CLIENT_SAMPLES)).finish({ fallbackCapturedAt: signedAt.toISOString() });
  }

  /** The samples leave memory (after sealing they live only inside the encrypted document). */
  drop(): void {
    this.recorder = undefined;
  }
}

/** A sample as signature-box ink: the page's own samples are in box coordinates already. */
export function clientInkPoint(s: PenSample): InkPoint {
  return { x: s.nx, y: s.ny, p: s.np, t: s.t };
}
