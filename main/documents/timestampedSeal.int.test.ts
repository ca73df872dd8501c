import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalTsa, type LocalTsa } from '../../test/support/tsa';
import { closePdfParser } from './inspectPdf';
import { signPdf } from './signPdf';
import { verifyPdf } from './verifyPdf';
import { corpusFiles, demoCredentials, haveCorpus, pdfsig, qpdfCheck, svcRecord } from '../../test/support/documentTestKit';

/** PAdES B-T against a real RFC 3161 TSA (OpenSSL's `openssl ts`, started by the test on a free port). */
describe.skipIf(!haveCorpus)('PAdES B-T with a local openssl-ts time-stamping authority', () => {
  let tsa: LocalTsa;
  beforeAll(async () => {
    tsa = await startLocalTsa();
  });
  afterAll(async () => {
    await tsa?.close();
    await closePdfParser();
  });

  it('time-stamps the signature value; pdfsig and our verify accept it, with the TSA time', async () => {
    const creds = demoCredentials();
    const pdf = readFileSync(corpusFiles('ordinary').find((f) => f.includes('google-doc'))!);
    const before = tsa.issued();
    const signed = await signPdf({ pdf, record: await svcRecord('U2S1.TXT'), signer: { name: 'Time Stamped' }, sealer: creds.sealer, escrowPublicKeyPem: creds.escrowPublicKeyPem, tsaUrl: tsa.url });
    expect(tsa.issued()).toBeGreaterThan(before);
    expect(signed.level).toBe('B-T');
    expect(pdfsig(signed.pdf)).toEqual([{ field: signed.fieldName, validation: 'Signature is Valid.', total: true }]);
    expect(qpdfCheck(signed.pdf).status).toBe(0);
    const report = await verifyPdf(signed.pdf);
    expect(report.ok).toBe(true);
    const [s] = report.signatures;
    expect(s.level).toBe('PAdES B-T');
    expect(s.timestamp).toMatchObject({ valid: true, tsa: 'CN=Signing Station test TSA' });
    expect(Math.abs(new Date(s.timestamp!.time).getTime() - signed.timestampTime!.getTime())).toBe(0);
    // The next signature reserves room for a token from the start: one request, no retry.
    const again = tsa.issued();
    const second = await signPdf({ pdf, record: await svcRecord('U2S2.TXT'), signer: { name: 'Again' }, sealer: creds.sealer, escrowPublicKeyPem: creds.escrowPublicKeyPem, tsaUrl: tsa.url });
    expect(second.level).toBe('B-T');
    expect(tsa.issued() - again).toBe(1);
  });

  it('an unreachable TSA is a clear failure, not an untimed seal', async () => {
    const creds = demoCredentials();
    const pdf = readFileSync(corpusFiles('ordinary').find((f) => f.includes('google-doc'))!);
    const err = await signPdf({ pdf, record: await svcRecord('U2S1.TXT'), signer: { name: 'X' }, sealer: creds.sealer, escrowPublicKeyPem: creds.escrowPublicKeyPem, tsaUrl: 'http://127.0.0.1:9/none' })
      .then(() => undefined, (e) => e as Error);
    expect(err?.message).toMatch(/time-stamping authority .* cannot be reached/);
  });
});
