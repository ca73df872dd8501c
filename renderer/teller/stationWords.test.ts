import { describe, expect, it } from 'vitest';
import { ContractError, stationText } from '../../preload/common/contract';
import { tellerMessages } from '../i18n/tellerMessages';
import { problemWords, stationWords } from './stationWords';

const { en, de, lt } = tellerMessages;

describe('what the station says, in the desk\'s language', () => {
  it('words a refusal from its key and parameters, not from the English sentence beside it', () => {
    const err = new ContractError('placement-refused', 'The signature box lies outside page 3; draw it on the page.', stationText('box-off-page', { page: 3 }));
    expect(problemWords(err, de)).toBe('Das Unterschriftsfeld liegt außerhalb von Seite 3; zeichnen Sie es auf der Seite.');
    expect(problemWords(err, en)).toBe(err.message);
  });

  it('words coded parameters too (a refusal, a queue status, a role) and names a package\'s document first, as sent', () => {
    expect(stationWords(stationText('signature-refused', { refusal: 'too-simple' }), de)).toBe(de.station['signature-refused'].replace('{refusal}', de.refusalTooSimple));
    expect(stationWords(stationText('document-not-waiting', { status: 'signed' }), lt)).toBe(lt.station['document-not-waiting'].replace('{status}', lt.statuses.signed));
    expect(stationWords(stationText('role-may-not', { role: 'administrator' }), de)).toBe(de.station['role-may-not'].replace('{role}', de.roles.administrator));
    expect(stationWords(stationText('field-signed', { field: 'Sig1', document: 'Loan agreement' }), de)).toBe(`Loan agreement: ${de.station['field-signed'].replace('{field}', 'Sig1')}`);
  });

  it('a refusal without a text is worded by its code; an error the window made itself keeps its words', () => {
    expect(problemWords(new ContractError('internal', 'The station could not complete this action. It has been logged.'), de)).toBe(de.errorCodes.internal);
    expect(problemWords(new ContractError('bad-request', 'session.start: signerName: Required'), de)).toBe(de.errorCodes.other.replace('{code}', 'bad-request'));
    expect(problemWords(new Error(de.drawBoxFirst), de)).toBe(de.drawBoxFirst);
  });

  it('every station text has a sentence in every desk language, and no language leaves one in English', () => {
    for (const t of [tellerMessages.sv, lt, de]) {
      for (const [key, sentence] of Object.entries(t.station)) expect(sentence, key).not.toBe(en.station[key as keyof typeof en.station]);
    }
  });
});
