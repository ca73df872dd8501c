import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { writeFileDurably } from './durableFile';
import { dirname } from 'node:path';
import { newDataKey, openWithKey, sealWithKey, keyBytes } from './envelopeCrypto';
import { VaultIntegrityError } from './vaultErrors';

/**
 * Protects a small secret (the tenant key's plaintext copy kept for offline work, the local
 * provider's master key) at rest on this machine.
 *  - 'os-keystore': the operating system's keystore through Electron's `safeStorage` (DPAPI,
 *    Keychain, libsecret). The Electron shell builds it with safeStorageProtector(safeStorage);
 *    domain code never imports electron.
 *  - 'file-key': browser mode or headless: a random key in a 0600 file next to the vault. WEAKER:
 *    anyone who copies the whole folder has the key. Reported as such by `station vault check`.
 */
export interface SecretProtector {
  readonly kind: 'os-keystore' | 'file-key';
  /** True for the file-key fallback; shown to the operator. */
  readonly weaker: boolean;
  protect(secret: Uint8Array): Buffer;
  unprotect(blob: Uint8Array): Buffer;
}

/** The part of Electron's safeStorage that we use (so that this file does not import electron). */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

export function safeStorageProtector(safeStorage: SafeStorageLike): SecretProtector {
  if (!safeStorage.isEncryptionAvailable()) throw new Error('the operating system keystore is not available (safeStorage)');
  return {
    kind: 'os-keystore',
    weaker: false,
    // safeStorage takes strings: the secret travels base64-encoded, never as raw text.
    protect: (secret) => safeStorage.encryptString(Buffer.from(secret).toString('base64')),
    unprotect: (blob) => Buffer.from(safeStorage.decryptString(Buffer.from(blob)), 'base64'),
  };
}

const protectAad = Buffer.from('signing-station/file-key-protector/1', 'utf8');

/** The weaker fallback: a 256-bit key in `keyFile` (created 0600 on first use). */
export function fileKeyProtector(keyFile: string): SecretProtector {
  const key = loadOrCreateKeyFile(keyFile);
  return {
    kind: 'file-key',
    weaker: true,
    protect: (secret) => sealWithKey(key, secret, protectAad),
    unprotect: (blob) => {
      try {
        return openWithKey(key, blob, protectAad, 'protected key');
      } catch (err) {
        if (err instanceof VaultIntegrityError) throw new VaultIntegrityError(`the station key file ${keyFile} does not open this protected key (was the file replaced?)`);
        throw err;
      }
    },
  };
}

/**
 * Reads a raw 32-byte key file, or creates it with mode 0600, once: if two processes start at the
 * same moment, both end up with the same key (writeFileDurably 'create-once').
 */
export function loadOrCreateKeyFile(keyFile: string): Buffer {
  if (!existsSync(keyFile)) {
    mkdirSync(dirname(keyFile), { recursive: true, mode: 0o700 });
    writeFileDurably(keyFile, newDataKey(), 'create-once');
  }
  const key = readFileSync(keyFile);
  if (key.length !== keyBytes) throw new Error(`${keyFile}: expected a ${keyBytes}-byte key, found ${key.length} bytes`);
  return key;
}
