import { createPublicKey, sign, verify as verifySignature, type KeyObject } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Vault } from '../vault/vault';
import { writeFileDurably } from '../vault/durableFile';
import { KeyUnavailableError } from '../vault/vaultErrors';
import { keyIdOf, type AuditVerification } from './auditChainFormat';
import type { AuditRepository } from './auditRepository';
import type { Logger } from '../logging/logger';

/**
 * The audit trail's head, kept where an edit of the vault database does not reach: a file beside
 * it (`audit-head.json`) holding the last entry's number and hash and the last signed checkpoint's
 * number, signed with the station's audit key (Ed25519; its private half is sealed under the
 * tenant key, which the vault database alone does not open). `DELETE FROM audit_entries WHERE seq > N` (or
 * the same on audit_checkpoints) with sqlite3 leaves this file saying more than the database
 * holds, and `verify` says so without the S3 archive.
 *
 * The file follows committed state only (written after the transaction that added the entry, with
 * fsync and an atomic rename), so it never runs ahead of the database; after a crash it may lag
 * behind by the last entries, which verification accepts. It only moves forward, and only while
 * the database continues what it signed: once they disagree it stays as it is, as evidence.
 *
 * Someone who controls the whole disk can still roll back the database and this file together (or
 * delete both the file and the database's note that it exists): then only the checkpoints copied
 * to S3 tell (`station audit verify --against-archive`). See docs/privacy.md.
 */
export const auditHeadFileName = 'audit-head.json';
const headFormat = 'signing-station/audit/1/head';

interface HeadFile {
  format: string;
  tenant: string;
  stationId: string;
  seq: number;
  entryHash: string;
  /** The last signed checkpoint when the head was written (0: none). */
  checkpointSeq: number;
  /** The first entry this vault's anchor covered (later than 1 for a trail from before anchors). */
  since: number;
  at: string;
  keyId: string;
  publicKeyPem: string;
  signature: string;
}

function headMessage(h: Omit<HeadFile, 'keyId' | 'publicKeyPem' | 'signature'>): Buffer {
  return Buffer.from(JSON.stringify([h.format, h.tenant, h.stationId, h.seq, h.entryHash, h.checkpointSeq, h.since, h.at]), 'utf8');
}

export interface AuditHeadAnchor {
  /** After an append or a checkpoint: brings the file up to the committed head (once per burst). */
  advance(): void;
  /** Holds a verified chain to the head file; returns the chain's verdict or the head's complaint. */
  verify(chain: AuditVerification, trustedKeys?: string[]): AuditVerification;
  readonly path: string;
}

