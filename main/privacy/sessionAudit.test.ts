import { describe, expect, it } from 'vitest';
import type { TellerSessionView } from '../../preload/common/contract';
import { EventHub } from '../contract/eventHub';
import { findPlaintextMarkers, openLocalVault, tempDir } from '../vault/test/vaultFixtures';
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
      stop();
      expect(audit.entries().map((e) => [e.actor, e.action, e.record_id, e.source])).toEqual([
        ['anna', 'document.opened', 'inbox-7', 'desk-4'],
        ['anna', 'document.shown', 'inbox-7', 'desk-4'],
        ['anna', 'consent.shown', 'inbox-7', 'desk-4'],
        ['anna', 'signing.started', 'inbox-7', 'desk-4'],
        ['anna', 'signing.completed', 'signed-123', 'desk-4'],
        ['customer', 'session.cancelled', 's2', 'desk-4'],
        ['anna', 'desk.locked', null, 'desk-4'],
      ]);
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
