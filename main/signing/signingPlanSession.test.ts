import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sittingPlanSchema, type SittingPlanInput } from '../../preload/common/signingPlan';
import { EventHub } from '../contract/eventHub';
import { extractBiometrics } from '../documents/extractBiometrics';
import { closePdfParser } from '../documents/inspectPdf';
import { pdfsig } from '../../test/support/documentTestKit';
import { verifyPdf } from '../documents/verifyPdf';
import { silentLogger } from '../logging/logger';
import { createSignaturePlacesFinder } from '../station/signaturePlacesFinder';
import { createDemoPackage } from './demoDocument';
import { MemoryInbox } from './memoryInbox';
import { SigningSession } from './signingSession';
import { whereInWords } from './sitting';
import type { SignedDocumentToStore } from './signingPorts';
import { idlePen } from '../../test/support/idlePen';
import { mutoolVerify, realSealer, strokeAt } from '../../test/support/realSealing';
import { sharedDataLocation } from '../config/sharedData';

const twoFields = join(sharedDataLocation(), 'pdf-corpus', 'signature-fields', 'dss_pdf-two-fields.pdf');
const haveForm = existsSync(twoFields);
if (!haveForm) console.warn('skipped: ../shared/data/pdf-corpus/signature-fields/dss_pdf-two-fields.pdf is absent');

afterAll(() => closePdfParser());

async function setup() {
  const inbox = new MemoryInbox();
  const events = new EventHub();
  const customerViews: any[] = [];
  events.subscribe((name, payload) => name === 'customer.sessionChanged' && customerViews.push(payload));
  const stored: SignedDocumentToStore[] = [];
  const { sealer, escrowPrivateKeyPath } = realSealer();
  const session = new SigningSession({
    inbox, pen: idlePen, sealer, events, log: silentLogger, place: 'Vilnius',
    places: createSignaturePlacesFinder({}),
    store: { store: async (d) => void stored.push(d) },
    branding: { name: 'Test Bank' },
    staffName: () => 'teller.anna',
  });
  return { inbox, session, stored, customerViews, escrowKey: readFileSync(escrowPrivateKeyPath, 'utf8') };
}

const identification = { idType: 'national-id' as const, lastDigits: '4821', checkedBy: 'teller.anna' };

