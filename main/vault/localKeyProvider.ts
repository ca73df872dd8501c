import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { writeFileDurably } from './durableFile';
import { dirname } from 'node:path';
import { randomBytes } from 'node:crypto';
import { contextAad, newDataKey, openWithKey, sealWithKey } from './envelopeCrypto';
import type { EncryptionContext, GeneratedDataKey, KeyHealth, KeyProvider } from './keyProvider';
import type { SecretProtector } from './secretProtector';
import { KeyUnavailableError, VaultIntegrityError } from './vaultErrors';

/**
 * The offline key provider: plays the part of KMS on this machine, for stations without a KMS key
 * and for tests. Its master keys live in one JSON file, each protected by a SecretProtector (OS
 * keystore, or the weaker file key). Unlike moto it keeps key state, so the contract suite tests
 * disabled and deleted keys against it.
 *
 * Blob layout: "SSLK1" ‖ u8 keyId length ‖ keyId (ASCII) ‖ AES-256-GCM(master, data key,
 * AAD = canonical encryption context).
 */
type LocalKeyState = 'enabled' | 'disabled' | 'deleted';
interface LocalKeyFile {
  format: 'signing-station/local-keys/1';
  active: string;
  keys: Record<string, { state: LocalKeyState; protector: string; material: string; createdAt: string }>;
}

const magic = Buffer.from('SSLK1', 'ascii');

export class LocalKeyProvider implements KeyProvider {
  readonly name = 'local' as const;

  private constructor(private readonly file: string, private readonly protector: SecretProtector, private data: LocalKeyFile) {}

  /** Opens (or creates, with one fresh master key) the key file. */
  static open(file: string, protector: SecretProtector): LocalKeyProvider {
    if (existsSync(file)) {
      let data: LocalKeyFile;
      try {
        data = JSON.parse(readFileSync(file, 'utf8'));
      } catch (err) {
        throw new Error(`${file}: not a readable local key file (${(err as Error).message})`);
      }
      if (data?.format !== 'signing-station/local-keys/1') throw new Error(`${file}: not a local key file`);
      return new LocalKeyProvider(file, protector, data);
    }
    // First use: create the file with link(), which fails if another process got there first;
    // then everyone uses that file, so two processes never hold different master keys.
    const fresh = new LocalKeyProvider(file, protector, { format: 'signing-station/local-keys/1', active: '', keys: {} });
    fresh.addKey();
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    writeFileDurably(file, fresh.serialised(), 'create-once');
    return LocalKeyProvider.open(file, protector);
  }

  get keyId(): string {
    return this.data.active;
  }

  /** A new master key, made the active one. Old keys stay to unwrap what they wrapped. */
  createKey(): string {
    const id = this.addKey();
    this.save();
    return id;
  }

  private addKey(): string {
    const id = `local-${randomBytes(8).toString('hex')}`;
    const material = this.protector.protect(newDataKey());
    this.data.keys[id] = { state: 'enabled', protector: this.protector.kind, material: material.toString('base64'), createdAt: new Date().toISOString() };
    this.data.active = id;
    return id;
  }

  /** Like KMS DisableKey / EnableKey / ScheduleKeyDeletion (deletion is immediate here). */
  setKeyState(id: string, state: LocalKeyState): void {
    const key = this.data.keys[id];
    if (!key) throw new Error(`no local key ${id}`);
    key.state = state;
    if (state === 'deleted') key.material = '';
    this.save();
  }

  async generateDataKey(context: EncryptionContext): Promise<GeneratedDataKey> {
    const keyId = this.data.active;
    const master = this.usableMaster(keyId);
    const plaintext = newDataKey();
    const id = Buffer.from(keyId, 'ascii');
    const blob = Buffer.concat([magic, Buffer.from([id.length]), id, sealWithKey(master, plaintext, contextAad(context))]);
    return { plaintext, blob, keyId };
  }

  async decryptDataKey(blob: Uint8Array, context: EncryptionContext): Promise<Buffer> {
    const b = Buffer.from(blob);
    if (b.length < magic.length + 1 || !b.subarray(0, magic.length).equals(magic)) throw new VaultIntegrityError('not a local-provider key blob');
    const idLength = b[magic.length];
    const keyId = b.subarray(magic.length + 1, magic.length + 1 + idLength).toString('ascii');
    const master = this.usableMaster(keyId);
    return openWithKey(master, b.subarray(magic.length + 1 + idLength), contextAad(context), `data key under local key ${keyId}`);
  }

  async checkHealth(): Promise<KeyHealth> {
    const key = this.data.keys[this.data.active];
    const detail = key ? `${key.state}${this.protector.weaker ? ' (protected by a file key: weaker than an OS keystore)' : ''}` : 'no active key';
    return { ok: key?.state === 'enabled', provider: 'local', keyId: this.data.active, detail };
  }

  private usableMaster(keyId: string): Buffer {
    const key = this.data.keys[keyId];
    if (!key) throw new KeyUnavailableError(`local key ${keyId} does not exist on this station`, false);
    if (key.state !== 'enabled') throw new KeyUnavailableError(`local key ${keyId} is ${key.state}`, false);
    return this.protector.unprotect(Buffer.from(key.material, 'base64'));
  }

  /** Atomic replace: a crash leaves the old file or the new one, never half. */
  private save(): void {
    mkdirSync(dirname(this.file), { recursive: true, mode: 0o700 });
    writeFileDurably(this.file, this.serialised(), 'replace');
  }

  private serialised(): string {
    return JSON.stringify(this.data, null, 2);
  }
}
