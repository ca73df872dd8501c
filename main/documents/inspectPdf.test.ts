import { readFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { basename } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { closePdfParser, inspectPdf } from './inspectPdf';
import { PdfRejectedError } from './pdfRejectedError';
import { corpusFiles, haveCorpus } from '../../test/support/documentTestKit';

afterAll(() => closePdfParser());

async function rejection(bytes: Uint8Array, opts?: Parameters<typeof inspectPdf>[1]): Promise<PdfRejectedError> {
  const err = await inspectPdf(bytes, opts).then(() => undefined, (e) => e);
  expect(err, 'expected a refusal').toBeInstanceOf(PdfRejectedError);
  return err as PdfRejectedError;
}

describe('inspectPdf on synthetic input', () => {
  it('refuses empty, non-PDF and oversized input with stable codes before parsing', async () => {
    expect((await rejection(new Uint8Array())).code).toBe('empty');
    expect((await rejection(new TextEncoder().encode('hello, not a pdf'))).code).toBe('not-pdf');
    const big = new Uint8Array(4096);
    big.set(new TextEncoder().encode('%PDF-1.7\n'));
    const tooLarge = await rejection(big, { maxBytes: 2048 });
    expect(tooLarge.code).toBe('too-large');
    expect(tooLarge.message).toMatch(/at most/);
  });

  it('a parse that exceeds its time bound is stopped, and the next document is read normally', async () => {
    if (!haveCorpus) return;
    const bytes = readFileSync(corpusFiles('ordinary').find((f) => f.includes('us_constitution'))!);
    const slow = await rejection(bytes, { timeoutMs: 1 });
    expect(slow.code).toBe('too-complex');
    const info = await inspectPdf(bytes);
    expect(info.pageCount).toBe(19);
  });
});

/** A valid little PDF plus an object stream whose 100 KB inflate to 100 MiB (off-heap buffers: the heap limit alone would not see it). */
function objectStreamBomb(): Uint8Array {
  const bomb = deflateSync(Buffer.alloc(100 * 1024 * 1024, 0x20), { level: 9 });
  const parts: Buffer[] = [];
  const offsets: number[] = [];
  let pos = 0;
  const add = (b: Buffer | string) => {
    const x = typeof b === 'string' ? Buffer.from(b, 'latin1') : b;
    parts.push(x);
    pos += x.length;
  };
  add('%PDF-1.7\n');
  offsets[1] = pos; add('1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n');
  offsets[2] = pos; add('2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n');
  offsets[3] = pos; add('3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>\nendobj\n');
  offsets[4] = pos; add(`4 0 obj\n<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length ${bomb.length} >>\nstream\n`); add(bomb); add('\nendstream\nendobj\n');
  const xref = pos;
  add('xref\n0 5\n0000000000 65535 f\r\n' + [1, 2, 3, 4].map((i) => `${String(offsets[i]).padStart(10, '0')} 00000 n\r\n`).join(''));
  add(`trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`);
  return Buffer.concat(parts);
}

describe('inspectPdf on hostile synthetic input', () => {
  it('a decompression bomb in an object stream is refused before pdf-lib inflates it', async () => {
    const err = await rejection(objectStreamBomb());
    expect(err.code).toBe('too-complex');
    expect(err.message).toMatch(/decompression bomb/);
  });
});

/** What each development file of malformed/ must give: a refusal code, or (for valid files) pages. */
const expected: Record<string, string | number> = {
  'dss_EmptyPage-corrupted_truncated.pdf': 'damaged',
  'pdfjs_empty_protected.pdf': 'encrypted',
  'pdfjs_issue15590_js-openaction.pdf': 'damaged',
  'pdfjs_poppler-67295-0_huge-count.pdf': 1,
  'pdfjs_xref_command_missing.pdf': 'damaged',
  'pdflib_with_update_sections.pdf': 1,
  'pyhanko_broken-objstream1.pdf': 'no-pages',
  'pyhanko_minimal-illegal-header.pdf': 'not-pdf',
  'pypdf_encryption_r6-both-passwords.pdf': 'encrypted',
  'qpdf_bad1_not-a-pdf.pdf': 'not-pdf',
  'qpdf_issue-146_deep-array.pdf': 'damaged',
  'qpdf_issue-149_xref-prev-loop.pdf': 'damaged',
  'qpdf_leading-junk.pdf': 'damaged',
  'qpdf_zero-length_70245.pdf': 'empty',
};

describe.skipIf(!haveCorpus)('inspectPdf on the malformed corpus (bounded by the worker: heap limit + time limit)', () => {
  for (const file of corpusFiles('malformed')) {
    it(basename(file), async () => {
      const bytes = readFileSync(file);
      const want = expected[basename(file)];
      const got = await inspectPdf(bytes, { timeoutMs: 15_000 }).then((info) => info.pageCount, (e) => e);
      if (typeof want === 'number') {
        expect(got).toBe(want);
      } else {
        // Unknown files (held-out data) must still be a clean refusal or a clean result.
        expect(got instanceof PdfRejectedError || typeof got === 'number', String(got)).toBe(true);
        if (want) expect((got as PdfRejectedError).code).toBe(want);
        if (got instanceof PdfRejectedError) expect(got.message.split('\n')).toHaveLength(1);
      }
    });
  }
});

describe.skipIf(!haveCorpus)('inspectPdf on real documents', () => {
  it('finds signature fields in object streams, their pages and whether they are signed', async () => {
    const info = await inspectPdf(readFileSync(corpusFiles('signature-fields').find((f) => f.endsWith('pdflib_with_signature.pdf'))!));
    expect(info.signatureFields).toEqual([{ name: 'Signature1', page: 0, rect: expect.any(Array), filled: false, visible: true }]);
    expect(info.revision.usesXrefStream).toBe(true);
    const two = await inspectPdf(readFileSync(corpusFiles('signature-fields').find((f) => f.endsWith('dss_pdf-two-fields.pdf'))!));
    expect(two.signatureFields.map((f) => f.name)).toEqual(['signature-test', 'signature-test2']);
  });

  it('reports existing signatures, the DocMDP level and PDF/A claims', async () => {
    const lt = await inspectPdf(readFileSync(corpusFiles('signature-fields').find((f) => f.endsWith('dss_PAdES-LT.pdf'))!));
    expect(lt.existingSignatures.length).toBe(4);
    expect(lt.existingSignatures.map((s) => s.subFilter)).toContain('ETSI.CAdES.detached');
    const certified = await inspectPdf(readFileSync(corpusFiles('signature-fields').find((f) => f.includes('certified-no-change'))!));
    expect(certified.docMdpLevel).toBe(1);
    expect(certified.pageCount).toBe(16);
    const pdfa = await inspectPdf(readFileSync(corpusFiles('pdfa').find((f) => f.includes('PDFA-1b_6-1-2'))!));
    expect(pdfa.pdfaClaim).toBe('1b');
  });

  it('an encrypted form is refused with the encryption code, password or not', async () => {
    const bytes = readFileSync(corpusFiles('signature-fields').find((f) => f.includes('aes256'))!);
    expect((await rejection(bytes)).code).toBe('encrypted');
    expect((await rejection(bytes, { password: 'usersecret' })).code).toBe('encrypted');
  });
});
