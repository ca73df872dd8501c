import type { Actor } from '../accounts/roles';
import { documentKinds, type DocumentRow, type Vault } from '../vault/vault';
import type { ArchiveStore } from './archiveStore';
import { AuditRepository } from './auditRepository';
import type { AuditEntryRow, AuditTrail } from './auditTrail';
import { normaliseSubject } from './subjectTag';

/**
 * Everything the station holds about one data subject: documents linked to them (by an audit
 * entry or linkSubject) or whose encrypted signer details name them (signer name, or any text
 * value of the metadata such as a customer number), and the audit entries about them.
 * Matching is on the normalised identifier (case, spacing), exact otherwise: a near miss is not
 * the same person, and erasing someone else's contract would be worse than asking again.
 */
export interface SubjectDocument {
  row: DocumentRow;
  /** How it was found: 'link' (audit/linkSubject), 'details' (decrypted signer details). */
  matchedBy: ('link' | 'details')[];
}

/** A data subject's request (access or erasure) as the services receive it: who asks, about whom, from where. */
export interface SubjectRequestInput {
  vault: Vault;
  audit: AuditTrail;
  /** The S3 archive (documents purged locally are still there); absent when none is configured. */
  archive?: ArchiveStore;
  /** The signed-in supervisor; the service checks the role itself. */
  actor: Actor;
  /** Name, customer number or other identifier, as the person gave it. */
  subject: string;
  /** Where the request is made from (desk, 'cli'), for the audit entry. */
  from: string;
  clock?: () => Date;
}

export interface SubjectRecords {
  subjectTag: string;
  documents: SubjectDocument[];
  /** Linked record ids with no document row here (e.g. erased before, or not a document). */
  otherRecordIds: string[];
  auditEntries: AuditEntryRow[];
}

export function findSubjectRecords(vault: Vault, audit: AuditTrail, subject: string): SubjectRecords {
  const subjectTag = audit.subjectTag(subject);
  const wanted = normaliseSubject(subject);
  const found = new Map<string, SubjectDocument>();
  const add = (row: DocumentRow, how: 'link' | 'details') => {
    const f = found.get(row.id) ?? { row, matchedBy: [] };
    if (!f.matchedBy.includes(how)) f.matchedBy.push(how);
    found.set(row.id, f);
  };
  const otherRecordIds: string[] = [];
  for (const record_id of new AuditRepository(vault.sql).linkedRecords(subjectTag)) {
    const row = vault.document(record_id);
    if (row) add(row, 'link');
    else otherRecordIds.push(record_id);
  }
  // Signer details of every document whose content is still here: decrypted one at a time.
  for (const row of vault.documentsWithRecord(documentKinds.details)) {
    const plain = vault.openRecord(documentKinds.details, row.id);
    if (plain && mentions(JSON.parse(plain.toString('utf8')), wanted, 0)) add(row, 'details');
  }
  return { subjectTag, documents: [...found.values()].sort((a, b) => a.row.seq - b.row.seq), otherRecordIds, auditEntries: audit.entries({ subjectTag }) };
}

/**
 * Fields of the signer details that do not identify the signer: matching them would hand one
 * person's documents to another (the last digits of an ID card are shared by thousands; `checkedBy`
 * is the teller, whose own request must not return the customers' contracts).
 */
const notIdentifying = new Set(['sha256', 'title', 'source', 'documentType', 'requestId', 'reference', 'consent', 'idType', 'lastDigits', 'checkedBy', 'identification']);

/** Does any identifying text value (up to 4 levels deep) equal the identifier, once normalised? */
export function mentions(value: unknown, wanted: string, depth: number): boolean {
  if (typeof value === 'string') return normaliseSubject(value) === wanted;
  if (depth > 4 || value === null || typeof value !== 'object') return false;
  return Object.entries(value as Record<string, unknown>).some(([k, v]) => !notIdentifying.has(k) && mentions(v, wanted, depth + 1));
}
