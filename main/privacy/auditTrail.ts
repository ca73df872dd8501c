/**
 * The tamper-evident audit trail. API (keep stable; the station, the UI services, the API and the
 * sync call it):
 *
 *   const audit = createAuditTrail(vault, { log, stationKey?, clock?, checkpointEvery? })
 *   audit.append({ actor, action, recordId?, subject?, from, details? }) → { seq, entryHash }
 *   audit.verify({ trustedKeys?, archived? }) → { ok, entries, checkpoints, brokenAt?, problem?, reason, erasedPayloads }
 *                                    (archived: checkpoints read back from S3, auditCheckpointArchive.ts)
 *   audit.checkpoint() → signed checkpoint of the current head (sync calls it before each upload)
 *   audit.pendingCheckpoints() / audit.markCheckpointUploaded(seq)   (S3 objects, see checkpointObject)
 *   audit.followVault() → stop()      every document transition becomes an entry, in its transaction
 *   audit.entries({ from?, to?, subjectTag?, recordId? }) / audit.openPayload(seq)
 *   audit.linkSubject(subject, recordId) / audit.subjectTag(subject)
 *   audit.erasePayloads(seqs, erasedBySeq)                  GDPR erasure: the data go, the entries stay
 *
 * Each entry is one row: public fields in clear (when, who, what, which record, from where),
 * personal data (the subject, details) sealed in the vault under their own data key. The entry's
 * hash covers the public fields, the SHA-256 of the sealed payload and the previous entry's hash,
 * so `verify()` needs no key and pinpoints the first edited, removed, inserted or reordered entry.
 * Every `checkpointEvery` entries the head is signed with the station's Ed25519 audit key; a chain
 * rewritten from some point on (hashes recomputed) no longer matches its signed checkpoints, and a
 * cut-off tail is caught by a checkpoint beyond the last entry. Copies of the checkpoints go to S3.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify as verifySignature, type KeyObject } from 'node:crypto';
import type { Vault } from '../vault/vault';
import { KeyUnavailableError } from '../vault/vaultErrors';
import { createSubjectTagger } from './subjectTag';
import { createAuditHeadAnchor } from './auditHeadAnchor';
import type { Logger } from '../logging/logger';

export interface AuditEntryInput {
  /** Who: an account's username, 'station', 'api:<integration>', 'customer', 'anonymous'. */
  actor: string;
  /** What, dotted: 'sign-in', 'document.signed', 'gdpr.erased', 'config.changed', 'api.call'. */
  action: string;
  /** Which record (document id, account id): ids only, never personal data. */
  recordId?: string;
  /** Whose data (name, customer number): encrypted, and tagged for export/erasure. */
  subject?: string;
  /** From where: desk, IP address, 'cli', 'api'. */
  from: string;
  /** Anything else: encrypted with the subject. */
  details?: Record<string, unknown>;
}

export interface AuditEntryRow {
  seq: number;
  at: string;
  actor: string;
  action: string;
  record_id: string | null;
  source: string;
  subject_tag: string | null;
  payload_sha256: string | null;
  prev_hash: string;
  entry_hash: string;
}

export interface AuditCheckpoint {
  seq: number;
  entry_hash: string;
  at: string;
  station_id: string;
  key_id: string;
  signature: string;
  uploaded_at: string | null;
}

export type AuditProblem = 'edited' | 'deleted' | 'inserted' | 'reordered' | 'payload' | 'checkpoint' | 'truncated' | 'signature' | 'head';

export interface AuditVerification {
  ok: boolean;
  entries: number;
  checkpoints: number;
  /** The first entry that is not what the chain says it should be. */
  brokenAt?: number;
  problem?: AuditProblem;
  reason: string;
  /** Entries whose personal payload was removed by a GDPR erasure (allowed; the fact stays). */
  erasedPayloads: number;
}

export interface AuditTrailOptions {
  log: Pick<Logger, 'info' | 'warn'>;
  /** The station's Ed25519 private key (PEM or KeyObject). Default: made once, sealed in the vault. */
  stationKey?: KeyObject | string;
  clock?: () => Date;
  /** Sign a checkpoint every N entries. Default 100. */
  checkpointEvery?: number;
}

export const payloadKind = 'audit-payload';
export const payloadId = (seq: number) => `audit-${seq}`;
const chainFormat = 'signing-station/audit/1';
const keyRecordKind = 'station-key';
const keyRecordId = 'audit-signing';

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The genesis "previous hash": binds the chain to its tenant and station. */
export function genesisHash(tenant: string, stationId: string): string {
  return sha256Hex(`${chainFormat}\0${tenant}\0${stationId}`);
}

