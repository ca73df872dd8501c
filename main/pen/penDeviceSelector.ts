import type { PenProfile } from '../../native/profiles/penProfile';
import { profileFor } from '../../native/profiles/penProfileRegistry';
import { vidPid, type HidDeviceInfo, type HidTransport } from '../../native/transport/hidTransport';

/**
 * Which pen to open, decided from what the transports list, without opening anything: pure, so
 * the rules (the configured device, the best-matching profile, the pen that was just unplugged
 * first, never another pen in the middle of a signature) can be read and tested on their own.
 */

export interface ListedDevices {
  transport: HidTransport;
  devices: HidDeviceInfo[];
}

export interface PenCandidate {
  transport: HidTransport;
  device: HidDeviceInfo;
  profile: PenProfile;
  score: number;
}

export interface SelectionPreferences {
  /** 'vid:pid' in lower case (config pen.device); empty: any. */
  wantedDevice: string;
  /** 'auto' or a profile id (config pen.profile). */
  preferredProfile: string;
  /** The hardware pen used last: when it comes back it comes first. */
  lastDevice?: HidDeviceInfo;
}

/** The same physical pen: same model and serial number (its path may change when it is plugged back). */
export const samePen = (a: HidDeviceInfo, b: HidDeviceInfo): boolean => vidPid(a) === vidPid(b) && a.serialNumber === b.serialNumber;

/** Every listed device a profile can drive, best first. */
export function rankPenCandidates(listed: readonly ListedDevices[], prefs: SelectionPreferences): PenCandidate[] {
  const out: PenCandidate[] = [];
  for (const { transport, devices } of listed) {
    for (const device of devices) {
      if (prefs.wantedDevice && vidPid(device) !== prefs.wantedDevice) continue;
      const profile = profileFor(device, prefs.preferredProfile);
      if (!profile) continue;
      let score = profile.match(device);
      // The pen unplugged a moment ago comes first when it returns.
      if (prefs.lastDevice && samePen(prefs.lastDevice, device)) score += 1000;
      out.push({ transport, device, profile, score });
    }
  }
  return out.sort((a, b) => b.score - a.score);
}

/**
 * A signature continues only on the pen it began on: samples of another device (other ranges,
 * other sensor) must not join its record. Returns the candidates that may be opened now, and the
 * other pen that was found instead, if any (the teller is told).
 */
export function candidatesForSignature(candidates: readonly PenCandidate[], capturedOn: HidDeviceInfo | undefined): { usable: PenCandidate[]; otherPen?: PenCandidate } {
  if (!capturedOn) return { usable: [...candidates] };
  const usable = candidates.filter((c) => samePen(c.device, capturedOn));
  return { usable, otherPen: usable.length ? undefined : candidates[0] };
}
