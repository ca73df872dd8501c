import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { extractBiometrics } from '../../main/documents/extractBiometrics';
import { closePdfParser } from '../../main/documents/inspectPdf';
import { pdfsig } from '../support/documentTestKit';
import { verifyPdf } from '../../main/documents/verifyPdf';
import { mutoolVerify } from '../support/realSealing';
import type { RunningStation } from '../support/stationProcess';
import { customerState, expectAccessible, expectBothClean, hasCorpus, poll, readToEnd, scribble, sessionState, sharedPdf, shot, tellerCall, useSignedInDesk, type Windows } from './deskDriver';

if (!hasCorpus) console.warn('skipped: the real PDF corpus (../shared/data/pdf-corpus) is absent; the signing plan e2e test needs it');

/** Where the e2e keeps the sealed PDFs and their renderings for a person to look at. */
const lookDir = process.env.E2E_LOOK_DIR ?? mkdtempSync(join(tmpdir(), 'station-plan-look-'));

async function signHere(customer: Page, strokes: number) {
  await poll(() => customerState(customer)).toBe('signing');
  await scribble(customer, strokes);
  await poll(() => customer.getByTestId('signature-box').locator('canvas').count()).toBeGreaterThan(0);
  await customer.getByRole('button', { name: 'Done' }).click();
}

/**
 * Signing plans in the real renderer: a real two-field form signed by two customers in
 * order and countersigned by the teller, each signature its own revision with its own biometric
 * container; and the demo package of two documents signed in one sitting.
 */
