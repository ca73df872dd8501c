import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { PenSample } from '../../native/pen/penSample';
import { parseRequest, type DocumentSignaturePlaces } from '../../preload/common/contract';
import { EventHub } from '../contract/eventHub';
import { closePdfParser } from '../documents/inspectPdf';
import { silentLogger } from '../logging/logger';
import { idlePen } from '../../test/support/idlePen';
import { createSignaturePlacesFinder, toDocumentsPlacement } from '../station/signaturePlacesFinder';
import { MemoryInbox } from './memoryInbox';
import { checkSignaturePlacement } from './signaturePlaceCheck';
import { SigningSession } from './signingSession';
import type { SealRequest } from './signingPorts';
import { sharedDataLocation } from '../config/sharedData';

const corpus = (...p: string[]) => join(sharedDataLocation(), 'pdf-corpus', ...p);
const hasCorpus = existsSync(corpus('ordinary'));
if (!hasCorpus) console.warn('skipped: the real PDF corpus (../shared/data/pdf-corpus) is absent; the tests on real documents are skipped');

const a4: DocumentSignaturePlaces['pages'][number] = { box: [0, 0, 595, 842], rotate: 0 };
const places: DocumentSignaturePlaces = {
  pages: [a4, { box: [10, 20, 610, 812], rotate: 0 }],
  fields: [
    { name: 'Bank', page: 1, rect: [50, 50, 250, 120], filled: true, usable: false },
    { name: 'Customer', page: 2, rect: [300, 60, 520, 150], filled: false, usable: true },
    { name: 'Hidden', page: 1, rect: [0, 0, 0, 0], filled: false, usable: false },
  ],
  default: { kind: 'field', field: 'Customer', page: 2, rect: [300, 60, 520, 150], chosenBy: 'default' },
};

