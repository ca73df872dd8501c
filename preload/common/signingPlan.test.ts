import { describe, expect, it } from 'vitest';
import { documentPlanSchema, sittingPlanSchema, sittingSteps } from './signingPlan';

const joint = {
  signers: [
    { key: 'officer', role: 'staff', order: 3 },
    { key: 'holder-1', role: 'customer', name: 'Astrid Lindqvist', order: 1 },
    { key: 'holder-2', role: 'customer', name: 'Jonas Berg', order: 2 },
  ],
  documents: [
    { requestId: 'doc-a', places: [
      { signer: 'officer' },
      { signer: 'holder-2', target: { field: 'signature-test2' } },
      { signer: 'holder-1', target: { field: 'signature-test' } },
      { signer: 'holder-1', kind: 'initials', optional: true, target: { page: 1, rect: [40, 40, 120, 80] } },
    ] },
    { requestId: 'doc-b', places: [{ signer: 'holder-1', target: { anchor: 'Customer signature:' } }] },
  ],
};

describe('signing plan', () => {
  it('orders places by signer order, then as listed, document by document', () => {
    const plan = sittingPlanSchema.parse(joint);
    expect(sittingSteps(plan).map((s) => `${s.documentIndex}:${s.signer.key}:${s.place.kind}`)).toEqual([
      '0:holder-1:signature', '0:holder-1:initials', '0:holder-2:signature', '0:officer:signature', '1:holder-1:signature',
    ]);
    expect(plan.signers[0]).toMatchObject({ mark: 'ink' });
    expect(plan.documents[0].places[0]).toMatchObject({ kind: 'signature', optional: false });
  });

  it.each([
    ['a place for a signer nobody named', { ...joint, documents: [{ requestId: 'x', places: [{ signer: 'ghost' }] }] }, /no signer has the key 'ghost'/],
    ['a signer key used twice', { ...joint, signers: [...joint.signers, { key: 'officer', role: 'staff', order: 4 }] }, /used twice/],
    ['a customer without a name', { ...joint, signers: [{ key: 'holder-1', role: 'customer', order: 1 }] }, /customer needs a name/],
    ['a customer with the bank seal', { ...joint, signers: [{ key: 'holder-1', role: 'customer', name: 'A', order: 1, mark: 'seal' }], documents: [{ requestId: 'x', places: [{ signer: 'holder-1' }] }] }, /only staff/],
    ['page 0 (pages count from 1)', { ...joint, documents: [{ requestId: 'x', places: [{ signer: 'holder-1', target: { page: 0, rect: [0, 0, 1, 1] } }] }] }, /documents\.0\.places\.0\.target|>=1|too_small|Too small/i],
    ['the same document twice', { ...joint, documents: [joint.documents[1], joint.documents[1]] }, /appears twice/],
    ['a target that is two things at once', { ...joint, documents: [{ requestId: 'x', places: [{ signer: 'holder-1', target: { field: 'a', anchor: 'b' } }] }] }, /./],
  ])('refuses %s with words that say so', (_name, input, message) => {
    const r = sittingPlanSchema.safeParse(input);
    expect(r.success).toBe(false);
    expect(JSON.stringify(r.error!.issues)).toMatch(message);
  });

  it('a document plan from outside has the same rules', () => {
    expect(documentPlanSchema.safeParse({ signers: [{ key: 'c', role: 'customer', name: 'A', order: 1 }], places: [{ signer: 'c' }] }).success).toBe(true);
    expect(documentPlanSchema.safeParse({ signers: [{ key: 'c', role: 'customer', name: 'A', order: 1 }], places: [{ signer: 'd' }] }).success).toBe(false);
  });
});