/** The hash of an entry: a fixed-order JSON array of its public fields and its predecessor's hash. */
export function entryHash(e: Omit<AuditEntryRow, 'entry_hash'>): string {
  return sha256Hex(JSON.stringify([chainFormat, e.seq, e.at, e.actor, e.action, e.record_id, e.source, e.subject_tag, e.payload_sha256, e.prev_hash]));
}

/** What a checkpoint signature covers. */
export function checkpointMessage(c: Pick<AuditCheckpoint, 'seq' | 'entry_hash' | 'at' | 'station_id'>, tenant: string): Buffer {
  return Buffer.from(JSON.stringify([`${chainFormat}/checkpoint`, tenant, c.station_id, c.seq, c.entry_hash, c.at]), 'utf8');
}

export function keyIdOf(publicKey: KeyObject): string {
  return sha256Hex(publicKey.export({ type: 'spki', format: 'der' })).slice(0, 32);
}

const idPattern = /^[A-Za-z0-9][A-Za-z0-9._:@-]{0,199}$/;

export function createAuditTrail(vault: Vault, options: AuditTrailOptions) {
  const db = vault.db;
  const clock = options.clock ?? (() => new Date());
  const every = options.checkpointEvery ?? 100;
  const tag = createSubjectTagger(vault);
  const genesis = genesisHash(vault.tenant, vault.stationId);
  let signingKey: { privateKey: KeyObject; keyId: string } | undefined;

  const insert = db.prepare(`INSERT INTO audit_entries (seq, at, actor, action, record_id, source, subject_tag, payload_sha256, prev_hash, entry_hash)
                             VALUES (@seq, @at, @actor, @action, @record_id, @source, @subject_tag, @payload_sha256, @prev_hash, @entry_hash)`);
  const head = db.prepare('SELECT seq, entry_hash FROM audit_entries ORDER BY seq DESC LIMIT 1');
  // The signed head outside the database (auditHeadAnchor.ts): a cut-off tail is caught locally.
  const anchor = createAuditHeadAnchor(vault, {
    signingKey: () => stationKey(),
    // For verify, without making a key: the station's own (sealed) one, if there is one to open.
    stationKeyId: () => (options.stationKey || signingKey || vault.records.has(keyRecordKind, keyRecordId) ? stationKey().keyId : undefined),
    log: options.log, clock,
  });

  /** The station's audit key: given, or made on first use and sealed in the vault; its public half in clear. */
  function stationKey(): { privateKey: KeyObject; keyId: string } {
    if (signingKey) return signingKey;
    let privateKey: KeyObject;
    if (options.stationKey) {
      privateKey = typeof options.stationKey === 'string' ? createPrivateKey(options.stationKey) : options.stationKey;
    } else {
      // Made once per station (IMMEDIATE transaction: the app and the CLI never make two).
      privateKey = vault.transaction(() => {
        const sealed = vault.openRecord(keyRecordKind, keyRecordId);
        if (sealed) return createPrivateKey({ key: sealed, format: 'der', type: 'pkcs8' });
        const made = generateKeyPairSync('ed25519').privateKey;
        vault.sealRecord(keyRecordKind, keyRecordId, made.export({ format: 'der', type: 'pkcs8' }));
        return made;
      });
    }
    if (privateKey.asymmetricKeyType !== 'ed25519') throw new TypeError('the station audit key must be an Ed25519 key');
    const publicKey = createPublicKey(privateKey);
    const keyId = keyIdOf(publicKey);
    db.prepare('INSERT OR IGNORE INTO audit_keys (key_id, public_key_pem, created_at) VALUES (?, ?, ?)').run(keyId, publicKey.export({ type: 'spki', format: 'pem' }).toString(), clock().toISOString());
    return (signingKey = { privateKey, keyId });
  }

  function checkInput(entry: AuditEntryInput): void {
    if (!entry || typeof entry !== 'object') throw new TypeError('an audit entry is an object');
    for (const k of ['actor', 'action', 'from'] as const) {
      if (typeof entry[k] !== 'string' || !entry[k] || entry[k].length > 200) throw new TypeError(`audit entry: ${k} must be a non-empty string of up to 200 characters`);
    }
    if (entry.recordId !== undefined && (typeof entry.recordId !== 'string' || !idPattern.test(entry.recordId))) throw new TypeError('audit entry: recordId must be an id (letters, digits . _ : @ -), not free text');
    if (entry.details !== undefined && (typeof entry.details !== 'object' || entry.details === null || Array.isArray(entry.details))) throw new TypeError('audit entry: details must be an object');
  }

  const trail = {
    /** Appends one entry, in its own (or the caller's) transaction. */
    append(entry: AuditEntryInput): { seq: number; entryHash: string } {
      checkInput(entry);
      const appended = vault.transaction(() => {
        const last = head.get() as { seq: number; entry_hash: string } | undefined;
        const seq = (last?.seq ?? 0) + 1;
        let payloadSha: string | null = null;
        let subjectTag: string | null = null;
        if (entry.subject !== undefined || entry.details !== undefined) {
          const plaintext = Buffer.from(JSON.stringify({ subject: entry.subject, details: entry.details }), 'utf8');
          try {
            subjectTag = entry.subject !== undefined ? tag(entry.subject) : null;
            vault.sealRecord(payloadKind, payloadId(seq), plaintext);
            payloadSha = sha256Hex(sealedBytes(seq)!);
          } catch (err) {
            // No tenant key yet (first start with KMS, offline): the fact is kept, the personal
            // details cannot be, and are never written in clear instead.
            if (!(err instanceof KeyUnavailableError)) throw err;
            subjectTag = null;
            options.log.warn('audit: entry recorded without its details (no tenant key on this station yet)', { action: entry.action });
          }
        }
        const row: Omit<AuditEntryRow, 'entry_hash'> = {
          seq, at: clock().toISOString(), actor: entry.actor, action: entry.action, record_id: entry.recordId ?? null,
          source: entry.from, subject_tag: subjectTag, payload_sha256: payloadSha, prev_hash: last?.entry_hash ?? genesis,
        };
        const hash = entryHash(row);
        insert.run({ ...row, entry_hash: hash });
        if (subjectTag && entry.recordId) db.prepare('INSERT OR IGNORE INTO subject_links (subject_tag, record_id, linked_at) VALUES (?, ?, ?)').run(subjectTag, entry.recordId, row.at);
        if (seq % every === 0) {
          try {
            signCheckpoint(seq, hash);
          } catch (err) {
            // The audit key is sealed in the vault: without a tenant key the checkpoint waits for the next one.
            if (!(err instanceof KeyUnavailableError)) throw err;
            options.log.warn('audit: checkpoint deferred (no tenant key on this station yet)', { seq });
          }
        }
        return { seq, entryHash: hash };
      });
      anchor.advance();
      return appended;
    },

    /** Signs the current head (if not signed yet). The sync calls this before uploading. */
    checkpoint(): AuditCheckpoint | undefined {
      const signed = vault.transaction(() => {
        const last = head.get() as { seq: number; entry_hash: string } | undefined;
        if (!last) return undefined;
        const existing = db.prepare('SELECT * FROM audit_checkpoints WHERE seq = ?').get(last.seq) as AuditCheckpoint | undefined;
        return existing ?? signCheckpoint(last.seq, last.entry_hash);
      });
      anchor.advance();
      return signed;
    },

    /** Checkpoints not yet copied to S3, as objects to put (`<tenant>/audit/<station>/checkpoint-<seq>.json`). */
    pendingCheckpoints(): { seq: number; key: string; body: Buffer }[] {
      return (db.prepare('SELECT * FROM audit_checkpoints WHERE uploaded_at IS NULL ORDER BY seq').all() as AuditCheckpoint[]).map((c) => checkpointObject(c, vault.tenant, publicKeyPem(c.key_id)));
    },

    markCheckpointUploaded(seq: number): void {
      db.prepare('UPDATE audit_checkpoints SET uploaded_at = ? WHERE seq = ?').run(clock().toISOString(), seq);
    },

    /** Every document transition becomes an audit entry, inside the transition's own transaction. */
    followVault(): () => void {
      return vault.onTransition((event) => {
        trail.append({ actor: 'station', action: `document.${event.to}`, recordId: event.documentId, from: 'vault', details: { from: event.from, ...(event.reason ? { reason: event.reason } : {}) } });
      });
    },

    /** The subject tag of an identifier (for export and erasure). */
    subjectTag(subject: string): string {
      return tag(subject);
    },

    /** Links a record (document id) to a data subject without writing an entry. */
    linkSubject(subject: string, recordId: string): void {
      if (!idPattern.test(recordId)) throw new TypeError('recordId must be an id');
      db.prepare('INSERT OR IGNORE INTO subject_links (subject_tag, record_id, linked_at) VALUES (?, ?, ?)').run(tag(subject), recordId, clock().toISOString());
    },

    entries(filter: { from?: string; to?: string; subjectTag?: string; recordId?: string } = {}): AuditEntryRow[] {
      const where: string[] = [];
      if (filter.from) where.push('at >= @from');
      if (filter.to) where.push('at < @to');
      if (filter.subjectTag) where.push('subject_tag = @subjectTag');
      if (filter.recordId) where.push('record_id = @recordId');
      return db.prepare(`SELECT * FROM audit_entries ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY seq`).all(filter) as AuditEntryRow[];
    },

    /** The decrypted subject and details of an entry; 'erased' when a GDPR erasure removed them. */
    openPayload(seq: number): { subject?: string; details?: Record<string, unknown> } | 'erased' | undefined {
      const erased = db.prepare('SELECT 1 FROM audit_payload_erasures WHERE seq = ?').get(seq);
      if (erased) return 'erased';
      const plain = vault.openRecord(payloadKind, payloadId(seq));
      return plain ? JSON.parse(plain.toString('utf8')) : undefined;
    },

    /**
     * Removes the personal payloads of these entries (GDPR erasure): ciphertext and data key go, the
     * entries and their hashes stay, and the removal is recorded against the erasure's own entry.
     * Call inside the erasure's transaction.
     */
    erasePayloads(seqs: number[], erasedBySeq: number): number {
      let n = 0;
      for (const seq of seqs) {
        if (vault.records.has(payloadKind, payloadId(seq))) {
          vault.records.delete(payloadKind, payloadId(seq));
          n++;
        }
        db.prepare('INSERT OR IGNORE INTO audit_payload_erasures (seq, erased_by_seq, erased_at) VALUES (?, ?, ?)').run(seq, erasedBySeq, clock().toISOString());
      }
      return n;
    },

    /** Walks the whole chain and every checkpoint. Needs no key. */
    verify(opts: { trustedKeys?: string[]; archived?: ArchivedCheckpoint[] } = {}): AuditVerification {
      const chain = verifyAuditChain(vault, genesis, opts.trustedKeys, opts.archived);
      return chain.ok ? anchor.verify(chain, opts.trustedKeys) : chain;
    },
  };

  function signCheckpoint(seq: number, hash: string): AuditCheckpoint {
    const key = stationKey();
    const c = { seq, entry_hash: hash, at: clock().toISOString(), station_id: vault.stationId, key_id: key.keyId };
    const signature = sign(null, checkpointMessage(c, vault.tenant), key.privateKey).toString('base64');
    db.prepare('INSERT INTO audit_checkpoints (seq, entry_hash, at, station_id, key_id, signature) VALUES (?, ?, ?, ?, ?, ?)').run(seq, hash, c.at, c.station_id, c.key_id, signature);
    return { ...c, signature, uploaded_at: null };
  }

  function publicKeyPem(keyId: string): string {
    return (db.prepare('SELECT public_key_pem FROM audit_keys WHERE key_id = ?').get(keyId) as { public_key_pem: string } | undefined)?.public_key_pem ?? '';
  }

  function sealedBytes(seq: number): Buffer | undefined {
    return (db.prepare('SELECT sealed FROM records WHERE kind = ? AND id = ?').get(payloadKind, payloadId(seq)) as { sealed: Buffer } | undefined)?.sealed;
  }

  return trail;
}

