import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closePdfParser, inspectPdf } from './inspectPdf';
import { signPdf, type SignPdfInput } from './signPdf';
import { corpusFiles, demoCredentials, haveCorpus, pdfsig, qpdfCheck, svcRecord } from '../../test/support/documentTestKit';
import { mutoolVerify, startLtvWorld, type LtvWorld } from '../../test/support/longTermTestKit';
import { extendPdf } from './extendPdf';
import { verifyPdf } from './verifyPdf';

afterAll(() => closePdfParser());

const file = (folder: string, part: string) => corpusFiles(folder).find((f) => f.includes(part))!;
const latin1 = (b: Uint8Array) => Buffer.from(b).toString('latin1');

/** mutool's verdict for an intact seal: the newest is "unchanged", earlier ones "valid but … edits since". */
const mutoolValid = (out: string) => out.match(/The signature is valid but there have been edits since signing|The document is unchanged since signing/g)?.length ?? 0;

/**
 * What a careless tool does to a signed file: it appends one more (unsigned) update whose trailer
 * /Prev points outside the file. The bytes of every earlier revision stay as they were, so poppler
 * and qpdf (by reconstruction) still read the file and its signatures.
 */
function appendUpdateWithBrokenPrev(pdf: Uint8Array, prev = pdf.length * 10): Uint8Array {
  const text = latin1(pdf);
  const size = Math.max(...[...text.matchAll(/\/Size (\d+)/g)].map((m) => Number(m[1])));
  const root = [...text.matchAll(/\/Root (\d+ \d+) R/g)].at(-1)![1];
  const obj = `${size} 0 obj\n(appended by another tool)\nendobj\n`;
  const xref = pdf.length + obj.length;
  const tail = `${obj}xref\n${size} 1\n${String(pdf.length).padStart(10, '0')} 00000 n\r\n`
    + `trailer\n<< /Size ${size + 1} /Root ${root} R /Prev ${prev} >>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(Buffer.concat([pdf, Buffer.from(tail, 'latin1')]));
}

describe.skipIf(!haveCorpus)('signing a signed PDF whose cross-reference chain is broken', () => {
  let base: Omit<SignPdfInput, 'pdf'>;

  beforeAll(async () => {
    const creds = demoCredentials();
    base = { record: await svcRecord('U3S2.TXT'), signer: { name: 'Ona Žemaitė' }, place: 'Vilnius', sealer: creds.sealer, escrowPublicKeyPem: creds.escrowPublicKeyPem };
  });

  async function signTimes(pdf: Uint8Array, n: number): Promise<Uint8Array> {
    for (let i = 0; i < n; i++) {
      pdf = (await signPdf({ ...base, pdf, placement: { page: 0, rect: [40 + 100 * (i % 5), 40, 130 + 100 * (i % 5), 90] } })).pdf;
    }
    return pdf;
  }

  it('five seals then a /Prev outside the file (classic table): a sixth seal, every earlier one still valid, qpdf and mutool content', async () => {
    const fiveSigned = await signTimes(readFileSync(file('ordinary', 'libre-office-writer')), 5);
    const damaged = appendUpdateWithBrokenPrev(fiveSigned);
    // The input really is damaged, yet readable: qpdf warns and reconstructs, poppler sees five valid seals.
    expect(qpdfCheck(damaged).status).toBe(3);
    expect(pdfsig(damaged).map((s) => s.validation)).toEqual(Array(5).fill('Signature is Valid.'));
    expect((await inspectPdf(damaged)).revision.xrefRebuilt).toBe(true);

    const sixth = await signPdf({ ...base, pdf: damaged, placement: { page: 0, rect: [40, 120, 200, 180] } });
    expect(Buffer.from(sixth.pdf.subarray(0, damaged.length)).equals(Buffer.from(damaged))).toBe(true);
    const sigs = pdfsig(sixth.pdf);
    expect(sigs.map((s) => s.validation)).toEqual(Array(6).fill('Signature is Valid.'));
    expect(sigs.at(-1)!.total).toBe(true);
    const qpdf = qpdfCheck(sixth.pdf);
    expect(qpdf.status, qpdf.output).toBe(0);
    expect(qpdf.output).not.toMatch(/damaged|reconstruct|WARNING/i);
    const mutool = mutoolVerify(sixth.pdf);
    expect(mutool).not.toMatch(/^(error|warning):/m); // no "trying to repair broken xref"
    expect(mutoolValid(mutool)).toBe(6);
    // The new section stands alone: its trailer has no /Prev leading back into the broken link.
    const newTrailer = latin1(sixth.pdf.subarray(damaged.length));
    expect(newTrailer).not.toMatch(/\/Prev/);
    // And the file can be signed again normally (the chain is whole from the new section).
    const seventh = await signPdf({ ...base, pdf: sixth.pdf, placement: { page: 0, rect: [240, 120, 400, 180] } });
    expect(pdfsig(seventh.pdf).map((s) => s.validation)).toEqual(Array(7).fill('Signature is Valid.'));
    expect(qpdfCheck(seventh.pdf).status).toBe(0);
    expect((await inspectPdf(seventh.pdf)).revision.xrefRebuilt).toBeUndefined();
  });

  it('a cross-reference stream file with object streams: the rebuilt section is a stream that finds the packed objects', async () => {
    const signed = await signTimes(readFileSync(file('signature-fields', 'pdflib_with_signature')), 2);
    const damaged = appendUpdateWithBrokenPrev(signed);
    expect(qpdfCheck(damaged).status).not.toBe(0);
    const next = await signPdf({ ...base, pdf: damaged, placement: { page: 0, rect: [40, 200, 200, 260] } });
    const sigs = pdfsig(next.pdf);
    expect(sigs.filter((s) => s.validation === 'Signature is Valid.')).toHaveLength(3);
    const qpdf = qpdfCheck(next.pdf);
    expect(qpdf.status, qpdf.output).toBe(0);
    expect(latin1(next.pdf.subarray(damaged.length))).toMatch(/\/Type \/XRef/);
    expect(mutoolVerify(next.pdf)).not.toMatch(/^(error|warning):/m);
    expect(mutoolValid(mutoolVerify(next.pdf))).toBe(3);
  });

  it('a /Prev into the middle of an object (no cross-reference section there) is recovered the same way', async () => {
    const signed = await signTimes(readFileSync(file('ordinary', 'libre-office-writer')), 2);
    const damaged = appendUpdateWithBrokenPrev(signed, Math.floor(signed.length / 2));
    const next = await signPdf({ ...base, pdf: damaged, placement: { page: 0, rect: [40, 200, 200, 260] } });
    expect(pdfsig(next.pdf).map((s) => s.validation)).toEqual(Array(3).fill('Signature is Valid.'));
    expect(qpdfCheck(next.pdf).status).toBe(0);
    expect(mutoolValid(mutoolVerify(next.pdf))).toBe(3);
  });

  it('a broken newest section is still refused (there is nothing to continue from)', async () => {
    const signed = await signTimes(readFileSync(file('ordinary', 'libre-office-writer')), 1);
    const text = latin1(signed);
    const m = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(text)!;
    const broken = Buffer.from(text.slice(0, m.index) + `startxref\n${signed.length * 10}\n%%EOF\n`, 'latin1');
    await expect(signPdf({ ...base, pdf: new Uint8Array(broken) })).rejects.toMatchObject({ code: 'damaged' });
  });
});

describe.skipIf(!haveCorpus)('extending a signed PDF whose cross-reference chain is broken', () => {
  let world: LtvWorld;
  beforeAll(async () => {
    world = await startLtvWorld();
  });
  afterAll(async () => {
    await world?.close();
  });

  it('B-LTA over a /Prev outside the file: DSS and archive time-stamp written, the seal still valid', async () => {
    const signed = await signPdf({
      pdf: readFileSync(file('ordinary', 'libre-office-writer')), record: await svcRecord('U2S1.TXT'), signer: { name: 'Long Term' },
      sealer: world.sealer, escrowPublicKeyPem: demoCredentials().escrowPublicKeyPem, tsaUrl: world.tsa.url,
    });
    const damaged = appendUpdateWithBrokenPrev(signed.pdf);
    const lta = await extendPdf(damaged, { level: 'B-LTA', tsaUrl: world.tsa.url, extraCertificates: world.sealer.chain });
    expect(pdfsig(lta.pdf)[0]).toMatchObject({ validation: 'Signature is Valid.' });
    const qpdf = qpdfCheck(lta.pdf);
    expect(qpdf.status, qpdf.output).toBe(0);
    expect(mutoolVerify(lta.pdf)).not.toMatch(/^(error|warning):/m);
    const report = await verifyPdf(lta.pdf);
    expect(report.signatures[0].longTerm?.levelReached).toBe('B-LTA');
  });
});
