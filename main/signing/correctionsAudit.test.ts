import { describe, expect, it } from 'vitest';
import { EventHub } from '../contract/eventHub';
import { silentLogger } from '../logging/logger';
import { createAuditTrail } from '../privacy/auditTrail';
import { auditStationEvents } from '../privacy/sessionAudit';
import { findPlaintextMarkers, openLocalVault, tempDir } from '../../test/support/vaultFixtures';
import { MemoryInbox } from './memoryInbox';
import { SigningSession } from './signingSession';
import { idlePen } from '../../test/support/idlePen';

describe('corrections in the audit trail (real session, real event hub, real vault)', () => {
  it('records a stopped attempt, a corrected signer and the discard, each once, names only encrypted', async () => {
    const tmp = tempDir('corrections-audit-');
    const { vault } = await openLocalVault(tmp.dir);
    try {
      const audit = createAuditTrail(vault, { log: { info() {}, warn() {} } });
      const events = new EventHub();
      const stop = auditStationEvents(events, audit, { from: 'desk-1' });
      events.publish('auth.changed', { signedIn: true, user: { username: 'anna', role: 'teller' }, lockAfterSeconds: 300 });
      const inbox = new MemoryInbox();
      const session = new SigningSession({
        inbox, pen: idlePen, events, log: silentLogger, place: 'Vilnius', branding: { name: 'Bank' },
        sealer: { demoCredentials: true, seal: async () => { throw new Error('not used'); } },
        store: { store: async () => undefined },
      });
      const item = await inbox.add({ source: 'file', title: 'Loan', pdf: new Uint8Array([37, 80, 68, 70]), pageCount: 1 });
      await session.start({ requestId: item.id, signerName: 'Qzwx Wrongperson', requireReadToEnd: false, identification: { idType: 'passport', lastDigits: '1111', checkedBy: 'anna' } });
      session.sendToCustomer();
      session.stopAttempt('Wrong signer', 'teller');
      session.correctSigner({ name: 'Qzwx Rightperson', identification: { idType: 'national-id', lastDigits: '2222', checkedBy: 'anna' } });
      session.sendToCustomer();
      session.stopAttempt('the customer stopped on their screen', 'customer');
      await session.cancel('Wrong document', 'teller');
      stop();
      session.close();
      const actions = audit.entries().map((e) => [e.actor, e.action]);
      expect(actions).toEqual([
        ['anna', 'document.opened'],
        ['anna', 'document.shown'],
        ['anna', 'attempt.stopped'],
        ['anna', 'document.opened'],
        ['anna', 'signer.corrected'],
        ['anna', 'document.shown'],
        ['customer', 'attempt.stopped'],
        ['anna', 'document.opened'],
        ['anna', 'session.cancelled'],
      ]);
      const stopped = audit.entries().find((e) => e.action === 'attempt.stopped')!;
      expect(audit.openPayload(stopped.seq)).toMatchObject({ subject: 'Qzwx Wrongperson', details: { by: 'teller', reason: 'Wrong signer', samples: 'dropped' } });
      const corrected = audit.entries().find((e) => e.action === 'signer.corrected')!;
      expect(audit.openPayload(corrected.seq)).toMatchObject({ subject: 'Qzwx Rightperson', details: { fields: ['name', 'identification'], identification: { lastDigits: '2222' } } });
      expect(findPlaintextMarkers(tmp.dir, ['Qzwx', 'Wrongperson'])).toEqual([]);
    } finally {
      vault.close();
      tmp.remove();
    }
  });
});
