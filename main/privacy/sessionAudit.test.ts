import { describe, expect, it } from 'vitest';
import type { TellerSessionView } from '../../preload/common/contract';
import { EventHub } from '../contract/eventHub';
import { findPlaintextMarkers, openLocalVault, tempDir } from '../../test/support/vaultFixtures';
import { exportAuditPeriod } from './auditPeriodExport';
import { createAuditTrail } from './auditTrail';
import { findSubjectRecords } from './subjectRecords';
import { auditStationEvents } from './sessionAudit';

describe('desk events into the audit trail (the real event hub and contract schemas)', () => {
  it('records opened, shown, consent, signed, cancelled and lock, linking the signer to the signed document', async () => {
    const tmp = tempDir('session-audit-');
    const { vault } = await openLocalVault(tmp.dir);
    try {
      const audit = createAuditTrail(vault, { log: { info() {}, warn() {} } });
      const hub = new EventHub();
      const stop = auditStationEvents(hub, audit, { from: 'desk-4' });
      hub.publish('auth.changed', { signedIn: true, user: { username: 'anna', role: 'teller' }, lockAfterSeconds: 300 });
      const base: TellerSessionView = { sessionId: 's1', state: 'prepared', document: { id: 'inbox-7', title: 'Loan agreement', pageCount: 3 }, signerName: 'Zqxw Signer', requireReadToEnd: false, reachedEnd: false, language: 'en', inkPointCount: 0, branding: { name: 'Bank' }, identification: { idType: 'passport', lastDigits: '4711', checkedBy: 'anna' } };
      for (const state of ['prepared', 'prepared', 'reading', 'consent', 'signing', 'sealing'] as const) hub.publish('session.changed', { ...base, state });
      hub.publish('session.changed', { ...base, state: 'done', signedDocument: { id: 'signed-123', sha256: 'a'.repeat(64) } });
      hub.publish('session.changed', { ...base, sessionId: 's2', state: 'idle', lastCancel: { by: 'customer', reason: 'wants to read at home' } });
      hub.publish('session.changed', { ...base, sessionId: 's2', state: 'idle', lastCancel: { by: 'customer', reason: 'wants to read at home' } });
      hub.publish('auth.changed', { signedIn: false, lockedUser: 'anna', lockAfterSeconds: 300 });
      const status = { stationId: 'station-7', branch: 'b', tenant: 'bank-a', sync: { enabled: false, online: false, waiting: 0, uploading: 0, bytesTotal: 0, bytesDone: 0 }, demoCredentials: false };
      const pen = { connected: true, source: 'usb-hid' as const, device: 'Wacom DTH134 (056a:03a6)', profile: 'generic-digitizer' };
      hub.publish('status.changed', { ...status, pen });
      hub.publish('status.changed', { ...status, pen });
      hub.publish('status.changed', { ...status, pen: { ...pen, connected: false } });
      stop();
      expect(audit.entries().map((e) => [e.actor, e.action, e.record_id, e.source])).toEqual([
        ['anna', 'document.opened', 'inbox-7', 'desk-4'],
        ['anna', 'document.shown', 'inbox-7', 'desk-4'],
        ['anna', 'consent.shown', 'inbox-7', 'desk-4'],
        ['anna', 'signing.started', 'inbox-7', 'desk-4'],
        ['anna', 'signing.completed', 'signed-123', 'desk-4'],
        ['customer', 'session.cancelled', 's2', 'desk-4'],
        ['anna', 'desk.locked', null, 'desk-4'],
        ['station', 'pen.connected', null, 'desk-4'],
        ['station', 'pen.disconnected', null, 'desk-4'],
      ]);
      expect(audit.openPayload(8)).toEqual({ details: { source: 'usb-hid', device: 'Wacom DTH134 (056a:03a6)', profile: 'generic-digitizer' } });
      // An investigator's period export lists the devices used.
      const period = exportAuditPeriod({ vault, audit, actor: { id: 's', username: 'sup', role: 'supervisor' }, from: new Date('2000-01-01'), to: new Date('2100-01-01') });
      expect(period.devices.map((d) => [d.action, (d.details as { device: string }).device])).toEqual([['pen.connected', 'Wacom DTH134 (056a:03a6)'], ['pen.disconnected', 'Wacom DTH134 (056a:03a6)']]);
      expect(period.entries.every((e) => e.details === undefined)).toBe(true);
      expect(() => exportAuditPeriod({ vault, audit, actor: { id: 't', username: 'anna', role: 'teller' }, from: new Date('2000-01-01'), to: new Date('2100-01-01') })).toThrow(/teller may not audit.export/);
      expect(() => exportAuditPeriod({ vault, audit, actor: { id: 's', username: 'sup', role: 'supervisor' }, from: new Date('2030-01-01'), to: new Date('2000-01-01') })).toThrow(/before/);
      expect(audit.openPayload(1)).toMatchObject({ subject: 'Zqxw Signer', details: { identification: { idType: 'passport', lastDigits: '4711' } } });
      // The signed document is now found by the signer's name (GDPR export/erasure), once it is in the vault.
      vault.enqueueSignedDocument({ id: 'signed-123', tenant: 'bank-a', pdf: Buffer.from('%PDF-1.7 x'), signerName: 'someone else entirely' });
      expect(findSubjectRecords(vault, audit, 'zqxw signer').documents.map((d) => [d.row.id, d.matchedBy])).toEqual([['signed-123', ['link']]]);
      expect(findPlaintextMarkers(tmp.dir, ['Zqxw', '4711'])).toEqual([]);
      expect(audit.verify().ok).toBe(true);
    } finally {
      vault.close();
      tmp.remove();
    }
  });
});
