/**
 * Breach investigation (`station audit export --from --to`):
 *
 *   exportAuditPeriod({ vault, audit, actor, from, to, includePersonalData? }) → AuditPeriodExport
 *
 * For a period [from, to): the chain's verification, every entry (with its decrypted details only
 * when includePersonalData, for an investigator who needs them), who signed in from where, the
 * devices seen (pen entries), and the sync history (uploads, failures, purges). Supervisors and
 * administrators only; the export itself is an audit entry.
 */
import { requirePermission, type Actor } from '../accounts/roles';
import type { Vault } from '../vault/vault';
import type { AuditTrail, AuditVerification } from './auditTrail';
import { DocumentRetentionRepository } from './documentRetentionRepository';

export interface AuditPeriodExport {
  format: 'signing-station/audit-export/1';
  tenant: string;
  stationId: string;
  period: { from: string; to: string };
  exportedAt: string;
  exportedBy: string;
  verification: AuditVerification;
  entries: { seq: number; at: string; actor: string; action: string; recordId: string | null; from: string; subjectTag: string | null; entryHash: string; details?: unknown }[];
  signIns: { actor: string; from: string; succeeded: number; refused: number; throttled: number }[];
  devices: { at: string; action: string; details?: unknown }[];
  sync: {
    uploaded: { documentId: string; at: string }[];
    failures: { documentId: string; at: string }[];
    purged: { documentId: string; at: string }[];
    documentsSyncedInPeriod: number;
  };
}

export function exportAuditPeriod(input: { vault: Vault; audit: AuditTrail; actor: Actor; from: Date; to: Date; includePersonalData?: boolean; clock?: () => Date; source?: string }): AuditPeriodExport {
  requirePermission(input.actor, 'audit.export');
  if (Number.isNaN(input.from.getTime()) || Number.isNaN(input.to.getTime())) throw new RangeError('--from and --to must be dates (YYYY-MM-DD or ISO 8601)');
  if (input.from >= input.to) throw new RangeError('--from must be before --to');
  const { vault, audit } = input;
  const from = input.from.toISOString();
  const to = input.to.toISOString();
  const rows = audit.entries({ from, to });
  const details = (seq: number) => {
    const p = audit.openPayload(seq);
    return p === 'erased' ? '(erased)' : p?.details;
  };
  const signIns = new Map<string, AuditPeriodExport['signIns'][number]>();
  const devices: AuditPeriodExport['devices'] = [];
  const sync: AuditPeriodExport['sync'] = { uploaded: [], failures: [], purged: [], documentsSyncedInPeriod: 0 };
  for (const e of rows) {
    if (e.action.startsWith('sign-in')) {
      const key = `${e.actor}\0${e.source}`;
      const s = signIns.get(key) ?? { actor: e.actor, from: e.source, succeeded: 0, refused: 0, throttled: 0 };
      if (e.action === 'sign-in') s.succeeded++;
      else if (e.action === 'sign-in.throttled') s.throttled++;
      else s.refused++;
      signIns.set(key, s);
    }
    // Devices: pen and device events carry only ids (vendor:product, serial hash) in their details.
    if (e.action.startsWith('pen.') || e.action.startsWith('device.')) devices.push({ at: e.at, action: e.action, details: details(e.seq) });
    if (e.record_id && e.action === 'document.synced') sync.uploaded.push({ documentId: e.record_id, at: e.at });
    if (e.record_id && e.action === 'document.queued' && (details(e.seq) as { from?: string } | undefined)?.from === 'uploading') sync.failures.push({ documentId: e.record_id, at: e.at });
    if (e.record_id && e.action === 'document.purged') sync.purged.push({ documentId: e.record_id, at: e.at });
  }
  sync.documentsSyncedInPeriod = new DocumentRetentionRepository(vault.sql).syncedBetween(from, to);
  const now = (input.clock ?? (() => new Date()))();
  const out: AuditPeriodExport = {
    format: 'signing-station/audit-export/1',
    tenant: vault.tenant,
    stationId: vault.stationId,
    period: { from, to },
    exportedAt: now.toISOString(),
    exportedBy: input.actor.username,
    verification: audit.verify(),
    entries: rows.map((e) => ({
      seq: e.seq, at: e.at, actor: e.actor, action: e.action, recordId: e.record_id, from: e.source, subjectTag: e.subject_tag, entryHash: e.entry_hash,
      ...(input.includePersonalData && e.payload_sha256 ? { details: details(e.seq) } : {}),
    })),
    signIns: [...signIns.values()],
    devices,
    sync,
  };
  audit.append({ actor: input.actor.username, action: 'audit.exported', from: input.source ?? 'cli', details: { from, to, entries: rows.length, includePersonalData: Boolean(input.includePersonalData) } });
  return out;
}