describe('signature place: the teller’s choice checked against the document', () => {
  it('no choice: the station default, as the teller was shown it', () => {
    expect(checkSignaturePlacement(places, undefined)).toEqual(places.default);
  });

  it('an empty field is taken, with its page and rectangle', () => {
    expect(checkSignaturePlacement(places, { field: 'Customer' })).toEqual({ kind: 'field', field: 'Customer', page: 2, rect: [300, 60, 520, 150], chosenBy: 'teller' });
  });

  it('a filled field, an invisible one and an unknown name are refused in one sentence each', () => {
    expect(() => checkSignaturePlacement(places, { field: 'Bank' })).toThrow("The signature field 'Bank' is already signed; choose an empty field or draw a box.");
    expect(() => checkSignaturePlacement(places, { field: 'Hidden' })).toThrow(/'Hidden' cannot show a signature/);
    expect(() => checkSignaturePlacement(places, { field: 'Nope' })).toThrow("The document has no signature field named 'Nope' (empty fields: 'Customer').");
    try {
      checkSignaturePlacement(places, { field: 'Bank' });
    } catch (err) {
      expect(err).toMatchObject({ name: 'ContractError', code: 'placement-refused' });
    }
  });

  it('a box on the page is taken (corners in any order), an overshoot by rounding pulled back in', () => {
    expect(checkSignaturePlacement(places, { page: 1, rect: [300, 150, 80, 60] })).toEqual({ kind: 'box', page: 1, rect: [80, 60, 300, 150], chosenBy: 'teller' });
    // Page 2's box does not start at 0,0 (a CropBox): its own edges count.
    expect(checkSignaturePlacement(places, { page: 2, rect: [9, 19, 200, 100] })).toMatchObject({ rect: [10, 20, 200, 100] });
  });

  it('a box off the page, on a page that does not exist, or too small for a signature is refused', () => {
    expect(() => checkSignaturePlacement(places, { page: 1, rect: [500, 60, 700, 150] })).toThrow('The signature box lies outside page 1; draw it on the page.');
    expect(() => checkSignaturePlacement(places, { page: 2, rect: [0, 0, 200, 100] })).toThrow('outside page 2');
    expect(() => checkSignaturePlacement(places, { page: 3, rect: [10, 10, 200, 100] })).toThrow('Page 3 does not exist; the document has 2 pages.');
    expect(() => checkSignaturePlacement(places, { page: 1, rect: [10, 10, 30, 100] })).toThrow(/too small to hold a signature/);
    expect(() => checkSignaturePlacement(places, { page: 1, rect: [10, 10, 200, 15] })).toThrow(/too small/);
  });

  it('a document that cannot be signed is refused whatever the choice', () => {
    const certified = { ...places, problem: 'document-certified' as const };
    expect(() => checkSignaturePlacement(certified, undefined)).toThrow('forbids any change');
    // The window words it from the code, in the desk's language.
    expect(() => checkSignaturePlacement(certified, undefined)).toThrow(expect.objectContaining({ text: { key: 'document-certified' } }));
    expect(() => checkSignaturePlacement(certified, { field: 'Customer' })).toThrow('forbids any change');
  });

  it('the contract refuses malformed placements before they reach the session', () => {
    const start = (placement: unknown) => () => parseRequest('session.start', 'teller', { requestId: 'r1', signerName: 'A B', placement });
    expect(start({ field: 'Customer' })).not.toThrow();
    expect(start({ page: 1, rect: [1, 2, 3, 4] })).not.toThrow();
    expect(start({ page: 0, rect: [1, 2, 3, 4] })).toThrow(/placement/);
    expect(start({ page: 1.5, rect: [1, 2, 3, 4] })).toThrow(/placement/);
    expect(start({ page: 1, rect: [1, 2, 3] })).toThrow(/placement/);
    expect(start({ page: 1, rect: [1, 2, 3, '4'] })).toThrow(/placement/);
    expect(start({ field: '' })).toThrow(/placement/);
    expect(start({ field: 'A', page: 1, rect: [1, 2, 3, 4] })).toThrow(/placement/);
    expect(start('Customer')).toThrow(/placement/);
  });

  it('pages count from 1 in the session and from 0 in the documents area', () => {
    expect(toDocumentsPlacement({ page: 1, rect: [1, 2, 3, 4] })).toEqual({ page: 0, rect: [1, 2, 3, 4] });
    expect(toDocumentsPlacement({ field: 'X' })).toEqual({ field: 'X' });
    expect(toDocumentsPlacement(undefined)).toBeUndefined();
  });
});

const log = silentLogger;
const pen = idlePen;
const scribble = (): PenSample[] => Array.from({ length: 20 }, (_, i) => ({ t: i * 5, x: i, y: i, pressure: 0.5, nx: i / 20, ny: 0.5, np: 0.5, inRange: true, tip: i < 19, buttons: 0 }));

