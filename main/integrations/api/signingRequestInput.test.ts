import { describe, expect, it } from 'vitest';
import { loadOpenApiResponseValidator } from './openApiResponseValidator';
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
];

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
