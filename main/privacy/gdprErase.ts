/**
 * Right to erasure (GDPR Art. 17):
 *
 *   await gdprErase({ vault, audit, archive?, actor, subject, from, legalRetentionDays?, clock?, dryRun?,
 *                     otherStores?, scanArchive?, includeOtherStations? })
 *     → ErasureReport { erased[], kept[] (with why), failed[], auditPayloadsErased, auditEntry, otherStores, archiveScan? }
 *
 * For each document of the subject (subjectRecords.ts): a legal hold (state 'kept') or a retention
 * duty (signed less than `legalRetentionDays` ago) keeps it, and the report says which; an upload
 * in flight is left for a retry. Otherwise the archive copy goes first — every S3 version and
 * delete marker of the PDF envelope and its metadata — then the local content: record keys
 * destroyed and ciphertext deleted (secure_delete overwrites the pages; the WAL is checkpointed
 * and truncated). A document the archive could not erase stays whole locally, so a rerun finds it.
 * The audit keeps the fact (an erasure entry listing document ids), not the data: the personal
 * payloads of the subject's entries are removed, the entries and the hash chain stay.
 */
import { requirePermission } from '../accounts/roles';
import { eraseArchivedDocument } from '../sync/archivedDocumentReader';
import { documentKinds, type Vault } from '../vault/vault';
import { AuditRepository } from './auditRepository';
import { DocumentRetentionRepository } from './documentRetentionRepository';
import { scanArchiveForSubject, type ArchiveMatch } from './archiveSubjectScan';
import { parseRetentionByType } from './retentionPurger';
import { findSubjectRecords, type SubjectRequestInput } from './subjectRecords';

export interface ErasureReport {
  subjectTag: string;
  dryRun: boolean;
  erased: { documentId: string; local: 'deleted' | 'content removed, tombstone kept' | 'nothing left locally' | 'not on this station'; archiveVersions: number }[];
  /** With scanArchive: metadata objects read, those that could not be opened, matches. */
  archiveScan?: { scanned: number; unreadable: number; found: number };
  kept: { documentId: string; why: string }[];
  failed: { documentId: string; error: string }[];
  /** Audit entries whose personal payload was removed (the entries themselves stay). */
  auditPayloadsErased: number;
  /** The erasure's own audit entry. */
  auditEntry?: number;
  /** False if another process held the WAL open: old pages may linger until it closes. */
  walTruncated: boolean;
  /** What the other stores (SubjectDataStore) erased or kept. */
  otherStores: { store: string; erased: string[]; kept: { id: string; why: string }[]; error?: string }[];
}

/**
 * Another store holding personal data outside the document queue (e.g. the integrations' inbox of
 * pending signing requests): erasure asks it too, and its answer goes into the report.
 */
export interface SubjectDataStore {
  name: string;
  eraseSubject(subject: string, options: { dryRun: boolean }): Promise<{ erased: string[]; kept: { id: string; why: string }[] }> | { erased: string[]; kept: { id: string; why: string }[] };
}

/** Without `archive`, documents that were uploaded cannot be erased (they fail, unchanged). */
export interface GdprEraseInput extends SubjectRequestInput {
  /** Days after signing during which the bank must keep a signed document (AML, contract law). 0: none. */
  legalRetentionDays?: number;
  /** The same per document type (metadata.documentType): "account-opening=1826,loan=3650". */
  legalRetentionByDocumentType?: string;
  dryRun?: boolean;
  /** Other stores of personal data to erase the subject from (integrations' inbox, …). */
  otherStores?: SubjectDataStore[];
  /** Also read every document's encrypted details in the archive (documents no longer linked here). */
  scanArchive?: boolean;
  /** Erase archive copies made by other stations of the tenant too (their holds are not known here). */
  includeOtherStations?: boolean;
}

