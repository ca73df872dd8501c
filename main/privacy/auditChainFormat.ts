import { createHash, type KeyObject } from 'node:crypto';

/**
 * The audit chain's format: what an entry's hash and a checkpoint's signature cover, and the
 * shape of the checkpoint objects the archive keeps. Changing any of it breaks every existing chain.
 */
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

export const payloadKind = 'audit-payload';
export const payloadId = (seq: number) => `audit-${seq}`;
const chainFormat = 'signing-station/audit/1';

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

