import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { stationConfigSchema } from '../config/stationConfigSchema';
import type { DocumentSealer } from '../signing/signingPorts';
import { closePdfParser } from './inspectPdf';
import { createStationDocumentSealer } from './stationDocumentSealer';
import { verifyPdf } from './verifyPdf';
import { corpusFiles, haveCorpus, svcRecord, tempDir } from '../../test/support/documentTestKit';

afterAll(() => closePdfParser());

describe.skipIf(!haveCorpus)('the station\'s document sealer (the signing session\'s DocumentSealer port)', () => {
  it('fits the port, says it runs on demo credentials, and seals a verifiable document', async () => {
    const config = stationConfigSchema.parse({ storage: { dir: tempDir() }, station: { place: 'Kaunas' } });
    const sealer = createStationDocumentSealer(config);
    const port: DocumentSealer = sealer; // compile-time check: the station can use it as is
    expect(port.demoCredentials).toBe(true);
    expect(sealer.notices.join(' ')).toMatch(/DEMO escrow key pair; its PRIVATE key is at .*escrow-holder/);
    const pdf = readFileSync(corpusFiles('ordinary').find((f) => f.includes('google-doc'))!);
    const sealed = await port.seal({ pdf, record: await svcRecord('U6S6.TXT'), signerName: 'Port Test', place: 'Kaunas', signedAt: new Date('2026-11-26T10:00:00Z') });
    const report = await verifyPdf(sealed.pdf);
    expect(report.ok).toBe(true);
    expect(report.signatures[0].claimedTime).toBe("D:20261126100000+00'00'");
  });
});