export async function gdprErase(input: GdprEraseInput): Promise<ErasureReport> {
  requirePermission(input.actor, 'gdpr.erase');
  const { vault, audit } = input;
  const now = (input.clock ?? (() => new Date()))();
  const found = findSubjectRecords(vault, audit, input.subject);
  const report: ErasureReport = { subjectTag: found.subjectTag, dryRun: Boolean(input.dryRun), erased: [], kept: [], failed: [], auditPayloadsErased: 0, walTruncated: false, otherStores: [] };
  const byType = parseRetentionByType(input.legalRetentionByDocumentType ?? '');
  /** The legal duty of a document, by its type (from the retention table or its encrypted details). */
  const dutyMs = (documentId: string, knownType?: string): number => {
    let type = knownType;
    if (type === undefined && byType.size) {
      type = new DocumentRetentionRepository(vault.sql).typeOf(documentId);
      if (type === undefined && vault.records.has(documentKinds.details, documentId)) {
        const t = JSON.parse(vault.openRecord(documentKinds.details, documentId)!.toString('utf8'))?.metadata?.documentType;
        type = typeof t === 'string' ? t : undefined;
      }
    }
    return (type !== undefined && byType.has(type) ? byType.get(type)! : input.legalRetentionDays ?? 0) * 86_400_000;
  };

  // With scanArchive: documents the archive itself says are the subject's (see archiveSubjectScan.ts).
  const rows = found.documents.map((d) => d.row);
  const elsewhere: ArchiveMatch[] = [];
  if (input.scanArchive) {
    if (!input.archive) throw new Error('scanning the archive needs the S3 archive configured (sync.s3Bucket)');
    const scan = await scanArchiveForSubject(vault, input.archive, input.subject);
    report.archiveScan = { scanned: scan.scanned, unreadable: scan.unreadable, found: scan.matches.length };
    for (const m of scan.matches) {
      if (rows.some((r) => r.id === m.documentId)) continue;
      const row = vault.document(m.documentId);
      if (row && row.object_key === m.objectKey) rows.push(row);
      else elsewhere.push(m);
    }
  }

  for (const row of rows) {
    if (row.state === 'kept') {
      report.kept.push({ documentId: row.id, why: 'legal hold (release it first if the hold has ended)' });
      continue;
    }
    const retentionMs = dutyMs(row.id);
    if (retentionMs > 0 && row.signed_at && Date.parse(row.signed_at) + retentionMs > now.getTime() && row.state !== 'in_progress') {
      report.kept.push({ documentId: row.id, why: `retention duty: signed ${row.signed_at.slice(0, 10)}, kept until ${new Date(Date.parse(row.signed_at) + retentionMs).toISOString().slice(0, 10)}` });
      continue;
    }
    if (row.state === 'uploading') {
      report.kept.push({ documentId: row.id, why: 'an upload is in progress: run the erasure again in a minute' });
      continue;
    }
    const uploaded = row.state === 'synced' || row.state === 'purged';
    if (uploaded && !input.archive) {
      report.failed.push({ documentId: row.id, error: 'the document is in the S3 archive, but no archive is configured here (sync.s3Bucket): nothing was changed' });
      continue;
    }
    if (input.dryRun) {
      report.erased.push({ documentId: row.id, local: localOutcome(row.state), archiveVersions: 0 });
      continue;
    }
    let archiveVersions = 0;
    try {
      if (uploaded && row.object_key) {
        archiveVersions += await eraseArchivedDocument(input.archive!, row.object_key);
      }
    } catch (err) {
      report.failed.push({ documentId: row.id, error: `the S3 archive refused the erasure (${(err as Error).name}: ${(err as Error).message}); the local copy is unchanged` });
      continue;
    }
    if (row.state === 'synced') vault.purgeDocument(row.id, 'gdpr erasure');
    else if (row.state !== 'purged') vault.cancelDocument(row.id, 'gdpr erasure');
    report.erased.push({ documentId: row.id, local: localOutcome(row.state), archiveVersions });
  }

  // Archived by another station of the tenant (or a station whose vault was replaced): that station
  // knows its holds, so the archive copy goes only when asked to, and the retention duty still applies.
  for (const m of elsewhere) {
    const signedAt = m.signedAt ? Date.parse(m.signedAt) : NaN;
    const retentionMs = dutyMs(m.documentId, m.documentType ?? '');
    if (retentionMs > 0 && (Number.isNaN(signedAt) || signedAt + retentionMs > now.getTime())) {
      report.kept.push({ documentId: m.documentId, why: `in the archive from station ${m.stationId ?? 'unknown'}: retention duty (signed ${m.signedAt?.slice(0, 10) ?? 'on an unknown date'})` });
      continue;
    }
    if (!input.includeOtherStations) {
      report.kept.push({ documentId: m.documentId, why: `in the archive from station ${m.stationId ?? 'unknown'}: erase it there, or here with --include-other-stations once no hold applies` });
      continue;
    }
    if (input.dryRun) {
      report.erased.push({ documentId: m.documentId, local: 'not on this station', archiveVersions: 0 });
      continue;
    }
    try {
      const archiveVersions = await eraseArchivedDocument(input.archive!, m.objectKey);
      report.erased.push({ documentId: m.documentId, local: 'not on this station', archiveVersions });
    } catch (err) {
      report.failed.push({ documentId: m.documentId, error: `the S3 archive refused the erasure (${(err as Error).name}: ${(err as Error).message})` });
    }
  }

  for (const store of input.otherStores ?? []) {
    try {
      const r = await store.eraseSubject(input.subject, { dryRun: Boolean(input.dryRun) });
      report.otherStores.push({ store: store.name, erased: r.erased, kept: r.kept });
    } catch (err) {
      report.otherStores.push({ store: store.name, erased: [], kept: [], error: (err as Error).message });
    }
  }

  const keptIds = new Set([...report.kept, ...report.failed].map((k) => k.documentId));
  const payloadSeqs = found.auditEntries.filter((e) => e.payload_sha256 && !(e.record_id && keptIds.has(e.record_id))).map((e) => e.seq);
  if (input.dryRun) {
    report.auditPayloadsErased = payloadSeqs.length;
    return report;
  }
  vault.transaction(() => {
    const entry = audit.append({
      actor: input.actor.username,
      action: 'gdpr.erased',
      from: input.from,
      details: { erased: report.erased.map((e) => e.documentId), kept: report.kept, failed: report.failed.map((f) => f.documentId), auditEntries: payloadSeqs.length, otherStores: report.otherStores },
    });
    report.auditEntry = entry.seq;
    report.auditPayloadsErased = audit.erasePayloads(payloadSeqs, entry.seq);
    const links = new AuditRepository(vault.sql);
    for (const e of report.erased) links.unlinkSubject(found.subjectTag, e.documentId);
    for (const id of found.otherRecordIds) links.unlinkSubject(found.subjectTag, id);
    // A deleted (never uploaded) document leaves nothing behind, not even its retention row.
    const retention = new DocumentRetentionRepository(vault.sql);
    for (const e of report.erased) if (e.local === 'deleted') retention.forget(e.documentId);
  });
  audit.checkpoint();
  report.walTruncated = truncateWal(vault);
  return report;
}

function localOutcome(state: string): ErasureReport['erased'][number]['local'] {
  return state === 'synced' ? 'content removed, tombstone kept' : state === 'purged' ? 'nothing left locally' : 'deleted';
}

/** Moves the WAL into the database file and truncates it, so that no old page lingers there. */
export function truncateWal(vault: Vault): boolean {
  return !vault.checkpoint().busy;
}
