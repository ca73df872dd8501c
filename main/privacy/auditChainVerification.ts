import { createPublicKey, verify as verifySignature } from 'node:crypto';
import type { RecordStore } from '../vault/recordStore';
import { checkpointMessage, entryHash, keyIdOf, payloadId, payloadKind, sha256Hex, type ArchivedCheckpoint, type AuditEntryRow, type AuditVerification } from './auditChainFormat';
import type { AuditRepository } from './auditRepository';

/** The chain to walk: its tables, the sealed payloads' ciphertext, whose chain it is. */
export interface ChainToVerify {
  audit: AuditRepository;
  records: Pick<RecordStore, 'sealedBytes'>;
  tenant: string;
  stationId: string;
  /** The chain's first "previous hash" (genesisHash of tenant and station). */
  genesis: string;
}

/**
 * The verification itself: entries in order, each must (1) have the next number, (2) name its
 * predecessor's hash, (3) hash to what it says, (4) still have the payload it hashed (or a recorded
 * erasure); then every checkpoint must be validly signed and match the entry it names.
 */
export function verifyAuditChain(chain: ChainToVerify, trustedKeys?: string[], archived: ArchivedCheckpoint[] = []): AuditVerification {
  const { audit, records, tenant, stationId, genesis } = chain;
  const total = audit.count();
  const checkpoints = audit.checkpoints();
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
  for (const r of audit.iterateHashes()) seqByHash.set(r.entry_hash, r.seq);
  let prevHash = genesis;
  let expected = 1;
  let erased = 0;
  const hashAt = new Map<number, string>();
  const checkpointSeqs = new Set([...checkpoints.map((c) => c.seq), ...archived.map((c) => c.seq)]);
  for (const row of audit.iterateEntries()) {
    if (row.seq !== expected) {
      if (row.seq > expected) return result({ brokenAt: expected, problem: 'deleted', reason: `entry ${expected}${row.seq - expected > 1 ? `–${row.seq - 1}` : ''} is missing (deleted): the next entry present is ${row.seq}` }, erased);
      return result({ brokenAt: row.seq, problem: 'inserted', reason: `entry ${row.seq} is out of sequence` }, erased);
    }
    if (entryHash(row) !== row.entry_hash) {
      // Does the row hash right under another number? Then it was moved, not changed.
      const writtenAs = originalPosition(row, total);
      if (writtenAs !== undefined) {
        const next = audit.entry(row.seq + 1);
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
      const sealed = records.sealedBytes(payloadKind, payloadId(row.seq));
      if (!sealed) {
        if (audit.isPayloadErased(row.seq)) erased++;
        else return result({ brokenAt: row.seq, problem: 'payload', reason: `entry ${row.seq}: its encrypted payload is missing, and no erasure removed it` }, erased);
      } else if (sha256Hex(sealed) !== row.payload_sha256) {
        return result({ brokenAt: row.seq, problem: 'payload', reason: `entry ${row.seq}: its encrypted payload was replaced` }, erased);
      }
    }
    if (checkpointSeqs.has(row.seq)) hashAt.set(row.seq, row.entry_hash);
    prevHash = row.entry_hash;
    expected++;
  }
  const lastSeq = expected - 1;
  const keys = audit.publicKeys();
  let verifiedUpTo = 0;
  for (const c of checkpoints) {
    const pem = keys.get(c.key_id);
    if (!pem || (trustedKeys && !trustedKeys.includes(c.key_id))) return result({ brokenAt: c.seq, problem: 'signature', reason: `checkpoint at entry ${c.seq} is signed by key ${c.key_id}, which is ${pem ? 'not trusted' : 'unknown'}` }, erased);
    const good = verifySignature(null, checkpointMessage(c, tenant), createPublicKey(pem), Buffer.from(c.signature, 'base64'));
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
      good = keyIdOf(key) === c.keyId && c.tenant === tenant && c.stationId === stationId
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
