import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { BiometricRecord } from '../pen/biometricRecord';
import { decodeIso19794_7 } from '../pen/iso19794_7';
import { parseSvc2004 } from '../pen/svc2004';

/** Signature files the examiner's tools read (Node only). */
export type SignatureFileFormat = 'svc2004' | 'iso19794-7';
export const SIGNATURE_FILE_FORMATS: readonly SignatureFileFormat[] = ['svc2004', 'iso19794-7'];

export interface SignatureFile {
  /** The path as the user gave it. */
  path: string;
  format: SignatureFileFormat;
  record: BiometricRecord;
  /** SHA-256 of the file's bytes, hex: provenance in the examiner's report. */
  sha256: string;
}

/** ISO/IEC 19794-7 records start with the format identifier "SDI\0". */
function looksLikeIso19794_7(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x53 && bytes[1] === 0x44 && bytes[2] === 0x49 && bytes[3] === 0;
}

/** Reads one signature file; `format` undefined = recognise it from its first bytes. */
export async function readSignatureFile(path: string, absolutePath: string, format?: SignatureFileFormat): Promise<SignatureFile> {
  let bytes: Buffer;
  try {
    bytes = await readFile(absolutePath);
  } catch (err) {
    throw new Error(`cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  const chosen: SignatureFileFormat = format ?? (looksLikeIso19794_7(bytes) ? 'iso19794-7' : 'svc2004');
  const record =
    chosen === 'iso19794-7'
      ? decodeIso19794_7(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength))
      : parseSvc2004(bytes.toString('latin1'), path);
  return { path, format: chosen, record, sha256: createHash('sha256').update(bytes).digest('hex') };
}