export type AuditTrail = ReturnType<typeof createAuditTrail>;

/** A checkpoint as the archive holds it (the JSON of checkpointObject). */
export interface ArchivedCheckpoint {
  format: string;
  tenant: string;
  stationId: string;
  seq: number;
  entryHash: string;
  at: string;
  keyId: string;
  publicKeyPem: string;
  signature: string;
}

/** A checkpoint as the S3 object the archive keeps (self-contained: carries the public key). */
export function checkpointObject(c: AuditCheckpoint, tenant: string, publicKeyPem: string): { seq: number; key: string; body: Buffer } {
  const body = Buffer.from(JSON.stringify({ format: `${chainFormat}/checkpoint`, tenant, stationId: c.station_id, seq: c.seq, entryHash: c.entry_hash, at: c.at, keyId: c.key_id, publicKeyPem, signature: c.signature }, null, 2));
  return { seq: c.seq, key: `${tenant}/audit/${c.station_id}/checkpoint-${String(c.seq).padStart(12, '0')}.json`, body };
}

/**
 * The verification itself: entries in order, each must (1) have the next number, (2) name its
 * predecessor's hash, (3) hash to what it says, (4) still have the payload it hashed (or a recorded
 * erasure); then every checkpoint must be validly signed and match the entry it names.
 */