describe.skipIf(!haveForm)('a signing plan on a real two-field form: two customers in order, then the teller countersigns', () => {
  it('gives three signatures, each its own revision with its own biometric container bound to it', async () => {
    const { inbox, session, stored, customerViews, escrowKey } = await setup();
    const original = new Uint8Array(readFileSync(twoFields));
    const item = await inbox.add({ source: 'file', title: 'Joint account', pdf: original, pageCount: 1 });
    const plan: SittingPlanInput = {
      signers: [
        { key: 'holder-1', role: 'customer', name: 'Astrid Lindqvist', order: 1 },
        { key: 'holder-2', role: 'customer', name: 'Jonas Berg', order: 2 },
        { key: 'officer', role: 'staff', order: 3 },
      ],
      documents: [{ requestId: item.id, places: [
        { signer: 'officer' },
        { signer: 'holder-2', target: { field: 'signature-test2' } },
        { signer: 'holder-1', target: { field: 'signature-test' } },
      ] }],
    };
    const prepared = await session.start({ requestId: item.id, requireReadToEnd: false, plan: sittingPlanSchema.parse(plan), identifications: { 'holder-1': identification, 'holder-2': { ...identification, lastDigits: '7730' } } });
    expect(prepared.plan?.documents[0].places.map((p) => `${p.number} ${p.signerName} ${whereInWords(p.where)}`)).toEqual([
      '1 Astrid Lindqvist field “signature-test”', '2 Jonas Berg field “signature-test2”', '3 teller.anna a blank spot near the bottom',
    ]);
    session.sendToCustomer();
    session.readDone();
    expect(session.customerView()).toMatchObject({ state: 'consent', signerName: 'Astrid Lindqvist', step: { number: 1, count: 3, page: 1, role: 'customer' } });
    session.consent('sv');
    session.clientSamples(strokeAt(0.3), 'pointer-events');
    await session.confirmSignature();
    // The second customer is asked for their own consent; the document is not read again.
    expect(session.customerView()).toMatchObject({ state: 'consent', signerName: 'Jonas Berg', step: { number: 2, count: 3 }, inkPointCount: 0 });
    session.consent('en');
    session.clientSamples(strokeAt(0.5), 'pointer-events');
    await session.confirmSignature();
    // Staff countersigns without a consent step.
    expect(session.customerView()).toMatchObject({ state: 'signing', signerName: 'teller.anna', step: { number: 3, count: 3, role: 'staff' } });
    session.clientSamples(strokeAt(0.7), 'pointer-events');
    await session.confirmSignature();
    expect(session.tellerView()).toMatchObject({ state: 'done', plan: { documents: [{ status: 'signed' }] } });
    expect(customerViews.some((v) => v.step?.number === 2 && v.state === 'signing')).toBe(true);

    expect(stored).toHaveLength(1);
    const signed = stored[0].pdf;
    expect(stored[0]).toMatchObject({ signerName: 'Astrid Lindqvist, Jonas Berg, teller.anna', identification, consent: { language: 'sv' } });
    const poppler = pdfsig(signed);
    expect(poppler.map((s) => [s.field, s.validation])).toEqual([
      ['signature-test', 'Signature is Valid.'], ['signature-test2', 'Signature is Valid.'], ['Signature1', 'Signature is Valid.'],
    ]);
    expect(poppler.map((s) => s.total)).toEqual([false, false, true]);
    const mupdf = mutoolVerify(signed).filter((m) => !/not signed/.test(m.text));
    expect(mupdf.map((m) => [m.valid, m.editedSince])).toEqual([[true, true], [true, true], [true, false]]);

    const report = await verifyPdf(signed);
    expect(report.ok).toBe(true);
    const lengths = report.signatures.map((s) => s.signedLength);
    expect(lengths[0]).toBeGreaterThan(original.length);
    expect(lengths[1]).toBeGreaterThan(lengths[0]);
    expect(lengths[2]).toBe(signed.length);
    expect(report.signatures.every((s) => s.valid && s.biometrics?.bound)).toBe(true);

    const containers = await extractBiometrics(signed, escrowKey);
    expect(containers.map((c) => c.fieldName)).toEqual(['signature-test', 'signature-test2', 'Signature1']);
    // Each container is bound to the revision before its own signature, and holds its own signer's ink.
    const revisions = [original.length, lengths[0], lengths[1]];
    containers.forEach((c, i) => {
      expect(c.header.binding.documentLength).toBe(revisions[i]);
      expect(c.header.binding.documentSha256).toBe(createHash('sha256').update(signed.subarray(0, revisions[i])).digest('hex'));
      expect(c.payload.record.samples[0].ny).toBe([0.3, 0.5, 0.7][i]);
    });
  });

  it('the teller may skip an optional place, never a required one; the customer is guided with the count', async () => {
    const { inbox, session, stored } = await setup();
    const item = await inbox.add({ source: 'file', title: 'Form', pdf: new Uint8Array(readFileSync(twoFields)), pageCount: 1 });
    await session.start({ requestId: item.id, requireReadToEnd: false, plan: sittingPlanSchema.parse({
      signers: [{ key: 'c', role: 'customer', name: 'Astrid Lindqvist', order: 1 }],
      documents: [{ requestId: item.id, places: [{ signer: 'c', target: { field: 'signature-test' } }, { signer: 'c', kind: 'initials', optional: true, target: { field: 'signature-test2' } }] }],
    }) });
    await expect(session.skipPlace()).rejects.toMatchObject({ code: 'not-optional' });
    session.sendToCustomer();
    session.readDone();
    session.consent('de');
    session.clientSamples(strokeAt(0.4), 'pointer-events');
    await session.confirmSignature();
    expect(session.customerView()).toMatchObject({ state: 'signing', step: { number: 2, count: 2, kind: 'initials' } });
    expect((await session.skipPlace()).state).toBe('done');
    expect(session.tellerView().plan?.documents[0].places.map((p) => p.status)).toEqual(['signed', 'skipped']);
    expect(pdfsig(stored[0].pdf).map((s) => s.validation)).toEqual(['Signature is Valid.', '']);
  });
});

