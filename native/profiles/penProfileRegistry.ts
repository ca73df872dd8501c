import { genericDigitizerProfile } from './genericDigitizer';
import type { PenDeviceDescription, PenProfile } from './penProfile';
import { wacomPenPartnerProfile } from './wacomPenPartner';
import { wacomStuProfile } from './wacomStu';

/** Every device family the station can drive. A new device is one file and one line here. */
export const penProfiles: readonly PenProfile[] = [wacomStuProfile, wacomPenPartnerProfile, genericDigitizerProfile];

export function profileById(id: string): PenProfile | undefined {
  return penProfiles.find((p) => p.id === id);
}

/**
 * The profile that would drive a device: the best match, or the one named in the configuration
 * ('auto' = best match). Undefined when nothing can drive it.
 */
export function profileFor(device: PenDeviceDescription, preferred = 'auto'): PenProfile | undefined {
  if (preferred !== 'auto') {
    const p = profileById(preferred);
    return p && p.match(device) > 0 ? p : undefined;
  }
  let best: PenProfile | undefined;
  let bestScore = 0;
  for (const p of penProfiles) {
    const score = p.match(device);
    if (score > bestScore) {
      best = p;
      bestScore = score;
    }
  }
  return best;
}
