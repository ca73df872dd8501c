/**
 * Errors the vault raises. Each says what went wrong in words a teller's support desk can act on,
 * and none ever carries plaintext (no names, no document bytes) in its message.
 */

/** Base class: anything the vault refuses. */
export class VaultError extends Error {
  constructor(message: string, readonly code: string) {
    super(message);
    this.name = 'VaultError';
  }
}

/**
 * Ciphertext that does not authenticate: tampered bytes, a record moved to another id or tenant,
 * or the wrong key. Never "decrypted into garbage": AES-GCM refuses, and so do we.
 */
export class VaultIntegrityError extends VaultError {
  constructor(message: string) {
    super(message, 'integrity');
    this.name = 'VaultIntegrityError';
  }
}

/** A key that cannot be had: provider offline, key disabled or deleted, access denied, record key shredded. */
export class KeyUnavailableError extends VaultError {
  constructor(message: string, readonly retryable: boolean) {
    super(message, retryable ? 'key-offline' : 'key-denied');
    this.name = 'KeyUnavailableError';
  }
}

/** A queue transition that the life cycle does not allow (e.g. cancelling a synced document). */
export class InvalidTransitionError extends VaultError {
  constructor(message: string) {
    super(message, 'invalid-transition');
    this.name = 'InvalidTransitionError';
  }
}

/** Input the vault refuses (bad id, wrong tenant, empty document): nothing was written. */
export class VaultInputError extends VaultError {
  constructor(message: string) {
    super(message, 'bad-input');
    this.name = 'VaultInputError';
  }
}
