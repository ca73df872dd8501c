import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sittingPlanSchema } from '../../preload/common/signingPlan';
import { extractBiometrics } from '../documents/extractBiometrics';
import { closePdfParser } from '../documents/inspectPdf';
import { pdfsig } from '../../test/support/documentTestKit';
import { verifyPdf } from '../documents/verifyPdf';
import { createDemoPackage } from './demoDocument';
import { bankSealDesk } from '../../test/support/bankSealDesk';
import { mutoolVerify, strokeAt } from '../../test/support/realSealing';

afterAll(() => closePdfParser());

/**
 * "Staff countersigns with the bank's seal where no ink is wanted": the real session and the real
 * sealer, a customer signs with the pen, then the teller applies the bank's seal — no pen capture,
 * its own incremental PAdES revision, an appearance in words, and no biometric container.
 */
describe('a plan of a customer then a staff place with the bank seal', () => {
  it('seals the staff place without ink as its own revision with no biometric container', async () => {
    const { inbox, session, stored, pen, escrowKey } = bankSealDesk();
    const [demo] = await createDemoPackage();
    const original = demo.pdf;
    const item = await inbox.add({ source: 'file', title: 'Agreement', pdf: original, pageCount: 2 });
    await session.start({ requestId: item.id, requireReadToEnd: false, plan: sittingPlanSchema.parse({
      signers: [
        { key: 'c', role: 'customer', name: 'Astrid Lindqvist', order: 1 },
        { key: 'officer', role: 'staff', order: 2, mark: 'seal' },
      ],
      documents: [{ requestId: item.id, places: [{ signer: 'c' }, { signer: 'officer', target: { page: 2, rect: [320, 60, 560, 160] } }] }],
    }) });
    session.sendToCustomer();
    session.readDone();
    session.consent('en');
    await expect(session.applyBankSeal()).rejects.toMatchObject({ code: 'not-bank-seal' });
    session.clientSamples(strokeAt(0.5), 'pointer-events');
    await session.confirmSignature();
    expect(pen.captures).toBe(1);
    // The seal place: nobody is asked to draw, the pen is not started, "Done" is refused.
    expect(session.customerView()).toMatchObject({ state: 'signing', step: { number: 2, count: 2, role: 'staff', mark: 'seal', signerName: 'teller.anna' } });
    expect(session.tellerView().plan?.documents[0].places[1]).toMatchObject({ mark: 'seal', status: 'current' });
    await expect(session.confirmSignature()).rejects.toMatchObject({ code: 'bank-seal' });
    await session.applyBankSeal();
    expect(pen.captures).toBe(1);
    expect(session.tellerView()).toMatchObject({ state: 'done', plan: { documents: [{ status: 'signed', places: [{ status: 'signed' }, { status: 'signed' }] }] } });

    const signed = stored[0].pdf;
    const poppler = pdfsig(signed);
    expect(poppler.map((s) => s.validation)).toEqual(['Signature is Valid.', 'Signature is Valid.']);
    expect(poppler.map((s) => s.total)).toEqual([false, true]);
    expect(mutoolVerify(signed).filter((m) => !/not signed/.test(m.text)).map((m) => [m.valid, m.editedSince])).toEqual([[true, true], [true, false]]);
    const dir = mkdtempSync(join(tmpdir(), 'bank-seal-'));
    const file = join(dir, 'sealed.pdf');
    writeFileSync(file, signed);
    const qpdf = spawnSync('qpdf', ['--check', file], { encoding: 'utf8' });
    expect(qpdf.status, qpdf.stdout + qpdf.stderr).toBe(0);

    const report = await verifyPdf(signed);
    expect(report.ok).toBe(true);
    expect(report.signatures[0].signedLength).toBeGreaterThan(original.length);
    expect(report.signatures[1].signedLength).toBe(signed.length);
    // The customer's revision has its bound container; the seal's has none, and that is not a fault.
    expect(report.signatures.map((s) => s.biometrics?.bound)).toEqual([true, undefined]);
    const containers = await extractBiometrics(signed, escrowKey());
    expect(containers.map((c) => c.fieldName)).toEqual([report.signatures[0].fieldName]);
    expect(containers[0].payload.record.samples[0].ny).toBe(0.5);

    // The seal's appearance says what it is, in words, on page 2.
    const text = spawnSync('pdftotext', ['-f', '2', '-l', '2', file, '-'], { encoding: 'utf8' }).stdout;
    expect(text).toMatch(/Sealed by Test Bank/);
    expect(text).toMatch(/for teller\.anna/);
    if (process.env.BANK_SEAL_PNG) spawnSync('pdftoppm', ['-png', '-r', '100', '-f', '2', '-l', '2', file, process.env.BANK_SEAL_PNG]);
  });
});
