import type { BiometricRecord } from '../pen/biometricRecord';
import { decodeIso19794_7, encodeIso19794_7 } from '../pen/iso19794_7';

/**
 * The ISO/IEC 19794-7 codec of the pen area (main/pen/iso19794_7.ts), behind the small interface
 * this area needs, so that a record the encoder cannot represent still gets sealed (raw samples
 * only, `iso19794_7: null`) instead of losing the signature.
 */
export interface IsoRecordCodec {
  encodeIso19794_7(record: BiometricRecord): Uint8Array;
  decodeIso19794_7(bytes: Uint8Array): BiometricRecord;
}

const codec: IsoRecordCodec = { encodeIso19794_7, decodeIso19794_7 };

/** The record as ISO 19794-7 bytes, or null (with the reason) when the encoder refuses it. */
export function tryEncodeIso(record: BiometricRecord): { bytes: Uint8Array | null; error?: string } {
  try {
    return { bytes: codec.encodeIso19794_7(record) };
  } catch (err) {
    return { bytes: null, error: (err as Error).message };
  }
}
