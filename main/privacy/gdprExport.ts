/**
 * Right of access (GDPR Art. 15):
 *
 *   await gdprExport({ vault, audit, archive?, actor, subject, from, outDir, clock?, zip?, scanArchive? }) → ExportSummary
 *
 * Writes a readable archive into `outDir` (created, must be empty): index.html (for the person),
 * subject.json (the same, for machines), documents/<id>.pdf (the signed documents, from the station
 * or, once purged here, decrypted from the S3 archive) and documents/<id>.biometrics (the pen data
 * as sealed for the bank's escrow holder: the station itself cannot open it, and says so).
 * Only a supervisor may export; the export is itself an audit entry.
 */
import { mkdirSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { requirePermission } from '../accounts/roles';
import { readArchivedDocument } from '../sync/archivedDocumentReader';
import { openEnvelope } from '../vault/portableEnvelope';
import { documentKinds } from '../vault/vault';
import { scanArchiveForSubject, type ArchiveMatch } from './archiveSubjectScan';
import { findSubjectRecords, type SubjectRequestInput } from './subjectRecords';
import { zipFiles } from './zipArchive';

export interface ExportedDocument {
  id: string;
  state: string;
  signedAt: string | null;
  syncedAt: string | null;
  signerName?: string;
  metadata?: Record<string, unknown>;
  pdf: string | null;
  biometrics: string | null;
  source: 'station' | 'archive' | 'unavailable';
  note?: string;
}

export interface ExportSummary {
  outDir: string;
  documents: number;
  pdfs: number;
  auditEntries: number;
  unavailable: string[];
  auditEntry: number;
  zipFile?: string;
}

export interface GdprExportInput extends SubjectRequestInput {
  outDir: string;
  /** Also pack the folder into `<outDir>.zip` (one file to hand over). */
  zip?: boolean;
  /** Also read every document's encrypted details in the archive (documents no longer linked here, other stations'). */
  scanArchive?: boolean;
}

export async function gdprExport(input: GdprExportInput): Promise<ExportSummary> {
  requirePermission(input.actor, 'gdpr.export');
  const { vault, audit } = input;
  if (existsSync(input.outDir) && readdirSync(input.outDir).length > 0) throw new Error(`${input.outDir} is not empty: choose a new folder for the export`);
  const now = (input.clock ?? (() => new Date()))();
  const found = findSubjectRecords(vault, audit, input.subject);
  mkdirSync(join(input.outDir, 'documents'), { recursive: true, mode: 0o700 });
  const written: { name: string; data: Uint8Array }[] = [];
  const write = (name: string, data: string | Uint8Array) => {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    writeFileSync(join(input.outDir, name), bytes, { mode: 0o600 });
    written.push({ name, data: bytes });
  };

  const unwrap = (h: { kek: { blob: string; encryptionContext: Record<string, string> } }) => vault.keyProvider.decryptDataKey(Buffer.from(h.kek.blob, 'base64'), h.kek.encryptionContext);
  /** The PDF and signer details from the archive copy; a note when it cannot be had. */
  async function fromArchive(doc: ExportedDocument, objectKey: string): Promise<void> {
    try {
      const envelope = await input.archive!.get(objectKey);
      if (!envelope) {
        doc.note = 'not in the archive any more (removed after its retention period)';
        return;
      }
      write((doc.pdf = `documents/${doc.id}.pdf`), (await openEnvelope(envelope, unwrap)).plaintext);
      doc.source = 'archive';
      // The signer details: in the envelope's header, or in the .json an older station wrote beside it.
      const details = (await readArchivedDocument(input.archive!, objectKey, envelope))?.metadata?.detailsEnvelope;
      if (details) Object.assign(doc, JSON.parse((await openEnvelope(Buffer.from(details, 'base64'), unwrap)).plaintext.toString('utf8')));
    } catch (err) {
      doc.note = `the archive copy could not be read: ${(err as Error).message}`;
    }
  }

  // With scanArchive: documents the archive itself says are the subject's (see archiveSubjectScan.ts).
  const rows = found.documents.map((d) => d.row);
  const elsewhere: ArchiveMatch[] = [];
  if (input.scanArchive) {
    if (!input.archive) throw new Error('scanning the archive needs the S3 archive configured (sync.s3Bucket)');
    for (const m of (await scanArchiveForSubject(vault, input.archive, input.subject)).matches) {
      if (rows.some((r) => r.id === m.documentId)) continue;
      const row = vault.document(m.documentId);
      if (row && row.object_key === m.objectKey) rows.push(row);
      else elsewhere.push(m);
    }
  }

  const documents: ExportedDocument[] = [];
  for (const row of rows) {
    const doc: ExportedDocument = { id: row.id, state: row.state, signedAt: row.signed_at, syncedAt: row.synced_at, pdf: null, biometrics: null, source: 'unavailable' };
    if (vault.records.has(documentKinds.pdf, row.id)) {
      const opened = vault.openDocument(row.id);
      Object.assign(doc, { signerName: opened.signerName, metadata: opened.metadata, source: 'station' });
      write((doc.pdf = `documents/${row.id}.pdf`), opened.pdf);
      const bio = vault.openRecord(documentKinds.biometrics, row.id);
      if (bio) write((doc.biometrics = `documents/${row.id}.biometrics`), bio);
    } else if (row.object_key && input.archive) await fromArchive(doc, row.object_key);
    else doc.note = row.state === 'purged' ? 'removed from this station after upload; no archive is configured here to fetch it' : 'no content stored';
    documents.push(doc);
  }
  for (const m of elsewhere) {
    const doc: ExportedDocument = { id: m.documentId, state: `archived by station ${m.stationId ?? 'unknown'}`, signedAt: m.signedAt ?? null, syncedAt: null, pdf: null, biometrics: null, source: 'unavailable' };
    await fromArchive(doc, m.objectKey);
    documents.push(doc);
  }
  // Entries naming the person, and the events of their documents (queued, uploaded, purged…).
  // Staff appear as 'bank staff' and the checking teller is left out of details: Art. 15(4),
  // the access right does not extend to colleagues' personal data.
  const seen = new Set(found.auditEntries.map((e) => e.seq));
  const documentEvents = documents.flatMap((d) => audit.entries({ recordId: d.id })).filter((e) => !seen.has(e.seq) && seen.add(e.seq));
  const auditEntries = [...found.auditEntries, ...documentEvents].sort((a, b) => a.seq - b.seq).map((e) => {
    const payload = audit.openPayload(e.seq);
    return { seq: e.seq, at: e.at, actor: publicActor(e.actor), action: e.action, recordId: e.record_id, from: e.source, details: payload === 'erased' ? '(erased)' : withoutStaff(payload?.details) };
  });
  const content = {
    format: 'signing-station/gdpr-export/1',
    subject: input.subject,
    generatedAt: now.toISOString(),
    generatedBy: input.actor.username,
    station: { tenant: vault.tenant, stationId: vault.stationId },
    documents,
    auditEntries,
  };
  write('subject.json', JSON.stringify(content, null, 2));
  write('index.html', indexPage(content));
  const zipFile = input.zip ? `${input.outDir.replace(/[\\/]+$/, '')}.zip` : undefined;
  if (zipFile) writeFileSync(zipFile, zipFiles([...written].sort((a, b) => (a.name === 'index.html' ? -1 : b.name === 'index.html' ? 1 : 0)), now), { mode: 0o600 });
  const entry = audit.append({ actor: input.actor.username, action: 'gdpr.exported', subject: input.subject, from: input.from, details: { documents: documents.map((d) => d.id), auditEntries: auditEntries.length } });
  return {
    outDir: input.outDir,
    documents: documents.length,
    pdfs: documents.filter((d) => d.pdf).length,
    auditEntries: auditEntries.length,
    unavailable: documents.filter((d) => !d.pdf).map((d) => d.id),
    auditEntry: entry.seq,
    ...(zipFile ? { zipFile } : {}),
  };
}

function publicActor(actor: string): string {
  return actor === 'station' || actor === 'customer' || actor.startsWith('api:') || actor.startsWith('archive:') ? actor : 'bank staff';
}

function withoutStaff(details: unknown): unknown {
  if (details === null || typeof details !== 'object') return details;
  if (Array.isArray(details)) return details.map(withoutStaff);
  return Object.fromEntries(Object.entries(details as Record<string, unknown>).filter(([k]) => k !== 'checkedBy').map(([k, v]) => [k, withoutStaff(v)]));
}

const esc = (v: unknown) => String(v ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function indexPage(c: { subject: string; generatedAt: string; station: { tenant: string; stationId: string }; documents: ExportedDocument[]; auditEntries: { at: string; actor: string; action: string; recordId: string | null; from: string }[] }): string {
  const docs = c.documents.map((d) => `<tr><td>${esc(d.id)}</td><td>${esc(d.signedAt?.slice(0, 10))}</td><td>${esc(d.signerName)}</td><td>${esc(d.state)}</td>
    <td>${d.pdf ? `<a href="${esc(d.pdf)}">PDF</a>` : esc(d.note)}${d.biometrics ? ` · <a href="${esc(d.biometrics)}">pen data (sealed)</a>` : ''}</td></tr>`).join('\n');
  const events = c.auditEntries.map((e) => `<tr><td>${esc(e.at)}</td><td>${esc(e.action)}</td><td>${esc(e.recordId)}</td><td>${esc(e.actor)}</td><td>${esc(e.from)}</td></tr>`).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Your data held by the signing station</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:60em;margin:2em auto;padding:0 1em}table{border-collapse:collapse;width:100%}td,th{border:1px solid #999;padding:.3em .5em;text-align:left}</style></head>
<body>
<h1>Your data held by the signing station</h1>
<p>Prepared ${esc(c.generatedAt.slice(0, 10))} for <strong>${esc(c.subject)}</strong> by ${esc(c.station.tenant)} (station ${esc(c.station.stationId)}).</p>
<h2>Signed documents (${c.documents.length})</h2>
<table><thead><tr><th>Reference</th><th>Signed</th><th>Signer</th><th>Status</th><th>Files</th></tr></thead><tbody>
${docs || '<tr><td colspan="5">None</td></tr>'}
</tbody></table>
<p>The pen data (position, pressure, timing of your signature) are sealed for the bank's escrow holder and can only be
opened by them, for example to settle a dispute about a signature. They are included here as they are stored.</p>
<h2>Events recorded about you and your documents (${c.auditEntries.length})</h2>
<table><thead><tr><th>When (UTC)</th><th>What</th><th>Document</th><th>By</th><th>Where</th></tr></thead><tbody>
${events || '<tr><td colspan="5">None</td></tr>'}
</tbody></table>
<p>The same information for computers is in <code>subject.json</code>.</p>
</body></html>
`;
}
