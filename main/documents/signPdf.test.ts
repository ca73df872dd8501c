import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFNumber, PDFRawStream, StandardFonts } from 'pdf-lib';
import type { BiometricRecord } from '../pen/biometricRecord';
import { extractBiometrics } from './extractBiometrics';
import { EscrowError } from './escrowContainer';
import { closePdfParser, inspectPdf } from './inspectPdf';
import { PdfRejectedError } from './pdfRejectedError';
import { signPdf, type SignPdfInput } from './signPdf';
import { verifyPdf } from './verifyPdf';
import { corpusFiles, demoCredentials, haveCorpus, pdfsig, qpdfCheck, svcRecord, tempDir } from '../../test/support/documentTestKit';

afterAll(() => closePdfParser());

const file = (folder: string, part: string) => corpusFiles(folder).find((f) => f.includes(part))!;

describe.skipIf(!haveCorpus)('signPdf: ink + sealed biometrics + PAdES B-B as an incremental update', () => {
  let creds: ReturnType<typeof demoCredentials>;
  let record: BiometricRecord;
  let base: Omit<SignPdfInput, 'pdf'>;
  let original: Uint8Array;
  let signed: Awaited<ReturnType<typeof signPdf>>;

  beforeAll(async () => {
    creds = demoCredentials();
    record = await svcRecord('U3S2.TXT');
    base = { record, signer: { name: 'Ona Žemaitė' }, place: 'Vilnius', sealer: creds.sealer, escrowPublicKeyPem: creds.escrowPublicKeyPem };
    original = readFileSync(file('ordinary', 'libre-office-writer'));
    signed = await signPdf({ ...base, pdf: original });
  });

  it('poppler says valid and covering the whole document; qpdf finds no error; the original bytes are untouched', () => {
    expect(pdfsig(signed.pdf)).toEqual([{ field: 'Signature1', validation: 'Signature is Valid.', total: true }]);
    expect(qpdfCheck(signed.pdf).status).toBe(0);
    expect(Buffer.from(signed.pdf.subarray(0, original.length)).equals(Buffer.from(original))).toBe(true);
    expect(signed.level).toBe('B-B');
  });

  it('our verify agrees, sees a PAdES baseline seal and a bound biometric container', async () => {
    const report = await verifyPdf(signed.pdf);
    expect(report.ok).toBe(true);
    const [s] = report.signatures;
    expect(s).toMatchObject({ valid: true, coversWholeDocument: true, level: 'PAdES B-B', subFilter: 'ETSI.CAdES.detached' });
    expect(s.certificate?.demo).toBe(true);
    expect(s.biometrics).toMatchObject({ present: true, bound: true, keyTransport: 'RSA-OAEP-256' });
  });

  it('one changed byte anywhere is reported by our verify, and by pdfsig outside the embedded certificate', async () => {
    const text = Buffer.from(signed.pdf).toString('latin1');
    const hexStart = text.lastIndexOf('/Contents <') + 11;
    const hexEnd = text.indexOf('>', hexStart);
    // The seal's certificate sits early in the CMS; pdfsig does not compare it with the ESS hash, we do.
    const positions = [3, 200, Math.floor(original.length / 2), original.length + 10, hexStart - 2, hexStart + 1,
      hexEnd - 3, hexEnd + 1, signed.pdf.length - 4, Math.floor((original.length + hexStart) / 2)];
    for (const pos of positions) {
      const bad = Uint8Array.from(signed.pdf);
      const c = bad[pos];
      bad[pos] = /[0-9a-f]/i.test(String.fromCharCode(c)) ? (c === 0x30 ? 0x31 : 0x30) : c ^ 0x01;
      const ours = await verifyPdf(bad);
      expect(ours.ok, `our verify missed a change at ${pos}`).toBe(false);
      const poppler = pdfsig(bad);
      const stillFine = poppler.length === 1 && poppler[0].validation === 'Signature is Valid.' && poppler[0].total;
      expect(stillFine, `pdfsig missed a change at ${pos}`).toBe(false);
    }
    // A changed byte inside the embedded certificate: our ESS signing-certificate-v2 check catches it.
    const inCert = Uint8Array.from(signed.pdf);
    const certPos = hexStart + 120;
    inCert[certPos] = inCert[certPos] === 0x30 ? 0x31 : 0x30;
    expect((await verifyPdf(inCert)).ok).toBe(false);
  });

  it('the escrow holder extracts exactly the captured record; a wrong key is refused clearly', async () => {
    const key = readFileSync(creds.escrowPrivateKeyPath!, 'utf8');
    const [got] = await extractBiometrics(signed.pdf, key);
    expect(got.fieldName).toBe('Signature1');
    expect(got.payload.record).toEqual(JSON.parse(JSON.stringify(record)));
    expect(got.payload.iso19794_7).toMatch(/^[A-Za-z0-9+/]+=*$/);
    const other = demoCredentials(tempDir());
    const wrong = await extractBiometrics(signed.pdf, readFileSync(other.escrowPrivateKeyPath!, 'utf8')).then(() => undefined, (e) => e);
    expect(wrong).toBeInstanceOf(EscrowError);
    expect((wrong as Error).message).toMatch(/does not open the container/);
  });

  it('a second signer signs the next field; the first signature stays valid for its revision', async () => {
    const twoFields = readFileSync(file('signature-fields', 'pdf-two-fields'));
    const first = await signPdf({ ...base, pdf: twoFields });
    const second = await signPdf({ ...base, signer: { name: 'Second Signer' }, pdf: first.pdf });
    expect([first.fieldName, second.fieldName]).toEqual(['signature-test', 'signature-test2']);
    const sigs = pdfsig(second.pdf);
    expect(sigs.map((s) => s.validation)).toEqual(['Signature is Valid.', 'Signature is Valid.']);
    expect(sigs.map((s) => s.total)).toEqual([false, true]);
    const report = await verifyPdf(second.pdf);
    expect(report.ok).toBe(true);
    expect(report.signatures.every((s) => s.biometrics?.bound)).toBe(true);
    const third = await signPdf({ ...base, pdf: second.pdf, placement: { field: 'signature-test' } }).then(() => undefined, (e) => e);
    expect((third as PdfRejectedError).code).toBe('field-already-signed');
  });

  it('a startxref a few bytes off (a common writer slip) is tolerated and the update points exactly', async () => {
    const text = Buffer.from(original).toString('latin1');
    const m = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(text)!;
    const off = Number(m[1]);
    expect(text.slice(off, off + 4)).toBe('xref');
    const slipped = new Uint8Array(Buffer.from(text.slice(0, m.index) + `startxref\n${off - 2}\n%%EOF\n`, 'latin1'));
    const info = await inspectPdf(slipped);
    expect(info.revision.startxref).toBe(off);
    const result = await signPdf({ ...base, pdf: slipped });
    expect(pdfsig(result.pdf)[0]).toMatchObject({ validation: 'Signature is Valid.', total: true });
    expect(Buffer.from(result.pdf).toString('latin1')).toContain(`/Prev ${off}`);
  });

  it('places by anchor text and by an explicit box', async () => {
    const pdf = readFileSync(file('ordinary', 'pdflatex-outline'));
    const info = await inspectPdf(pdf);
    expect(info.signatureFields).toHaveLength(0);
    const byBox = await signPdf({ ...base, pdf, placement: { page: 1, rect: [100, 100, 300, 180] } });
    expect(byBox.page).toBe(1);
    expect(byBox.rect).toEqual([100, 100, 300, 180]);
    const fallback = await signPdf({ ...base, pdf, anchorText: 'words that are nowhere in this document' });
    expect(fallback.page).toBe(info.pageCount - 1);
    const constitution = readFileSync(file('ordinary', 'us_constitution'));
    const anchored = await signPdf({ ...base, pdf: constitution, placement: { anchor: 'We the People' } });
    expect(anchored.page).toBe(1); // page 2 is where pdftotext finds the preamble too
    expect(pdfsig(anchored.pdf).at(-1)).toMatchObject({ validation: 'Signature is Valid.', total: true });
  });

  it('an anchor like "Customer signature:" puts the box right after the words, clear of other text', async () => {
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.Helvetica);
    const page = doc.addPage([595, 842]);
    for (let y = 300; y < 780; y += 14) page.drawText('The customer confirms having read and understood these terms.', { x: 56, y, size: 11, font });
    page.drawText('Customer signature:', { x: 56, y: 200, size: 11, font });
    page.drawText('Bank copy - keep for ten years', { x: 56, y: 120, size: 9, font });
    const wordsEnd = 56 + font.widthOfTextAtSize('Customer signature:', 11);
    const anchored = await signPdf({ ...base, pdf: await doc.save(), placement: { anchor: 'customer  SIGNATURE:' } });
    const [x1, y1, , y2] = anchored.rect;
    expect(x1).toBeGreaterThanOrEqual(wordsEnd);
    expect(y1).toBeLessThanOrEqual(200);
    expect(y2).toBeGreaterThan(200);
    expect(y1).toBeGreaterThan(120 + 9);
  });

  it('the default place is blank space on the last page, not over the printed words', async () => {
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.Helvetica);
    const page = doc.addPage([595, 842]);
    // Text fills the lower part of the page, right to the corners; the top half is blank.
    for (let y = 30; y < 400; y += 14) page.drawText('Terms and conditions apply to every line of this agreement, margin to margin.', { x: 30, y, size: 11, font });
    const signedDefault = await signPdf({ ...base, pdf: await doc.save() });
    const [, y1] = signedDefault.rect;
    expect(y1).toBeGreaterThanOrEqual(400);
    expect(pdfsig(signedDefault.pdf)[0]).toMatchObject({ validation: 'Signature is Valid.', total: true });
  });

  it('on rotated pages the ink is drawn upright for the reader, at the reader\'s bottom-right', async () => {
    const { spawnSync } = await import('node:child_process');
    const { join } = await import('node:path');
    const dir = tempDir();
    for (const [rotate, matrix] of [[90, [0, 1, -1, 0, 0, 0]], [270, [0, -1, 1, 0, 0, 0]]] as const) {
      const rotated = join(dir, `r${rotate}.pdf`);
      spawnSync('qpdf', [file('ordinary', 'libre-office-writer'), `--rotate=+${rotate}`, rotated]);
      const signedRot = await signPdf({ ...base, pdf: readFileSync(rotated) });
      expect(pdfsig(signedRot.pdf)[0]).toMatchObject({ validation: 'Signature is Valid.', total: true });
      const doc = await PDFDocument.load(signedRot.pdf);
      const widget = doc.getPage(0).node.Annots()!.lookup(0, PDFDict);
      const ap = widget.lookup(PDFName.of('AP'), PDFDict).lookup(PDFName.of('N'));
      const m = (ap as PDFRawStream).dict.lookup(PDFName.of('Matrix'), PDFArray).asArray().map((n) => (n as PDFNumber).asNumber());
      expect(m).toEqual(matrix);
      const [x1, y1, x2, y2] = signedRot.rect;
      const { width, height } = doc.getPage(0).getMediaBox();
      // The box is tall in user space (the reader sees it wide) and sits in the corner the reader sees bottom-right.
      expect(y2 - y1).toBeGreaterThan(x2 - x1);
      if (rotate === 90) expect([x2 > width / 2, y2 > height / 2]).toEqual([true, true]);
      else expect([x1 < width / 2, y1 < height / 2]).toEqual([true, true]);
    }
  });

  it('refuses with a reason and returns nothing: DocMDP P=1, encrypted input, no ink', async () => {
    const certifiedPdf = readFileSync(file('signature-fields', 'certified-no-change'));
    expect((await verifyPdf(certifiedPdf)).certificationBroken).toBeUndefined();
    // Appending anything after a P=1 certification is reported by verify (as the station refuses to do it).
    const appended = Buffer.concat([certifiedPdf, Buffer.from('\n% appended later\n')]);
    expect((await verifyPdf(appended)).certificationBroken).toMatch(/no changes allowed \(DocMDP P=1\)/);
    const certified = await signPdf({ ...base, pdf: certifiedPdf }).then(() => undefined, (e) => e);
    expect(certified).toBeInstanceOf(PdfRejectedError);
    expect((certified as PdfRejectedError).code).toBe('changes-forbidden');
    expect((certified as Error).message).toMatch(/DocMDP P=1/);
    const encrypted = await signPdf({ ...base, pdf: readFileSync(file('signature-fields', 'aes256')) }).then(() => undefined, (e) => e);
    expect((encrypted as PdfRejectedError).code).toBe('encrypted');
    const noInk = { ...record, samples: record.samples.map((s) => ({ ...s, tip: false })) };
    const empty = await signPdf({ ...base, record: noInk, pdf: original }).then(() => undefined, (e) => e);
    expect((empty as PdfRejectedError).code).toBe('no-signature-place');
  });
});