describe('the demo package: two documents in one sitting', () => {
  async function withPackage() {
    const ctx = await setup();
    const packageId = 'demo-package';
    const docs = [];
    for (const d of await createDemoPackage()) docs.push(await ctx.inbox.add({ source: 'demo', title: d.title, pdf: d.pdf, pageCount: d.title.startsWith('Account') ? 2 : 1, packageId }));
    return { ...ctx, docs };
  }

  it('signs both with one identification and one consent', async () => {
    const { session, docs, stored } = await withPackage();
    const prepared = await session.start({ requestId: docs[0].id, signerName: 'Astrid Lindqvist', identification, requireReadToEnd: false });
    expect(prepared.plan?.documents.map((d) => d.title)).toEqual(['Account opening agreement (demo)', 'Debit card application (demo)']);
    session.sendToCustomer();
    session.readDone();
    session.consent('lt');
    session.clientSamples(strokeAt(0.5), 'pointer-events');
    await session.confirmSignature();
    // The next document is read, then signed: no second consent.
    expect(session.customerView()).toMatchObject({ state: 'reading', document: { title: 'Debit card application (demo)' }, step: { number: 2, count: 2, documentNumber: 2, documentCount: 2 } });
    session.readDone();
    expect(session.customerView().state).toBe('signing');
    session.clientSamples(strokeAt(0.5), 'pointer-events');
    await session.confirmSignature();
    expect(session.tellerView().state).toBe('done');
    expect(stored.map((d) => [d.title, d.identification?.lastDigits, d.consent.language])).toEqual([
      ['Account opening agreement (demo)', '4821', 'lt'], ['Debit card application (demo)', '4821', 'lt'],
    ]);
    expect(stored.every((d) => pdfsig(d.pdf).length === 1)).toBe(true);
  });

  it('cancelling one document inside the package keeps the one signed and goes on to the rest', async () => {
    const { session, docs, stored, inbox } = await withPackage();
    await session.start({ requestId: docs[0].id, signerName: 'Astrid Lindqvist', identification, requireReadToEnd: false });
    session.sendToCustomer();
    await session.cancelDocument('wrong agreement version');
    expect(inbox.get(docs[0].id)).toBeUndefined();
    expect(session.customerView()).toMatchObject({ state: 'reading', document: { title: 'Debit card application (demo)' } });
    session.readDone();
    session.consent('en');
    session.clientSamples(strokeAt(0.5), 'pointer-events');
    await session.confirmSignature();
    expect(session.tellerView()).toMatchObject({ state: 'done', plan: { documents: [{ status: 'cancelled' }, { status: 'signed' }] } });
    expect(stored.map((d) => d.title)).toEqual(['Debit card application (demo)']);
  });

  it('a whole cancel after the first document keeps the signed one and removes the other', async () => {
    const { session, docs, stored, inbox } = await withPackage();
    await session.start({ requestId: docs[1].id, signerName: 'Astrid Lindqvist', requireReadToEnd: false });
    session.sendToCustomer();
    session.readDone();
    session.consent('en');
    session.clientSamples(strokeAt(0.5), 'pointer-events');
    await session.confirmSignature();
    await session.cancel('the customer has to leave', 'customer');
    expect(stored).toHaveLength(1);
    expect(inbox.get(docs[0].id)?.status).toBe('signed');
    expect(inbox.get(docs[1].id)).toBeUndefined();
    expect(session.tellerView()).toMatchObject({ state: 'idle', lastCancel: { by: 'customer' } });
  });
});
