import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BiometricRecord } from '../pen/biometricRecord';
import { closePdfParser, inspectPdf } from './inspectPdf';
import { PdfRejectedError } from './pdfRejectedError';
import { signPdf } from './signPdf';
import { verifyPdf } from './verifyPdf';
import { corpusFiles, demoCredentials, haveCorpus, pdfsig, qpdfCheck, svcRecord } from '../../test/support/documentTestKit';

/**
 * Every real-world document of the corpus (forms, signed files, PDF/A, ordinary files from many
 * producers) either signs — poppler says the new seal is valid and covers the whole file, qpdf adds
 * no error, every earlier signature keeps exactly its earlier verdict — or is refused for a reason
 * the station states (certification forbidding changes, encryption).
 */
const refusals: Record<string, string> = {
  'dss_certified-no-change-permitted.pdf': 'changes-forbidden',
  'pyhanko_minimal-two-fields-aes256.pdf': 'encrypted',
};

afterAll(() => closePdfParser());

describe.skipIf(!haveCorpus)('signing the real-world corpus', () => {
  let creds: ReturnType<typeof demoCredentials>;
  let record: BiometricRecord;
  beforeAll(async () => {
    creds = demoCredentials();
    record = await svcRecord('U7S4.TXT');
  });

  for (const file of [...corpusFiles('signature-fields'), ...corpusFiles('pdfa'), ...corpusFiles('ordinary')]) {
    const name = basename(file);
    it(name, async () => {
      const pdf = readFileSync(file);
      const result = await signPdf({ pdf, record, signer: { name: 'Corpus Signer' }, place: 'Test', sealer: creds.sealer, escrowPublicKeyPem: creds.escrowPublicKeyPem })
        .catch((e) => e as PdfRejectedError);
      if (refusals[name]) {
        expect(result).toBeInstanceOf(PdfRejectedError);
        expect((result as PdfRejectedError).code).toBe(refusals[name]);
        return;
      }
      if (result instanceof Error) throw result;
      const before = pdfsig(pdf).filter((s) => s.validation);
      const after = pdfsig(result.pdf);
      // Earlier signatures: the same verdict as before (an incremental update leaves their bytes alone).
      for (const old of before) expect(after.find((s) => s.field === old.field)?.validation, old.field).toBe(old.validation);
      expect(after.filter((s) => s.validation)).toHaveLength(before.length + 1);
      expect(after.find((s) => s.field === result.fieldName)).toMatchObject({ validation: 'Signature is Valid.', total: true });
      const qBefore = qpdfCheck(pdf).status;
      const qAfter = qpdfCheck(result.pdf).status;
      expect(qAfter === 0 || qAfter <= qBefore, `qpdf --check went from ${qBefore} to ${qAfter}`).toBe(true);
      const report = await verifyPdf(result.pdf);
      const ours = report.signatures.find((s) => s.fieldName === result.fieldName)!;
      expect(ours).toMatchObject({ valid: true, coversWholeDocument: true, level: 'PAdES B-B' });
      expect(ours.biometrics?.bound).toBe(true);
      const infoBefore = await inspectPdf(pdf);
      const infoAfter = await inspectPdf(result.pdf);
      expect(infoAfter.pageCount).toBe(infoBefore.pageCount);
      expect(infoAfter.pdfaClaim).toBe(infoBefore.pdfaClaim);
    });
  }
});
