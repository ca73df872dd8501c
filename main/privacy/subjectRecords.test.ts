import { describe, expect, it } from 'vitest';
import { openLocalVault, pdfWithText, tempDir } from '../../test/support/vaultFixtures';
import { createAuditTrail } from './auditTrail';
import { findSubjectRecords } from './subjectRecords';

describe('finding a data subject\'s records', () => {
  it('matches the signer and identifying metadata, never the teller, an ID card\'s last digits or a document reference', async () => {
    const tmp = tempDir('subject-');
    const { vault } = await openLocalVault(tmp.dir);
    try {
      const audit = createAuditTrail(vault, { log: { info() {}, warn() {} } });
      const metadata = { customerNumber: 'C-1001', reference: 'LOAN-7', documentType: 'loan', identification: { idType: 'passport', lastDigits: '4711', checkedBy: 'anna.k' } };
      vault.enqueueSignedDocument({ id: 'd1', tenant: 'bank-a', pdf: pdfWithText('1'), signerName: 'Åsa  Öberg', metadata });
      vault.enqueueSignedDocument({ id: 'd2', tenant: 'bank-a', pdf: pdfWithText('2'), signerName: 'Other Person', metadata: { ...metadata, customerNumber: 'C-2002' } });
      audit.append({ actor: 'anna.k', action: 'document.signed', recordId: 'd9-gone', subject: 'åsa öberg', from: 'desk' });
      const ids = (subject: string) => findSubjectRecords(vault, audit, subject).documents.map((d) => d.row.id);
      expect(ids('ÅSA ÖBERG')).toEqual(['d1']);
      expect(ids('c-1001')).toEqual(['d1']);
      expect(ids('4711')).toEqual([]);
      expect(ids('anna.k')).toEqual([]);
      expect(ids('LOAN-7')).toEqual([]);
      expect(ids('loan')).toEqual([]);
      expect(ids('Åsa')).toEqual([]);
      const found = findSubjectRecords(vault, audit, 'Åsa Öberg');
      expect(found.otherRecordIds).toEqual(['d9-gone']);
      expect(found.auditEntries.map((e) => e.record_id)).toEqual(['d9-gone']);
    } finally {
      vault.close();
      tmp.remove();
    }
  });

  it('gives the same person the same tag from two processes on one vault (the app and the CLI)', async () => {
    const tmp = tempDir('subject-two-');
    const { vault: app } = await openLocalVault(tmp.dir);
    const { vault: cli } = await openLocalVault(tmp.dir);
    try {
      const appAudit = createAuditTrail(app, { log: { info() {}, warn() {} } });
      const cliAudit = createAuditTrail(cli, { log: { info() {}, warn() {} } });
      const fromCli = cliAudit.subjectTag('Jane Roe');
      expect(appAudit.subjectTag('jane roe')).toBe(fromCli);
    } finally {
      app.close();
      cli.close();
      tmp.remove();
    }
  });
});
