import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extendPdf } from './extendPdf';
import { closePdfParser } from './inspectPdf';
import { RevocationFetchError } from './revocationFetcher';
import { signPdfAtLevel } from './signAtLevel';
import { verifyPdf } from './verifyPdf';
import { corpusFiles, demoCredentials, haveCorpus, pdfsig, qpdfCheck, svcRecord } from '../../test/support/documentTestKit';
import { mutoolVerify, opensslChecksOfDocumentTimestamps, opensslChecksOfDss, sealedBy, startLtvWorld, type LtvWorld } from '../../test/support/longTermTestKit';

/**
 * PAdES B-LT and B-LTA against a real PKI (openssl root → issuing CA → seal and TSA certificates,
 * an `openssl ocsp` responder, CRLs over HTTP, an `openssl ts` TSA), checked by pdfsig, mutool,
 * qpdf and openssl itself, and by our verify.
 */
describe.skipIf(!haveCorpus)('PAdES long-term validation levels', () => {
  let world: LtvWorld;
  let pdf: Uint8Array;
  const seal = async (level: 'B-B' | 'B-T' | 'B-LT' | 'B-LTA', sealer = world.sealer) => signPdfAtLevel({
    pdf, record: await svcRecord('U2S1.TXT'), signer: { name: 'Long Term' }, sealer, escrowPublicKeyPem: demoCredentials().escrowPublicKeyPem, tsaUrl: world.tsa.url,
  }, level);

  beforeAll(async () => {
    world = await startLtvWorld();
    pdf = readFileSync(corpusFiles('ordinary').find((f) => f.includes('libre-office'))!);
  });
  afterAll(async () => {
    await world?.close();
    await closePdfParser();
  });

  it('B-LT: the seal stays valid for pdfsig, mutool and qpdf; the DSS OCSP responses and CRLs pass openssl against the chain', async () => {
    const signed = await seal('B-LT');
    expect(signed.level).toBe('B-LT');
    expect(pdfsig(signed.pdf)).toEqual([{ field: signed.fieldName, validation: 'Signature is Valid.', total: false }]);
    expect(mutoolVerify(signed.pdf)).toMatch(/The signature is valid but there have been edits since signing/);
    expect(qpdfCheck(signed.pdf).status).toBe(0);
    const checks = await opensslChecksOfDss(signed.pdf, world.pki.caFile);
    // Seal + TSA certificates by OCSP; both, and the issuing CA, by CRL (the CRL of one CA serves both leaves).
    expect(checks.ocsp).toHaveLength(2);
    for (const c of checks.ocsp) expect(c).toMatchObject({ status: 0, output: expect.stringMatching(/Cert Status: good[\s\S]*Response verify OK/) });
    expect(checks.crl).toHaveLength(2);
    for (const c of checks.crl) expect(c).toMatchObject({ status: 0, output: expect.stringMatching(/verify OK/) });
    // root, issuing CA, seal, TSA, OCSP responder
    expect(checks.certs).toBe(5);
    const report = await verifyPdf(signed.pdf);
    expect(report).toMatchObject({ ok: true, trailingValidationDataOnly: true });
    // The same unsigned update changing the catalog in another way is a change, not validation data.
    const text = Buffer.from(signed.pdf).toString('latin1');
    const at = [...text.matchAll(/\/DSS \d+ 0 R/g)].pop()!.index!;
    const tampered = Buffer.from(`${text.slice(0, at)}/DSX${text.slice(at + 4)}`, 'latin1');
    expect(await verifyPdf(tampered)).toMatchObject({ ok: false, trailingValidationDataOnly: false });
    const [s] = report.signatures;
    expect(s.longTerm).toMatchObject({ levelReached: 'B-LT', revocationCovered: true, revoked: false, validationTimeFrom: 'signature time-stamp', problems: [] });
    expect(s.longTerm!.timestampGapSeconds).toBeGreaterThanOrEqual(0);
    expect(s.longTerm!.certificates.map((c) => `${c.role}: ${c.status}`)).toEqual([
      'signer chain: good', 'signer chain: good', 'signer chain: trust-anchor',
      'time-stamp chain: good', 'time-stamp chain: good', 'time-stamp chain: trust-anchor',
    ]);
  });

  it('B-B says exactly what is missing for the long term, certificate by certificate', async () => {
    const signed = await seal('B-B');
    const [s] = (await verifyPdf(signed.pdf)).signatures;
    expect(s.longTerm).toMatchObject({ levelReached: 'B-B', revocationCovered: false, validationTimeFrom: 'claimed time' });
    expect(s.longTerm!.problems).toEqual(expect.arrayContaining([
      "no revocation data for 'CN=Bank seal (test), O=Signing Station tests' are embedded",
      'the PDF has no DSS: no validation data are embedded',
    ]));
  });

  it('B-LTA, then extended twice: every earlier signature and time-stamp stays valid; each archive time-stamp passes openssl ts -verify', async () => {
    const signed = await seal('B-LTA');
    const once = await extendPdf(signed.pdf, { level: 'B-LTA', tsaUrl: world.tsa.url });
    const twice = await extendPdf(once.pdf, { level: 'B-LTA', tsaUrl: world.tsa.url });
    for (const [doc, timestamps] of [[signed.pdf, 1], [once.pdf, 2], [twice.pdf, 3]] as const) {
      expect(Buffer.from(doc.subarray(0, signed.pdf.length)).equals(Buffer.from(signed.pdf.subarray(0, Math.min(doc.length, signed.pdf.length))))).toBe(true);
      const report = await verifyPdf(doc);
      expect(report.ok).toBe(true);
      expect(report.signatures).toHaveLength(1 + timestamps);
      for (const s of report.signatures) expect(s.valid, `${s.fieldName}: ${s.problems.join('; ')}`).toBe(true);
      expect(report.signatures[0].longTerm).toMatchObject({ levelReached: 'B-LTA', revocationCovered: true });
      // The seal: valid for poppler and mutool (neither checks document time-stamps: pdfsig 22.12
      // lists them as "not yet verified", mutool 1.21 as "not signed" — openssl ts checks them below).
      expect(pdfsig(doc)[0]).toMatchObject({ field: signed.fieldName, validation: 'Signature is Valid.' });
      expect(mutoolVerify(doc)).toMatch(/The signature is valid but there have been edits since signing/);
      expect(qpdfCheck(doc).status).toBe(0);
      const ts = await opensslChecksOfDocumentTimestamps(doc, world.pki.caFile);
      expect(ts).toHaveLength(timestamps);
      for (const t of ts) expect(t, t.output).toMatchObject({ status: 0, output: expect.stringMatching(/Verification: OK/) });
    }
    // The second extension brought revocation data for the TSA of the first archive time-stamp.
    const last = (await verifyPdf(twice.pdf)).signatures;
    expect(last.slice(1, -1).every((t) => t.longTerm?.revocationCovered && t.longTerm.archiveTimestamp)).toBe(true);
  });

  it('a revoked seal certificate is reported as revoked, with when and why', async () => {
    const cert = await world.pki.issue('Bank seal to revoke (test)');
    const sealer = sealedBy(world.pki, cert);
    const signed = await seal('B-B', sealer);
    await world.pki.revoke(cert.certPath, 'keyCompromise');
    const lt = await extendPdf(signed.pdf, { level: 'B-LT', tsaUrl: world.tsa.url, extraCertificates: sealer.chain });
    const report = await verifyPdf(lt.pdf);
    expect(report.ok).toBe(false);
    const [s] = report.signatures;
    expect(s.valid).toBe(true);
    expect(s.longTerm).toMatchObject({ revoked: true, revocationCovered: false, levelReached: 'B-T' });
    expect(s.longTerm!.certificates[0]).toMatchObject({ status: 'revoked', reason: 'keyCompromise' });
    expect(s.longTerm!.problems.join('\n')).toMatch(/'CN=Bank seal to revoke \(test\), O=Signing Station tests' was revoked at .* \(keyCompromise\), before /);
    const checks = await opensslChecksOfDss(lt.pdf, world.pki.caFile);
    expect(checks.ocsp.some((c) => /Cert Status: revoked/.test(c.output))).toBe(true);
  });

  it('an unreachable responder is a clear, retryable failure that changes nothing', async () => {
    const signed = await seal('B-B');
    await world.pki.goOffline();
    try {
      const err = await extendPdf(signed.pdf, { level: 'B-LT', tsaUrl: world.tsa.url, extraCertificates: world.sealer.chain }).then(() => undefined, (e) => e as Error);
      expect(err).toBeInstanceOf(RevocationFetchError);
      expect((err as RevocationFetchError).unreachable).toBe(true);
      expect(err!.message).toMatch(/OCSP responder http:\/\/127\.0\.0\.1:\d+ cannot be reached/);
    } finally {
      await world.pki.goOnline();
    }
    const lt = await extendPdf(signed.pdf, { level: 'B-LT', tsaUrl: world.tsa.url, extraCertificates: world.sealer.chain });
    expect((await verifyPdf(lt.pdf)).signatures[0].longTerm?.levelReached).toBe('B-LT');
  });
});
