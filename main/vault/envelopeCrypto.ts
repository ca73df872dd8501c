import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { VaultIntegrityError } from './vaultErrors';

/**
 * AES-256-GCM, the one cipher of the vault: records under their data keys, data keys under the
 * tenant's key-encryption key, the local provider's wrapped keys, the file-key fallback.
 * Layout of a sealed value: iv (12 bytes) ‖ ciphertext ‖ tag (16 bytes).
 */
export const ivBytes = 12;
export const tagBytes = 16;
export const keyBytes = 32;

export function newDataKey(): Buffer {
  return randomBytes(keyBytes);
}

export function sealWithKey(key: Uint8Array, plaintext: Uint8Array, aad: Uint8Array, iv: Uint8Array = randomBytes(ivBytes)): Buffer {
  if (key.length !== keyBytes) throw new Error(`AES-256-GCM needs a ${keyBytes}-byte key`);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(aad);
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, body, cipher.getAuthTag()]);
}

/** Opens a sealed value; any change of key, bytes or additional data is refused with `what` named. */
export function openWithKey(key: Uint8Array, sealed: Uint8Array, aad: Uint8Array, what: string): Buffer {
  if (sealed.length < ivBytes + tagBytes) throw new VaultIntegrityError(`${what}: sealed value is truncated (${sealed.length} bytes)`);
  const iv = sealed.subarray(0, ivBytes);
  const tag = sealed.subarray(sealed.length - tagBytes);
  const body = sealed.subarray(ivBytes, sealed.length - tagBytes);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv);
    decipher.setAAD(aad);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(body), decipher.final()]);
  } catch {
    throw new VaultIntegrityError(`${what}: does not authenticate (tampered, moved to another record, or the wrong key); refused`);
  }
}

/**
 * The additional authenticated data binding a record's ciphertext to where it belongs. It is the
 * UTF-8 of a JSON array, so that an application outside the station can rebuild it from the
 * envelope header (docs/vault-envelope-format.md):
 *   ["signing-station/record/1", kind, id, tenant, schemaVersion, callerAadBase64]
 */
export function recordAad(r: { kind: string; id: string; tenant: string; schemaVersion: number; callerAad?: Uint8Array }): Buffer {
  return Buffer.from(JSON.stringify(['signing-station/record/1', r.kind, r.id, r.tenant, r.schemaVersion, Buffer.from(r.callerAad ?? []).toString('base64')]), 'utf8');
}

/** The AAD of a data key wrapped under the tenant key: ["signing-station/dek/1", tenant, kind, id, kekVersion]. */
export function dataKeyAad(r: { kind: string; id: string; tenant: string; kekVersion: number }): Buffer {
  return Buffer.from(JSON.stringify(['signing-station/dek/1', r.tenant, r.kind, r.id, r.kekVersion]), 'utf8');
}

/** Canonical bytes of an encryption context (sorted keys), used where KMS itself is not. */
export function contextAad(context: Record<string, string>): Buffer {
  const sorted = Object.keys(context).sort().map((k) => [k, context[k]]);
  return Buffer.from(JSON.stringify(['signing-station/context/1', sorted]), 'utf8');
}
