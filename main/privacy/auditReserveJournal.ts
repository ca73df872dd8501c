import { randomBytes } from 'node:crypto';
import { closeSync, fstatSync, fsyncSync, fchmodSync, openSync, readSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { newDataKey, openWithKey, recordAad, sealWithKey } from '../vault/envelopeCrypto';
import type { Vault } from '../vault/vault';
import { KeyUnavailableError } from '../vault/vaultErrors';
import type { AuditEntryInput } from './auditTrail';
import type { Logger } from '../logging/logger';

/**
 * A reserve on disk for audit entries held while the disk is full ("no event is ever
 * dropped" — also not when the station is killed before space returns). The file is made at start,
 * full size, while there is room: every byte is written (not a sparse file, not fallocate's
 * unwritten extents), so writing into it later overwrites blocks the file already owns and needs
 * no new ones, on tmpfs and on ext4 alike.
 *
 *   const journal = openAuditReserve(vault, { log })   undefined if the reserve cannot be made
 *   journal.append(entry, happenedAt) → boolean        written and fsynced, or false (reserve full)
 *   journal.read() → { entries, torn? }                what a stopped station left, in order
 *   journal.clear()                                    after the entries are in the trail
 *
 * Layout: header "SSAUDRJ1" ‖ epoch (8 bytes); then records: length u32 ‖ crc32 u32 ‖ epoch ‖
 * sealed payload. clear() writes a new epoch, so records of an earlier round no longer count
 * (there is no need to zero them). A record whose epoch matches but whose checksum fails is a torn
 * last write (killed mid-write): read() reports it.
 *
 * The personal fields (subject, details) are never in the file in clear: each record is sealed
 * (AES-256-GCM, the vault's envelopeCrypto) under a data key kept in the vault as an encrypted
 * record like the audit signing key, AAD-bound to the epoch and offset. Without a tenant key yet,
 * a record keeps what the trail itself keeps then: the public fields only.
 */
export const reserveFileName = 'audit-pending.journal';
export const reserveBytes = 1024 * 1024;
const magic = Buffer.from('SSAUDRJ1', 'ascii');
const headerBytes = 16;
const recordHeaderBytes = 16;
const keyKind = 'audit-reserve-key';
const keyId = 'journal';

export interface ReservedEntry {
  entry: AuditEntryInput;
  happenedAt: string;
}


export function openAuditReserve(vault: Vault, options: { log: Pick<Logger, 'warn'>; bytes?: number }) {
  const path = join(vault.dir, reserveFileName);
  const size = options.bytes ?? reserveBytes;
  let fd: number;
  try {
    fd = openOrMake(path, size);
  } catch (err) {
    options.log.warn('audit: no reserve journal on disk (held entries will live in memory only)', { path, error: (err as Error).message });
    return undefined;
  }
  let key: Buffer | undefined;
  try {
    key = journalKey(vault, options.log);
  } catch (err) {
    closeSync(fd);
    options.log.warn('audit: no reserve journal key (held entries will live in memory only)', { error: (err as Error).message });
    return undefined;
  }
  const header = Buffer.alloc(headerBytes);
  readSync(fd, header, 0, headerBytes, 0);
  let epoch = header.subarray(8, 16);
  let end = headerBytes;

  const aad = (offset: number) => recordAad({ kind: 'audit-reserve', id: `${epoch.toString('hex')}-${offset}`, tenant: vault.tenant, schemaVersion: 1 });

  function read(): { entries: ReservedEntry[]; torn?: { offset: number; reason: string } } {
    const entries: ReservedEntry[] = [];
    let at = headerBytes;
    for (;;) {
      const head = Buffer.alloc(recordHeaderBytes);
      if (at + recordHeaderBytes > size || readSync(fd, head, 0, recordHeaderBytes, at) < recordHeaderBytes) break;
      const length = head.readUInt32BE(0);
      if (length === 0 || !head.subarray(8, 16).equals(epoch)) break; // the end of this round
      const body = Buffer.alloc(Math.min(length, size - at - recordHeaderBytes));
      readSync(fd, body, 0, body.length, at + recordHeaderBytes);
      if (body.length < length || crc32(Buffer.concat([head.subarray(8, 16), body])) !== head.readUInt32BE(4)) {
        end = at;
        return { entries, torn: { offset: at, reason: `the record at byte ${at} is incomplete (checksum fails): the station stopped while writing it` } };
      }
      entries.push(openRecord(body, at));
      at += recordHeaderBytes + length;
    }
    end = at;
    return { entries };
  }

  function openRecord(body: Buffer, offset: number): ReservedEntry {
    const sealed = body[0] === 1;
    const plain = sealed ? openWithKey(requireKey(), body.subarray(1), aad(offset), `reserved audit entry at byte ${offset}`) : body.subarray(1);
    return JSON.parse(plain.toString('utf8')) as ReservedEntry;
  }

  function requireKey(): Buffer {
    if (!key) throw new KeyUnavailableError('the reserve journal key is not available', true);
    return key;
  }

  read();

  return {
    path,
    /** Writes the entry into the reserve and fsyncs; false when it does not fit (the caller holds it in memory). */
    append(entry: AuditEntryInput, happenedAt: string): boolean {
      const kept: ReservedEntry = key ? { entry, happenedAt } : { entry: { actor: entry.actor, action: entry.action, recordId: entry.recordId, from: entry.from }, happenedAt };
      const plain = Buffer.from(JSON.stringify(kept), 'utf8');
      const body = key ? Buffer.concat([Buffer.from([1]), sealWithKey(key, plain, aad(end))]) : Buffer.concat([Buffer.from([0]), plain]);
      if (end + recordHeaderBytes + body.length > size) return false;
      const head = Buffer.alloc(recordHeaderBytes);
      head.writeUInt32BE(body.length, 0);
      epoch.copy(head, 8);
      head.writeUInt32BE(crc32(Buffer.concat([epoch, body])), 4);
      try {
        writeSync(fd, Buffer.concat([head, body]), 0, recordHeaderBytes + body.length, end);
        fsyncSync(fd);
      } catch (err) {
        options.log.warn('audit: could not write into the reserve journal', { error: (err as Error).message });
        return false;
      }
      end += recordHeaderBytes + body.length;
      return true;
    },
    read,
    /** A new epoch: what the file held no longer counts. */
    clear(): void {
      if (end === headerBytes) return;
      epoch = randomBytes(8);
      writeSync(fd, epoch, 0, 8, 8);
      fsyncSync(fd);
      end = headerBytes;
    },
    close(): void {
      closeSync(fd);
    },
  };
}

export type AuditReserve = NonNullable<ReturnType<typeof openAuditReserve>>;

/** Opens the reserve, or makes it whole (every byte written, fsynced, 0600); a half-made one is removed. */
function openOrMake(path: string, size: number): number {
  try {
    const fd = openSync(path, 'r+');
    const head = Buffer.alloc(magic.length);
    readSync(fd, head, 0, magic.length, 0);
    if (fstatSync(fd).size === size && head.equals(magic)) {
      fchmodSync(fd, 0o600);
      return fd;
    }
    closeSync(fd);
    unlinkSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const fd = openSync(path, 'wx+', 0o600);
  try {
    const zeros = Buffer.alloc(size);
    magic.copy(zeros, 0);
    randomBytes(8).copy(zeros, 8);
    for (let at = 0; at < size; ) at += writeSync(fd, zeros, at, size - at, at);
    fsyncSync(fd);
    return fd;
  } catch (err) {
    closeSync(fd);
    unlinkSync(path);
    throw err;
  }
}

/** The reserve's data key, sealed in the vault under the tenant key (made once); undefined without a tenant key. */
function journalKey(vault: Vault, log: Pick<Logger, 'warn'>): Buffer | undefined {
  try {
    return vault.transaction(() => {
      const kept = vault.openRecord(keyKind, keyId);
      if (kept) return kept;
      const made = newDataKey();
      vault.sealRecord(keyKind, keyId, made);
      return made;
    });
  } catch (err) {
    if (!(err instanceof KeyUnavailableError)) throw err;
    log.warn('audit: reserve journal keeps public fields only (no tenant key on this station yet)');
    return undefined;
  }
}
