import { describe, expect, it } from 'vitest';
import { loadOpenApiResponseValidator } from '../../../test/support/openApiResponseValidator';
import { signingRequestJsonSchema } from './signingRequestInput';

/** The server validates with zod; clients read docs/openapi.yaml. Both must judge a body the same way. */
const openApi = loadOpenApiResponseValidator();
const doc = { contentBase64: 'JVBERi0xLjcK' };
const samples: [string, unknown, boolean][] = [
  ['minimal', { document: doc }, true],
  ['everything', { document: { ...doc, name: 'a.pdf' }, externalReference: 'R-1', documentType: 'loan', signer: { name: 'Ona' }, fieldsToSign: ['Sig1'], language: 'de-AT', callbackUrl: 'https://crm.example/hook', retentionDays: 0, expiresInSeconds: 3600 }, true],
  ['no document', { externalReference: 'R-1' }, false],
  ['unknown field', { document: doc, colour: 'red' }, false],
  ['unknown document field', { document: { ...doc, size: 3 } }, false],
  ['control character', { document: doc, signer: { name: 'a\u0007b' } }, false],
  ['empty reference', { document: doc, externalReference: '' }, false],
  ['bad language', { document: doc, language: 'Swedish' }, false],
  ['negative retention', { document: doc, retentionDays: -1 }, false],
  ['fractional retention', { document: doc, retentionDays: 1.5 }, false],
  ['too short expiry', { document: doc, expiresInSeconds: 59 }, false],
  ['signer without name', { document: doc, signer: {} }, false],
  ['too many fields', { document: doc, fieldsToSign: Array.from({ length: 51 }, (_, i) => `f${i}`) }, false],
  ['reference too long', { document: doc, externalReference: 'x'.repeat(201) }, false],
  ['a plan: two customers and a countersignature, by field, anchor and box', { document: doc, packageReference: 'loan-4711', signers: [
    { key: 'a', role: 'customer', name: 'Ona', order: 1 }, { key: 'b', role: 'customer', name: 'Jonas', order: 2 }, { key: 'bank', role: 'staff', order: 3 },
  ], places: [
    { signer: 'a', target: { field: 'Sig1' } }, { signer: 'b', kind: 'initials', optional: true, target: { anchor: 'Co-holder:' } }, { signer: 'bank', target: { page: 2, rect: [40, 40, 240, 120] } },
  ] }, true],
  ['a place on page 0 (pages count from 1)', { document: doc, signers: [{ key: 'a', role: 'customer', name: 'Ona', order: 1 }], places: [{ signer: 'a', target: { page: 0, rect: [0, 0, 100, 50] } }] }, false],
  ['a target that is a field and an anchor at once', { document: doc, signers: [{ key: 'a', role: 'customer', name: 'Ona', order: 1 }], places: [{ signer: 'a', target: { field: 'x', anchor: 'y' } }] }, false],
  ['an unknown signer role', { document: doc, signers: [{ key: 'a', role: 'notary', name: 'Ona', order: 1 }], places: [{ signer: 'a' }] }, false],
  ['a rectangle of three numbers', { document: doc, signers: [{ key: 'a', role: 'customer', name: 'Ona', order: 1 }], places: [{ signer: 'a', target: { page: 1, rect: [0, 0, 100] } }] }, false],
];

describe('plan rules only the server can check (a place for a signer nobody named, signers without places)', () => {
  const base = { document: doc, signers: [{ key: 'a', role: 'customer', name: 'Ona', order: 1 }] };
  it.each([
    ['a place for an unknown signer', { ...base, places: [{ signer: 'ghost' }] }, /no signer has the key 'ghost'/],
    ['signers without places', base, /signers and places are given together/],
    ['a customer without a name', { ...base, signers: [{ key: 'a', role: 'customer', order: 1 }], places: [{ signer: 'a' }] }, /customer needs a name/],
  ])('refuses %s in words', (_n, body, message) => {
    const r = signingRequestJsonSchema.safeParse(body);
    expect(r.success).toBe(false);
    expect(JSON.stringify(r.error!.issues)).toMatch(message);
  });
});

describe('request schema: zod (server) and OpenAPI (clients) agree', () => {
  for (const [name, body, valid] of samples) {
    it(`${valid ? 'accepts' : 'refuses'} ${name}`, () => {
      expect(signingRequestJsonSchema.safeParse(body).success).toBe(valid);
      expect(openApi.checkSchema('SigningRequestCreateJson', body).length === 0).toBe(valid);
    });
  }
});

describe('multipart metadata schema: zod and OpenAPI agree', () => {
  const metadataSamples: [string, unknown, boolean][] = [
    ['empty', {}, true],
    ['reference and signer', { externalReference: 'R-2', signer: { name: 'Jonas' } }, true],
    ['a document inside the metadata', { document: doc }, false],
    ['unknown field', { priority: 'high' }, false],
  ];
  for (const [name, body, valid] of metadataSamples) {
    it(`${valid ? 'accepts' : 'refuses'} ${name}`, async () => {
      const { signingRequestMetadataSchema } = await import('./signingRequestInput');
      expect(signingRequestMetadataSchema.safeParse(body).success).toBe(valid);
      expect(openApi.checkSchema('SigningRequestMetadata', body).length === 0).toBe(valid);
    });
  }
});