describe.skipIf(!hasCorpus)('browser mode: signing plans', () => {
  let station: RunningStation;
  let w: Windows;
  useSignedInDesk((desk) => ({ station, w } = desk), closePdfParser);

  it('a two-field form: two customers in order, then the teller countersigns; three valid signatures, three containers', { timeout: 240_000 }, async () => {
    const { teller, customer } = w;
    const form = sharedPdf('signature-fields', 'dss_pdf-two-fields.pdf');
    const original = new Uint8Array(readFileSync(form));
    await teller.getByTestId('pdf-file-input').setInputFiles(form);
    await poll(() => teller.getByLabel("Signer's full name").count()).toBe(1);
    await poll(() => teller.getByLabel(/Signature field “signature-test” on page 1/).isChecked()).toBe(true);
    await teller.getByLabel("Signer's full name").fill('Astrid Lindqvist');
    await teller.getByLabel('Last digits of the ID number').fill('4821');
    await teller.getByLabel('A second customer signs after the first').check();
    await teller.getByLabel("Second customer's full name").fill('Jonas Berg');
    await teller.getByLabel("Last digits of the second customer's ID").fill('7730');
    expect(await teller.getByLabel('The second customer signs in').inputValue()).toBe('signature-test2');
    await teller.getByLabel('I countersign with my own signature, last').check();
    expect(await teller.getByLabel('I countersign in').inputValue()).toBe('');
    await expectAccessible(teller, 'teller start form with more signers');
    await shot(teller, 'teller-plan-start');
    await teller.getByRole('button', { name: 'Prepare signing' }).click();
    await poll(() => sessionState(teller), { timeout: 60_000 }).toBe('prepared');
    await poll(() => teller.getByTestId('plan-progress').textContent()).toMatch(/place 1 of 3/);
    expect(await teller.getByTestId('plan-place-3').textContent()).toMatch(/Signature of demo \(staff countersignature\) — a blank spot near the bottom, page 1/);

    await teller.getByRole('button', { name: 'Send to customer' }).click();
    await readToEnd(customer, 1);
    await customer.getByRole('button', { name: 'Continue' }).click();
    await poll(() => customerState(customer)).toBe('consent');
    await customer.getByRole('button', { name: /I agree/ }).click();
    await poll(() => customer.getByTestId('plan-step-line').textContent()).toBe('Signature 1 of 3 — page 1');
    await signHere(customer, 2);

    // The second customer: their own consent, their own place.
    await poll(() => customerState(customer)).toBe('consent');
    await poll(() => customer.getByTestId('who-banner').textContent()).toMatch(/Jonas Berg/);
    await customer.getByRole('button', { name: /I agree/ }).click();
    await poll(() => customer.getByTestId('plan-step-line').textContent()).toBe('Signature 2 of 3 — page 1');
    await expectAccessible(customer, 'customer signing place 2 of 3');
    await shot(customer, 'customer-plan-step-2-of-3');
    await poll(() => teller.getByTestId('plan-place-1').getAttribute('data-status')).toBe('signed');
    await shot(teller, 'teller-plan-progress');
    await signHere(customer, 3);

    // The teller countersigns on the same screen, without a consent step.
    await poll(() => customer.locator('.signing-for').textContent()).toBe('The bank countersigns: demo');
    await poll(() => customer.getByTestId('plan-step-line').textContent()).toBe('Signature 3 of 3 — page 1');
    await shot(customer, 'customer-plan-countersign');
    await signHere(customer, 1);
    await poll(() => sessionState(teller)).toBe('done');

    const { bytes: signed } = await tellerCall(station, 'session.signedPdf', {});
    writeFileSync(join(lookDir, 'two-customers-and-teller.pdf'), signed);
    spawnSync('pdftoppm', ['-png', '-r', '100', join(lookDir, 'two-customers-and-teller.pdf'), join(lookDir, 'two-customers-and-teller')]);
    console.info(`sealed PDF and its rendering: ${lookDir}`);

    expect(pdfsig(signed).map((s) => [s.field, s.validation, s.total])).toEqual([
      ['signature-test', 'Signature is Valid.', false], ['signature-test2', 'Signature is Valid.', false], ['Signature1', 'Signature is Valid.', true],
    ]);
    expect(mutoolVerify(signed).filter((m) => !/not signed/.test(m.text)).map((m) => [m.valid, m.editedSince])).toEqual([[true, true], [true, true], [true, false]]);
    const report = await verifyPdf(signed);
    expect(report.ok).toBe(true);
    const lengths = report.signatures.map((s) => s.signedLength);
    expect(lengths[2]).toBe(signed.length);
    const escrowKey = readFileSync(join(station.storageDir, 'escrow-holder', 'DEMO-escrow-private-key.pem'), 'utf8');
    const containers = await extractBiometrics(signed, escrowKey);
    const revisions = [original.length, lengths[0], lengths[1]];
    // Each container opens with the escrow key, is bound to its own revision and holds its own ink
    // (the scribbles had 2, 3 and 1 strokes).
    expect(containers.map((c) => c.fieldName)).toEqual(['signature-test', 'signature-test2', 'Signature1']);
    containers.forEach((c, i) => {
      expect(c.header.binding.documentSha256).toBe(createHash('sha256').update(signed.subarray(0, revisions[i])).digest('hex'));
      const strokes = c.payload.record.samples.filter((s, k, all) => s.tip && !all[k - 1]?.tip).length;
      expect(strokes).toBe([2, 3, 1][i]);
    });
    expect(report.signatures.every((s) => s.biometrics?.bound)).toBe(true);

    await teller.getByRole('button', { name: 'Finish' }).click();
    await expectBothClean(w);
  });

  it('the demo package: two documents in one sitting, one identification and one consent', { timeout: 240_000 }, async () => {
    const { teller, customer } = w;
    await teller.getByRole('button', { name: 'Add demo package' }).click();
    await poll(() => teller.getByLabel("Signer's full name").count()).toBe(1);
    await teller.getByLabel("Signer's full name").fill('Rūta Kazlauskienė');
    await teller.getByLabel('Last digits of the ID number').fill('5512');
    await teller.getByRole('button', { name: 'Prepare signing' }).click();
    await poll(() => sessionState(teller), { timeout: 60_000 }).toBe('prepared');
    await poll(() => teller.getByTestId('plan-progress').textContent()).toMatch(/Account opening agreement \(demo\).*Debit card application \(demo\)/);
    await teller.getByRole('button', { name: 'Send to customer' }).click();
    await readToEnd(customer, 2);
    await customer.getByRole('button', { name: 'Continue' }).click();
    await customer.getByRole('button', { name: /I agree/ }).click();
    await signHere(customer, 2);
    // The second document: read, then signed — no second consent.
    await poll(() => customerState(customer)).toBe('reading');
    await poll(() => customer.getByTestId('plan-step').locator('dd').textContent()).toBe('Signature 2 of 2 — page 1 · Document 2 of 2');
    // The second document starts on its own first page, not read yet.
    await poll(() => customer.locator('.pdf-pages').getAttribute('data-pages'), { timeout: 30_000 }).toBe('1');
    await poll(() => customer.getByTestId('page-indicator').textContent()).toMatch(/^Page 1 of 1/);
    await poll(() => customer.locator('.pdf-page canvas').count()).toBeGreaterThan(0);
    await shot(customer, 'customer-package-document-2');
    await readToEnd(customer, 1);
    await customer.getByRole('button', { name: 'Continue' }).click();
    await signHere(customer, 2);
    await poll(() => sessionState(teller)).toBe('done');
    await shot(teller, 'teller-package-done');
    const signedRows = await tellerCall(station, 'inbox.list', {});
    expect(signedRows.filter((i) => i.status === 'signed' && i.packageId).map((i) => i.title).sort()).toEqual(['Account opening agreement (demo)', 'Debit card application (demo)']);
    await teller.getByRole('button', { name: 'Finish' }).click();
    await expectBothClean(w);
    expect(w.errors).toEqual([]);
  });
});
