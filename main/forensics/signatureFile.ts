import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { BiometricRecord } from '../pen/biometricRecord';
import { decodeIso19794_7 } from '../pen/iso19794_7';
import { parseSvc2004 } from '../pen/svc2004';

/** Signature files the examiner's tools read (Node only). */
export type SignatureFileFormat = 'svc2004' | 'iso19794-7' | 'samples-json';
export const SIGNATURE_FILE_FORMATS: readonly SignatureFileFormat[] = ['svc2004', 'iso19794-7', 'samples-json'];

/** Where a signature extracted from a signed PDF (`station bio extract`) was bound. */
export interface SignatureBinding {
  documentSha256: string;
  fieldName?: string;
  sealedAt?: string;
}

export interface SignatureFile {
  /** The path as the user gave it. */
  path: string;
  format: SignatureFileFormat;
  record: BiometricRecord;
  /** SHA-256 of the file's bytes, hex: provenance in the examiner's report. */
  sha256: string;
  /** For records extracted from a signed PDF: the document revision and field they are sealed to. */
  binding?: SignatureBinding;
}

const finite = z.number().refine(Number.isFinite, 'not a finite number');
const sampleSchema = z.object({
  t: finite, x: finite, y: finite, pressure: finite, nx: finite, ny: finite, np: finite,
  tiltX: finite.optional(), tiltY: finite.optional(), azimuth: finite.optional(), altitude: finite.optional(), twist: finite.optional(),
  inRange: z.boolean(), tip: z.boolean(), buttons: z.number().int(),
});
const range = z.tuple([finite, finite]);
const recordSchema = z.object({
  device: z.object({
    source: z.enum(['usb-hid', 'webhid', 'wacom-stu', 'pointer-events', 'simulated']),
    profile: z.string(),
    vendorId: z.number().int().optional(),
    productId: z.number().int().optional(),
    product: z.string().optional(),
    xRange: range, yRange: range, pressureRange: range,
    widthMm: finite.optional(), heightMm: finite.optional(), sampleRateHz: finite.optional(),
  }),
  samples: z.array(sampleSchema),
  gaps: z.array(z.object({ fromT: finite, toT: finite, reason: z.enum(['device-unplugged', 'reports-lost', 'paused']), lostReports: z.number().int().optional() })).default([]),
  capturedAt: z.string().default(''),
});
/** `station bio extract` writes { binding, record }; a bare BiometricRecord is accepted too. */
const extractedSchema = z.object({
  binding: z.object({ documentSha256: z.string().regex(/^[0-9a-f]{64}$/), fieldName: z.string().optional(), sealedAt: z.string().optional() }).passthrough().optional(),
  record: recordSchema,
});

function parseSamplesJson(text: string, path: string): { record: BiometricRecord; binding?: SignatureBinding } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(`${path}: not JSON: ${(err as Error).message}`);
  }
  const wrapped = typeof json === 'object' && json !== null && 'record' in json;
  const parsed = wrapped ? extractedSchema.safeParse(json) : recordSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${path}: not a biometric record (${issue.path.join('.') || 'top level'}: ${issue.message})`);
  }
  const { binding, record } = wrapped ? (parsed.data as z.infer<typeof extractedSchema>) : { binding: undefined, record: parsed.data as z.infer<typeof recordSchema> };
  return { record: record as BiometricRecord, binding: binding ? { documentSha256: binding.documentSha256, fieldName: binding.fieldName, sealedAt: binding.sealedAt } : undefined };
}

function looksLikeJson(bytes: Uint8Array): boolean {
  for (const b of bytes.subarray(0, 64)) {
    if (b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09 || b === 0xef || b === 0xbb || b === 0xbf) continue;
    return b === 0x7b; // '{'
  }
  return false;
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
  const chosen: SignatureFileFormat = format ?? (looksLikeIso19794_7(bytes) ? 'iso19794-7' : looksLikeJson(bytes) ? 'samples-json' : 'svc2004');
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  if (chosen === 'samples-json') {
    const { record, binding } = parseSamplesJson(bytes.toString('utf8').replace(/^\uFEFF/, ''), path);
    return { path, format: chosen, record, sha256, ...(binding ? { binding } : {}) };
  }
  const record =
    chosen === 'iso19794-7'
      ? decodeIso19794_7(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength))
      : parseSvc2004(bytes.toString('latin1'), path);
  return { path, format: chosen, record, sha256 };
}
