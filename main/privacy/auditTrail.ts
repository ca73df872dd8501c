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
 * This file writes; what the hashes and signatures cover is auditChainFormat.ts, the walk that
 * checks them auditChainVerification.ts, and the tables' SQL auditRepository.ts.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import type { Vault } from '../vault/vault';
import { KeyUnavailableError } from '../vault/vaultErrors';
import { checkpointMessage, checkpointObject, entryHash, genesisHash, keyIdOf, payloadId, payloadKind, sha256Hex, type ArchivedCheckpoint, type AuditCheckpoint, type AuditEntryRow, type AuditVerification } from './auditChainFormat';
import { verifyAuditChain } from './auditChainVerification';
import { AuditRepository, type AuditEntryFilter } from './auditRepository';
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

export interface AuditTrailOptions {
  log: Pick<Logger, 'info' | 'warn'>;
  /** The station's Ed25519 private key (PEM or KeyObject). Default: made once, sealed in the vault. */
  stationKey?: KeyObject | string;
  clock?: () => Date;
  /** Sign a checkpoint every N entries. Default 100. */
  checkpointEvery?: number;
}

const keyRecordKind = 'station-key';
const keyRecordId = 'audit-signing';

const idPattern = /^[A-Za-z0-9][A-Za-z0-9._:@-]{0,199}$/;

export function createAuditTrail(vault: Vault, options: AuditTrailOptions) {
  const audit = new AuditRepository(vault.sql);
  const clock = options.clock ?? (() => new Date());
  const every = options.checkpointEvery ?? 100;
  const tag = createSubjectTagger(vault);
  const genesis = genesisHash(vault.tenant, vault.stationId);
  let signingKey: { privateKey: KeyObject; keyId: string } | undefined;

  // The signed head outside the database (auditHeadAnchor.ts): a cut-off tail is caught locally.
  const anchor = createAuditHeadAnchor(vault, audit, {
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
    audit.rememberKey(keyId, publicKey.export({ type: 'spki', format: 'pem' }).toString(), clock().toISOString());
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
        const last = audit.head();
        const seq = (last?.seq ?? 0) + 1;
        let payloadSha: string | null = null;
        let subjectTag: string | null = null;
        if (entry.subject !== undefined || entry.details !== undefined) {
          const plaintext = Buffer.from(JSON.stringify({ subject: entry.subject, details: entry.details }), 'utf8');
          try {
            subjectTag = entry.subject !== undefined ? tag(entry.subject) : null;
            vault.sealRecord(payloadKind, payloadId(seq), plaintext);
            payloadSha = sha256Hex(vault.records.sealedBytes(payloadKind, payloadId(seq))!);
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
        audit.insert({ ...row, entry_hash: hash });
        if (subjectTag && entry.recordId) audit.linkSubject(subjectTag, entry.recordId, row.at);
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
        const last = audit.head();
        if (!last) return undefined;
        return audit.checkpoint(last.seq) ?? signCheckpoint(last.seq, last.entry_hash);
      });
      anchor.advance();
      return signed;
    },

    /** Checkpoints not yet copied to S3, as objects to put (`<tenant>/audit/<station>/checkpoint-<seq>.json`). */
    pendingCheckpoints(): { seq: number; key: string; body: Buffer }[] {
      return audit.checkpoints({ notUploaded: true }).map((c) => checkpointObject(c, vault.tenant, audit.publicKeyPem(c.key_id) ?? ''));
    },

    markCheckpointUploaded(seq: number): void {
      audit.checkpointUploaded(seq, clock().toISOString());
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
      audit.linkSubject(tag(subject), recordId, clock().toISOString());
    },

    entries(filter: AuditEntryFilter = {}): AuditEntryRow[] {
      return audit.entries(filter);
    },

    /** The decrypted subject and details of an entry; 'erased' when a GDPR erasure removed them. */
    openPayload(seq: number): { subject?: string; details?: Record<string, unknown> } | 'erased' | undefined {
      if (audit.isPayloadErased(seq)) return 'erased';
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
        audit.recordPayloadErased(seq, erasedBySeq, clock().toISOString());
      }
      return n;
    },

    /** Walks the whole chain and every checkpoint. Needs no key. */
    verify(opts: { trustedKeys?: string[]; archived?: ArchivedCheckpoint[] } = {}): AuditVerification {
      const chain = verifyAuditChain({ audit, records: vault.records, tenant: vault.tenant, stationId: vault.stationId, genesis }, opts.trustedKeys, opts.archived);
      return chain.ok ? anchor.verify(chain, opts.trustedKeys) : chain;
    },
  };

  function signCheckpoint(seq: number, hash: string): AuditCheckpoint {
    const key = stationKey();
    const c = { seq, entry_hash: hash, at: clock().toISOString(), station_id: vault.stationId, key_id: key.keyId };
    const signature = sign(null, checkpointMessage(c, vault.tenant), key.privateKey).toString('base64');
    audit.insertCheckpoint({ ...c, signature });
    return { ...c, signature, uploaded_at: null };
  }

  return trail;
}

export type AuditTrail = ReturnType<typeof createAuditTrail>;

export { checkpointObject, entryHash, genesisHash, keyIdOf, payloadId, payloadKind, sha256Hex } from './auditChainFormat';
export type { ArchivedCheckpoint, AuditCheckpoint, AuditEntryRow, AuditProblem, AuditVerification } from './auditChainFormat';