export function createAuditHeadAnchor(vault: Vault, audit: AuditRepository, options: {
  signingKey: () => { privateKey: KeyObject; keyId: string };
  /** The id of the station's own audit key, opened with the tenant key (not in the vault database in usable form); undefined: none yet. */
  stationKeyId: () => string | undefined;
  log: Pick<Logger, 'warn'>;
  clock: () => Date;
}): AuditHeadAnchor {
  const { db } = audit;
  const path = join(vault.dir, auditHeadFileName);
  let scheduled = false;
  let toldNoKey = false;
  // The head this process wrote last, and the file's identity then: while the file is unchanged it
  // need not be read and its signature checked again before the next entry (that is most appends).
  let written: { head: HeadFile; stamp: string } | undefined;
  let publicKeyPem: { keyId: string; pem: string } | undefined;

  const stampOf = () => {
    const st = statSync(path, { throwIfNoEntry: false });
    return st ? `${st.ino}:${st.size}:${st.mtimeMs}` : undefined;
  };

  function read(): HeadFile | undefined {
    if (!existsSync(path)) return undefined;
    return JSON.parse(readFileSync(path, 'utf8')) as HeadFile;
  }

  /** Well-formed, for this vault, and validly signed by the key it names (which key that is, is checked apart). */
  function signedHead(head: HeadFile): boolean {
    try {
      const key = createPublicKey(head.publicKeyPem);
      return head.format === headFormat && keyIdOf(key) === head.keyId && head.tenant === vault.tenant && head.stationId === vault.stationId
        && verifySignature(null, headMessage(head), key, Buffer.from(head.signature, 'base64'));
    } catch {
      return false;
    }
  }

  function flush(): void {
    scheduled = false;
    // A caller's transaction still open (async work between BEGIN and COMMIT): wait for its end.
    if (db.inTransaction) return schedule();
    const head = audit.head();
    if (!head) return;
    const checkpointSeq = audit.lastCheckpointSeq();
    const established = audit.anchorSince();
    let current: HeadFile | undefined;
    const mine = written && written.stamp === stampOf() ? written.head : undefined;
    try {
      current = mine ?? read();
    } catch {
      return options.log.warn('audit: the head file is unreadable; it is left as it is', { path });
    }
    if (!current && established !== undefined) return options.log.warn('audit: the head file is missing; not starting a new one (verify reports it)', { path });
    if (current && current.seq === head.seq && current.checkpointSeq === checkpointSeq) return;
    let key;
    try {
      key = options.signingKey();
    } catch (err) {
      if (err instanceof KeyUnavailableError) {
        if (!toldNoKey) options.log.warn('audit: head not anchored yet (no tenant key on this station yet)', { seq: head.seq });
        toldNoKey = true;
        return;
      }
      throw err;
    }
    if (current) {
      // Only a head this station signed, which the trail still continues, is carried forward.
      const continues = (current === mine || signedHead(current)) && current.keyId === key.keyId && current.seq <= head.seq && current.checkpointSeq <= checkpointSeq
        && audit.hashOf(current.seq) === current.entryHash;
      if (!continues) return options.log.warn('audit: the trail no longer continues its signed head; the head file is kept as evidence', { headSeq: current.seq, trailSeq: head.seq });
    }
    const since = current?.since ?? established ?? head.seq;
    const unsigned = { format: headFormat, tenant: vault.tenant, stationId: vault.stationId, seq: head.seq, entryHash: head.entry_hash, checkpointSeq, since, at: options.clock().toISOString() };
    if (publicKeyPem?.keyId !== key.keyId) publicKeyPem = { keyId: key.keyId, pem: createPublicKey(key.privateKey).export({ type: 'spki', format: 'pem' }).toString() };
    const file: HeadFile = {
      ...unsigned, keyId: key.keyId, publicKeyPem: publicKeyPem.pem,
      signature: sign(null, headMessage(unsigned), key.privateKey).toString('base64'),
    };
    writeFileDurably(path, JSON.stringify(file, null, 2) + '\n', 'replace');
    written = { head: file, stamp: stampOf()! };
    if (established === undefined) {
      audit.establishAnchor(since, unsigned.at);
      if (since > 1) options.log.warn('audit: head anchor started on a trail from before anchors', { since });
    }
  }

  function flushLogged(): void {
    try {
      flush();
    } catch (err) {
      options.log.warn('audit: head file not written; it lags behind the trail', { error: (err as Error).message });
    }
  }

  function schedule(): void {
    if (scheduled) return;
    scheduled = true;
    // After the caller's synchronous transaction has committed (or rolled back).
    queueMicrotask(flushLogged);
  }

  /** Now when nothing is open (the entry is committed); inside a caller's transaction, right after it. */
  function advance(): void {
    if (db.inTransaction) schedule();
    else flushLogged();
  }

  function verify(chain: AuditVerification, trustedKeys?: string[]): AuditVerification {
    const fail = (problem: AuditVerification['problem'], brokenAt: number | undefined, reason: string): AuditVerification => ({ ...chain, ok: false, problem, brokenAt, reason });
    const established = audit.anchorSince();
    let head: HeadFile | undefined;
    try {
      head = read();
    } catch (err) {
      return fail('head', undefined, `the audit head file ${path} is unreadable (${(err as Error).message}): the end of the trail cannot be checked`);
    }
    if (!head) {
      if (established !== undefined) return fail('head', undefined, `the audit head file ${path} is missing: the end of the trail cannot be checked (removed with a cut-off tail?); check with --against-archive`);
      return { ...chain, reason: `${chain.reason}; no signed head yet (the trail predates head anchors, or is empty)` };
    }
    if (!signedHead(head)) return fail('head', undefined, `the audit head file ${path} does not verify (altered, or for another station)`);
    if (trustedKeys && !trustedKeys.includes(head.keyId)) return fail('head', undefined, `the audit head file is signed by key ${head.keyId}, which is not trusted`);
    // A head file forged with a key of one's own does not carry the station's key, which only the
    // tenant key opens; without the tenant key here, the signature alone is checked.
    let stationKeyId: string | undefined;
    try {
      stationKeyId = options.stationKeyId();
    } catch (err) {
      if (!(err instanceof KeyUnavailableError)) throw err;
    }
    if (stationKeyId && stationKeyId !== head.keyId) return fail('head', undefined, `the audit head file is signed by key ${head.keyId}, not by this station's audit key ${stationKeyId}`);
    const last = audit.head()?.seq ?? 0;
    if (head.seq > last) return fail('truncated', last + 1, `entries ${last + 1}–${head.seq} were removed: the signed head (${auditHeadFileName}, ${head.at}) says the trail reached entry ${head.seq}, it ends at ${last}`);
    if (audit.hashOf(head.seq) !== head.entryHash) return fail('checkpoint', head.seq, `entry ${head.seq} does not match the signed head (${auditHeadFileName}, ${head.at}): entries were rewritten`);
    const checkpointSeq = audit.lastCheckpointSeq();
    if (head.checkpointSeq > checkpointSeq) return fail('checkpoint', checkpointSeq + 1, `signed checkpoints were removed: the signed head names a checkpoint at entry ${head.checkpointSeq}, the last one present is ${checkpointSeq ? `at entry ${checkpointSeq}` : 'none'}`);
    return { ...chain, reason: `${chain.reason}; the signed head (entry ${head.seq}${head.since > 1 ? `, anchored since entry ${head.since}` : ''}) matches` };
  }

  return { advance, verify, path };
}
