import type { DecodeErrorKind, DecodeStats, PenReportDecoder } from '../hid/decode/penReportDecoder';
import type { PenDeviceInfo, PenSample, SampleGap } from '../pen/penSample';
import type { PenProfile } from '../profiles/penProfile';
import { profileFor } from '../profiles/penProfileRegistry';
import type { HidRecording, RecordedDevice } from './hidRecording';

export interface DecodedRecording {
  device: RecordedDevice;
  profile: PenProfile;
  info: PenDeviceInfo;
  samples: PenSample[];
  gaps: SampleGap[];
  stats: DecodeStats;
  /** The first few error messages, for the log. */
  errorMessages: string[];
}

export class NoProfileError extends Error {
  constructor(device: RecordedDevice) {
    const id = device.vendorId !== undefined ? ` ${device.vendorId.toString(16).padStart(4, '0')}:${(device.productId ?? 0).toString(16).padStart(4, '0')}` : '';
    super(`no pen profile can drive device ${device.index}${id}${device.name ? ` (${device.name})` : ''}: its descriptor has no pen and no specific profile knows it`);
    this.name = 'NoProfileError';
  }
}

/**
 * Decodes every device of a hid-recorder capture through the same profiles and decoders that read
 * live devices. Arrival times are the recording's own time stamps. Devices that no profile can
 * drive are skipped (listed in `skipped`).
 */
export function decodeRecording(recording: HidRecording, preferredProfile = 'auto'): { decoded: DecodedRecording[]; skipped: NoProfileError[] } {
  const decoded: DecodedRecording[] = [];
  const skipped: NoProfileError[] = [];
  for (const device of recording.devices) {
    const description = { vendorId: device.vendorId, productId: device.productId, product: device.name, reportDescriptor: device.descriptor };
    const profile = profileFor(description, preferredProfile);
    if (!profile) {
      if (recording.reports.some((r) => r.device === device.index)) skipped.push(new NoProfileError(device));
      continue;
    }
    const gaps: SampleGap[] = [];
    const errorMessages: string[] = [];
    const decoder: PenReportDecoder = profile.createDecoder(description, {
      events: {
        onGap: (g) => gaps.push(g),
        onError: (_kind: DecodeErrorKind, message: string) => {
          if (errorMessages.length < 20) errorMessages.push(message);
        },
      },
    });
    const samples: PenSample[] = [];
    for (const r of recording.reports) {
      if (r.device !== device.index) continue;
      const s = decoder.decode(r.data, r.t);
      if (s) samples.push(s);
    }
    decoded.push({ device, profile, info: decoder.device, samples, gaps, stats: decoder.stats, errorMessages });
  }
  return { decoded, skipped };
}
