import { dataKeyAad, newDataKey, openWithKey, recordAad, sealWithKey } from './envelopeCrypto';
import type { EncryptionContext } from './keyProvider';
import { VaultIntegrityError } from './vaultErrors';

/**
 * The self-contained envelope that leaves the station (S3 objects, `station vault open`): one
 * record's ciphertext with everything needed to open it given KMS Decrypt rights on the client's
 * key, and nothing in clear but ids, sizes and key references. Specified in
 * docs/vault-envelope-format.md; keep the two in step.
 *
 * Bytes: "SSENV1\n" ‖ u32 big-endian header length ‖ header (UTF-8 JSON) ‖ sealed payload
 * (iv 12 ‖ ciphertext ‖ tag 16).
 */
export const envelopeMagic = Buffer.from('SSENV1\n', 'ascii');
export const envelopeFormat = 'signing-station/envelope/1';
export const envelopeContentType = 'application/vnd.signing-station.envelope';

export interface EnvelopeHeader {
  format: typeof envelopeFormat;
  kind: string;
  id: string;
  tenant: string;
  schemaVersion: number;
  /** The content type of the plaintext (application/pdf, application/json). */
  contentType: string;
  plaintextBytes: number;
  /** Caller-supplied additional data (base64), part of the record AAD. */
  callerAad: string;
  payload: { alg: 'AES-256-GCM'; layout: 'iv12-ciphertext-tag16' };
  dataKey: { alg: 'AES-256-GCM'; layout: 'iv12-ciphertext-tag16'; wrapped: string };
  kek: { provider: string; keyId: string; version: number; encryptionContext: EncryptionContext; blob: string };
}

export function encodeEnvelope(header: EnvelopeHeader, sealed: Uint8Array): Buffer {
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(json.length);
  return Buffer.concat([envelopeMagic, length, json, sealed]);
}

export function decodeEnvelope(bytes: Uint8Array): { header: EnvelopeHeader; sealed: Buffer } {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (b.length < envelopeMagic.length + 4 || !b.subarray(0, envelopeMagic.length).equals(envelopeMagic)) {
    throw new VaultIntegrityError('not a Signing Station envelope (no SSENV1 signature)');
  }
  const length = b.readUInt32BE(envelopeMagic.length);
  const start = envelopeMagic.length + 4;
  if (length > 1_000_000 || start + length > b.length) throw new VaultIntegrityError('envelope header is truncated or oversized');
  let header: EnvelopeHeader;
  try {
    header = JSON.parse(b.subarray(start, start + length).toString('utf8'));
  } catch {
    throw new VaultIntegrityError('envelope header is not valid JSON');
  }
  if (header?.format !== envelopeFormat) throw new VaultIntegrityError(`unsupported envelope format ${JSON.stringify(header?.format)}`);
  for (const field of ['kind', 'id', 'tenant'] as const) if (typeof header[field] !== 'string') throw new VaultIntegrityError(`envelope header lacks ${field}`);
  if (!Number.isInteger(header.schemaVersion) || !header.dataKey?.wrapped || !header.kek?.blob || typeof header.kek.version !== 'number') {
    throw new VaultIntegrityError('envelope header is incomplete');
  }
  return { header, sealed: b.subarray(start + length) };
}

/**
 * Opens an envelope given a way to unwrap its KEK blob (KMS Decrypt with the header's encryption
 * context, or the station's own keyring). The AADs are rebuilt from the header fields, so a header
 * edited to claim another id or tenant fails authentication.
 */
export async function openEnvelope(
  bytes: Uint8Array,
  unwrapKek: (header: EnvelopeHeader) => Promise<Buffer> | Buffer,
): Promise<{ header: EnvelopeHeader; plaintext: Buffer }> {
  const { header, sealed } = decodeEnvelope(bytes);
  const kek = await unwrapKek(header);
  const dek = openWithKey(kek, Buffer.from(header.dataKey.wrapped, 'base64'), dataKeyAad({ tenant: header.tenant, kind: header.kind, id: header.id, kekVersion: header.kek.version }), `data key of ${header.kind} ${header.id}`);
  try {
    const aad = recordAad({ kind: header.kind, id: header.id, tenant: header.tenant, schemaVersion: header.schemaVersion, callerAad: Buffer.from(header.callerAad ?? '', 'base64') });
    return { header, plaintext: openWithKey(dek, sealed, aad, `${header.kind} ${header.id}`) };
  } finally {
    dek.fill(0);
  }
}

/**
 * A later version of an envelope's plaintext (an archive renewal of a sealed PDF), sealed as the
 * vault seals a record: a fresh data key, wrapped under the same tenant key version as before, so
 * whoever could open the old envelope (KMS Decrypt rights) opens the new one the same way.
 */
export function resealEnvelope(header: EnvelopeHeader, kek: Uint8Array, plaintext: Uint8Array): Buffer {
  const dek = newDataKey();
  try {
    const sealed = sealWithKey(dek, plaintext, recordAad({ kind: header.kind, id: header.id, tenant: header.tenant, schemaVersion: header.schemaVersion, callerAad: Buffer.from(header.callerAad ?? '', 'base64') }));
    const wrapped = sealWithKey(kek, dek, dataKeyAad({ tenant: header.tenant, kind: header.kind, id: header.id, kekVersion: header.kek.version }));
    return encodeEnvelope({ ...header, plaintextBytes: plaintext.length, dataKey: { ...header.dataKey, wrapped: wrapped.toString('base64') } }, sealed);
  } finally {
    dek.fill(0);
  }
}
