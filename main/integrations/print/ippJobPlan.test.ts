import { describe, expect, it } from 'vitest';
import { GroupTag, ipp, type IppAttribute, type IppMessage } from './ippMessage';
import { readJobPlan } from './ippJobPlan';

/** Value forms ipptool does not send easily: octetString, textWithLanguage, and conflicting attributes. */
const job = (...attributes: IppAttribute[]): IppMessage => ({
  version: [2, 0], code: 0x0002, requestId: 1, data: new Uint8Array(),
  groups: [{ tag: GroupTag.operation, attributes: [] }, { tag: GroupTag.job, attributes }],
});
const plan = { signers: [{ key: 'c', role: 'customer', name: 'Ann Berg', order: 1 }], places: [{ signer: 'c' }] };

describe('readJobPlan', () => {
  it('reads signing-plan as an octetString of UTF-8 JSON', () => {
    const read = readJobPlan(job(ipp.attr('signing-plan', { tag: 0x30, value: new TextEncoder().encode(JSON.stringify(plan)) })));
    expect(read.ok && read.fields.plan?.signers[0].name).toBe('Ann Berg');
  });

  it('reads signing-signer-name as nameWithLanguage', () => {
    const read = readJobPlan(job(ipp.attr('signing-signer-name', { tag: 0x36, value: { language: 'sv', text: 'Björn Berg' } })));
    expect(read).toMatchObject({ ok: true, fields: { signerName: 'Björn Berg' } });
  });

  it('refuses a reference given both in signing-plan and signing-reference, naming signing-reference', () => {
    const read = readJobPlan(job(ipp.attr('signing-plan', ipp.text(JSON.stringify({ ...plan, externalReference: 'A' }))), ipp.attr('signing-reference', ipp.text('B'))));
    expect(read).toMatchObject({ ok: false, attribute: { name: 'signing-reference' } });
  });

  it('refuses two values, an integer, and invalid UTF-8', () => {
    expect(readJobPlan(job(ipp.attr('signing-reference', ipp.text('A'), ipp.text('B')))).ok).toBe(false);
    expect(readJobPlan(job(ipp.attr('signing-reference', ipp.integer(4))))).toMatchObject({ ok: false, message: /one text value/ });
    expect(readJobPlan(job(ipp.attr('signing-plan', { tag: 0x30, value: Uint8Array.of(0xff, 0xfe) }))).ok).toBe(false);
  });

  it('leaves a job without signing attributes alone (fields empty)', () => {
    expect(readJobPlan(job(ipp.attr('copies', ipp.integer(1))))).toEqual({ ok: true, fields: {} });
  });
});