function verifyAuditChain(vault: Vault, genesis: string, trustedKeys?: string[], archived: ArchivedCheckpoint[] = []): AuditVerification {
  const db = vault.db;
  const total = (db.prepare('SELECT COUNT(*) AS n FROM audit_entries').get() as { n: number }).n;
  const checkpoints = db.prepare('SELECT * FROM audit_checkpoints ORDER BY seq').all() as AuditCheckpoint[];
  const result = (fields: Partial<AuditVerification> & { reason: string }, erased = 0): AuditVerification => ({ ok: !fields.brokenAt && !fields.problem, entries: total, checkpoints: checkpoints.length, erasedPayloads: erased, ...fields });
  // Where each hash sits now: tells a reordered entry from an edited one.
  const seqByHash = new Map<string, number>();
  const originalPosition = (row: AuditEntryRow, count: number): number | undefined => {
    const window = 1000;
    for (let k = Math.max(1, row.seq - window); k <= Math.min(count + window, row.seq + window); k++) {
      if (k !== row.seq && entryHash({ ...row, seq: k }) === row.entry_hash) return k;
    }
    return undefined;
  };
  for (const r of db.prepare('SELECT seq, entry_hash FROM audit_entries').iterate() as IterableIterator<{ seq: number; entry_hash: string }>) seqByHash.set(r.entry_hash, r.seq);
  const payloadStmt = db.prepare('SELECT sealed FROM records WHERE kind = ? AND id = ?');
  const erasedStmt = db.prepare('SELECT 1 FROM audit_payload_erasures WHERE seq = ?');
  let prevHash = genesis;
  let expected = 1;
  let erased = 0;
  const hashAt = new Map<number, string>();
  const checkpointSeqs = new Set([...checkpoints.map((c) => c.seq), ...archived.map((c) => c.seq)]);
  for (const row of db.prepare('SELECT * FROM audit_entries ORDER BY seq').iterate() as IterableIterator<AuditEntryRow>) {
    if (row.seq !== expected) {
      if (row.seq > expected) return result({ brokenAt: expected, problem: 'deleted', reason: `entry ${expected}${row.seq - expected > 1 ? `–${row.seq - 1}` : ''} is missing (deleted): the next entry present is ${row.seq}` }, erased);
      return result({ brokenAt: row.seq, problem: 'inserted', reason: `entry ${row.seq} is out of sequence` }, erased);
    }
    if (entryHash(row) !== row.entry_hash) {
      // Does the row hash right under another number? Then it was moved, not changed.
      const writtenAs = originalPosition(row, total);
      if (writtenAs !== undefined) {
        const next = db.prepare('SELECT * FROM audit_entries WHERE seq = ?').get(row.seq + 1) as AuditEntryRow | undefined;
        const nextWrittenAs = next && entryHash(next) !== next.entry_hash ? originalPosition(next, total) : undefined;
        if (writtenAs > row.seq && nextWrittenAs === writtenAs + 1) {
          return result({ brokenAt: row.seq, problem: 'deleted', reason: `entry ${row.seq}${writtenAs - row.seq > 1 ? `–${writtenAs - 1}` : ''} was removed and the later entries renumbered (the entry now numbered ${row.seq} was written as ${writtenAs})` }, erased);
        }
        return result({ brokenAt: row.seq, problem: 'reordered', reason: `entry ${row.seq} is out of order: it was written as entry ${writtenAs}` }, erased);
      }
      return result({ brokenAt: row.seq, problem: 'edited', reason: `entry ${row.seq} was changed: its content no longer matches its hash` }, erased);
    }
    if (row.prev_hash !== prevHash) {
      // The row is self-consistent but does not follow its predecessor: it or the one before was replaced.
      const predecessor = seqByHash.get(row.prev_hash);
      if (predecessor !== undefined && predecessor !== row.seq - 1) return result({ brokenAt: row.seq, problem: 'reordered', reason: `entry ${row.seq} is out of order: in the chain it follows the entry now numbered ${predecessor}` }, erased);
      return result({ brokenAt: row.seq, problem: 'inserted', reason: `entry ${row.seq} does not follow entry ${row.seq - 1}: an entry before it was replaced or forged` }, erased);
    }
    if (row.payload_sha256) {
      const p = payloadStmt.get(payloadKind, payloadId(row.seq)) as { sealed: Buffer } | undefined;
      if (!p) {
        if (erasedStmt.get(row.seq)) erased++;
        else return result({ brokenAt: row.seq, problem: 'payload', reason: `entry ${row.seq}: its encrypted payload is missing, and no erasure removed it` }, erased);
      } else if (sha256Hex(p.sealed) !== row.payload_sha256) {
        return result({ brokenAt: row.seq, problem: 'payload', reason: `entry ${row.seq}: its encrypted payload was replaced` }, erased);
      }
    }
    if (checkpointSeqs.has(row.seq)) hashAt.set(row.seq, row.entry_hash);
    prevHash = row.entry_hash;
    expected++;
  }
  const lastSeq = expected - 1;
  const keys = new Map((db.prepare('SELECT key_id, public_key_pem FROM audit_keys').all() as { key_id: string; public_key_pem: string }[]).map((k) => [k.key_id, k.public_key_pem]));
  let verifiedUpTo = 0;
  for (const c of checkpoints) {
    const pem = keys.get(c.key_id);
    if (!pem || (trustedKeys && !trustedKeys.includes(c.key_id))) return result({ brokenAt: c.seq, problem: 'signature', reason: `checkpoint at entry ${c.seq} is signed by key ${c.key_id}, which is ${pem ? 'not trusted' : 'unknown'}` }, erased);
    const good = verifySignature(null, checkpointMessage(c, vault.tenant), createPublicKey(pem), Buffer.from(c.signature, 'base64'));
    if (!good) return result({ brokenAt: c.seq, problem: 'signature', reason: `checkpoint at entry ${c.seq}: the signature does not verify (the checkpoint was altered)` }, erased);
    if (c.seq > lastSeq) return result({ brokenAt: lastSeq + 1, problem: 'truncated', reason: `entries ${lastSeq + 1}–${c.seq} were removed: a signed checkpoint covers entry ${c.seq}, the trail ends at ${lastSeq}` }, erased);
    if (hashAt.get(c.seq) !== c.entry_hash) {
      return result({ brokenAt: verifiedUpTo + 1, problem: 'checkpoint', reason: `entries ${verifiedUpTo + 1}–${c.seq} were rewritten (hashes recomputed): entry ${c.seq} does not match the checkpoint signed at ${c.at}` }, erased);
    }
    verifiedUpTo = c.seq;
  }
  // Checkpoints copied to the archive: the local trail must still contain what they signed, even if
  // the local checkpoints (and the local key) were replaced.
  for (const c of [...archived].sort((a, b) => a.seq - b.seq)) {
    let good = false;
    try {
      const key = createPublicKey(c.publicKeyPem);
      good = keyIdOf(key) === c.keyId && c.tenant === vault.tenant && c.stationId === vault.stationId
        && verifySignature(null, checkpointMessage({ seq: c.seq, entry_hash: c.entryHash, at: c.at, station_id: c.stationId }, c.tenant), key, Buffer.from(c.signature, 'base64'));
    } catch {
      good = false;
    }
    if (!good) return result({ brokenAt: c.seq, problem: 'signature', reason: `the archived checkpoint at entry ${c.seq} does not verify (or is for another station)` }, erased);
    if (trustedKeys && !trustedKeys.includes(c.keyId)) return result({ brokenAt: c.seq, problem: 'signature', reason: `the archived checkpoint at entry ${c.seq} is signed by key ${c.keyId}, which is not trusted` }, erased);
    if (c.seq > lastSeq) return result({ brokenAt: lastSeq + 1, problem: 'truncated', reason: `entries ${lastSeq + 1}–${c.seq} were removed: the archive holds a checkpoint of entry ${c.seq}, the trail ends at ${lastSeq}` }, erased);
    if (hashAt.get(c.seq) !== c.entryHash) return result({ brokenAt: c.seq, problem: 'checkpoint', reason: `the trail up to entry ${c.seq} differs from the checkpoint archived at ${c.at}: entries were rewritten` }, erased);
  }
  return result({ reason: `${total} entries and ${checkpoints.length} signed checkpoints verify${archived.length ? `, and ${archived.length} archived checkpoints match` : ''}` }, erased);
}
