import type { BiometricRecord } from '../pen/biometricRecord';

/**
 * The ISO/IEC 19794-7 codec lives in main/pen/iso19794_7.ts (owned by the pen/HID area). It is
 * loaded by name at run time so that this area keeps working while that module is being written:
 * without it, containers carry the raw samples only and say so (`iso19794_7: null`).
 */
export interface IsoRecordCodec {
  encodeIso19794_7(record: BiometricRecord): Uint8Array;
  decodeIso19794_7(bytes: Uint8Array): BiometricRecord;
}

let cached: Promise<IsoRecordCodec | undefined> | undefined;

export function loadIsoRecordCodec(): Promise<IsoRecordCodec | undefined> {
  cached ??= (async () => {
    const specifier = '../pen/iso19794_7';
    try {
      const mod = (await import(/* @vite-ignore */ specifier)) as Partial<IsoRecordCodec>;
      if (typeof mod.encodeIso19794_7 === 'function' && typeof mod.decodeIso19794_7 === 'function') return mod as IsoRecordCodec;
    } catch {
      /* module not present yet */
    }
    return undefined;
  })();
  return cached;
}