describe.skipIf(!hasCorpus)('signature place on real documents, carried from the start to the sealer', () => {
  afterAll(() => closePdfParser());
  const finder = createSignaturePlacesFinder({});

  async function desk(file: string) {
    const inbox = new MemoryInbox();
    const sealed: SealRequest[] = [];
    const session = new SigningSession({
      inbox, pen, events: new EventHub(), log, place: 'Kaunas', places: finder, branding: { name: 'Test Bank' },
      // The sealer records what it is asked (the real one is exercised by the e2e test).
      sealer: { demoCredentials: true, seal: async (r) => (sealed.push(r), { pdf: r.pdf, sha256: 'cd'.repeat(32) }) },
      store: { store: async () => undefined },
    });
    const pdf = readFileSync(corpus(...file.split('/')));
    const item = await inbox.add({ source: 'file', title: file, pdf, pageCount: 4 });
    return { session, item, sealed };
  }

  async function sign(session: SigningSession) {
    session.sendToCustomer();
    session.readDone();
    session.consent('en');
    session.clientSamples(scribble(), 'pointer-events');
    await session.confirmSignature();
    session.close();
  }

  it('lists the fields of a two-field form and the default (its first empty field)', async () => {
    const { session, item } = await desk('signature-fields/dss_pdf-two-fields.pdf');
    const found = await session.signaturePlaces(item.id);
    expect(found.fields.map((f) => [f.name, f.page, f.usable])).toEqual([['signature-test', 1, true], ['signature-test2', 1, true]]);
    expect(found.default).toMatchObject({ kind: 'field', field: 'signature-test', page: 1 });
    session.close();
  });

  it('the field the teller chose is the one the sealer is asked to fill', async () => {
    const { session, item, sealed } = await desk('signature-fields/dss_pdf-two-fields.pdf');
    const view = await session.start({ requestId: item.id, signerName: 'A B', requireReadToEnd: false, placement: { field: 'signature-test2' } });
    expect(view.signaturePlace).toMatchObject({ kind: 'field', field: 'signature-test2', page: 1, chosenBy: 'teller' });
    await sign(session);
    expect(sealed[0].placement).toEqual({ field: 'signature-test2' });
  });

  it('a box drawn on page 1 of a 4-page document: the customer is told page 1, the sealer gets the box', async () => {
    const { session, item, sealed } = await desk('ordinary/sample_pdflatex-outline.pdf');
    await session.start({ requestId: item.id, signerName: 'A B', requireReadToEnd: false, placement: { page: 1, rect: [100, 600, 320, 690] } });
    session.sendToCustomer();
    expect(session.customerView().signaturePage).toBe(1);
    // The customer's screen learns where on the page the box is, to centre it and mark it.
    expect(session.customerView().signatureRect).toEqual([100, 600, 320, 690]);
    session.readDone();
    session.consent('en');
    session.clientSamples(scribble(), 'pointer-events');
    await session.confirmSignature();
    session.close();
    expect(sealed[0].placement).toEqual({ page: 1, rect: [100, 600, 320, 690] });
  });

  it('without a choice the default is fixed when preparing (last page) and passed on as such', async () => {
    const { session, item, sealed } = await desk('ordinary/sample_pdflatex-outline.pdf');
    const view = await session.start({ requestId: item.id, signerName: 'A B', requireReadToEnd: false });
    expect(view.signaturePlace).toMatchObject({ kind: 'box', page: 4, chosenBy: 'default' });
    await sign(session);
    expect(sealed[0].placement).toEqual({ page: 4, rect: view.signaturePlace!.rect });
  });

  it('a box off the page is refused when preparing, and the request stays waiting in the queue', async () => {
    const { session, item } = await desk('ordinary/sample_pdflatex-outline.pdf');
    await expect(session.start({ requestId: item.id, signerName: 'A B', requireReadToEnd: false, placement: { page: 1, rect: [500, 600, 900, 690] } }))
      .rejects.toThrow('The signature box lies outside page 1; draw it on the page.');
    expect(session.tellerView().state).toBe('idle');
    session.close();
  });

  it('two starts at once (the document is read meanwhile): one signing opens, the other is refused', async () => {
    const { session, item } = await desk('ordinary/sample_pdflatex-outline.pdf');
    const both = await Promise.allSettled([
      session.start({ requestId: item.id, signerName: 'A B', requireReadToEnd: false }),
      session.start({ requestId: item.id, signerName: 'C D', requireReadToEnd: false, placement: { page: 2, rect: [100, 100, 300, 180] } }),
    ]);
    expect(both.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(both.find((r) => r.status === 'rejected')).toMatchObject({ reason: { code: expect.stringMatching(/session-open|not-waiting/) } });
    expect(session.tellerView().state).toBe('prepared');
    session.close();
  });

  it('a document certified against any change is refused when preparing, before the customer signs', async () => {
    const { session, item } = await desk('signature-fields/dss_certified-no-change-permitted.pdf');
    await expect(session.start({ requestId: item.id, signerName: 'A B', requireReadToEnd: false })).rejects.toMatchObject({ code: 'placement-refused', message: expect.stringMatching(/forbids any change/) });
    session.close();
  });
});
