import { describe, expect, it } from 'vitest';
import type { TellerSessionView } from '../../preload/common/contract';
import { tellerMessages } from '../i18n/tellerMessages';
import { describePlace, describeState, signedPage } from './sessionDescription';

const base: TellerSessionView = {
  sessionId: 's1', state: 'done', requireReadToEnd: false, reachedEnd: true, language: 'en', inkPointCount: 0,
  branding: { name: 'Demo Bank' }, document: { id: 'r2', title: 'Loan', pageCount: 5 }, signaturePage: 5,
};
const place = (number: number, page: number, status: 'signed' | 'waiting') => ({ number, signerName: 'A', role: 'customer' as const, mark: 'ink' as const, kind: 'signature' as const, optional: false, page, where: { kind: 'box' as const }, status });

describe('the session panel in words', () => {
  it('opens the sealed copy at the last signature placed in the document just stored, not its last page', () => {
    const session: TellerSessionView = {
      ...base,
      signedDocument: { id: 'd2', sha256: 'ab' },
      plan: {
        documents: [
          { requestId: 'r1', title: 'Card', status: 'signed', signedDocumentId: 'd1', places: [place(1, 1, 'signed')] },
          { requestId: 'r2', title: 'Loan', status: 'signed', signedDocumentId: 'd2', places: [place(2, 2, 'signed'), place(3, 3, 'signed')] },
        ],
        count: 3,
      },
    };
    expect(signedPage(session)).toBe(3);
    // Without a plan: the page the customer was told.
    expect(signedPage({ ...base, plan: undefined })).toBe(5);
  });

  it('speaks the teller\'s language, place and state', () => {
    const de = tellerMessages.de;
    expect(describePlace({ kind: 'field', field: 'Sig1', page: 2, rect: [0, 0, 1, 1], chosenBy: 'default' } as never, de)).toBe('Feld „Sig1“ auf Seite 2 (Wahl der Station)');
    expect(describeState({ ...base, state: 'reading', requireReadToEnd: true, reachedEnd: false }, { page: 1, scrollFraction: 0, zoom: 1 }, tellerMessages.en))
      .toBe('The customer is reading (page 1 of 5). The customer must see every page whole before signing.');
    expect(describeState({ ...base, state: 'prepared' }, undefined, de)).toBe(de.statePrepared);
  });
});
