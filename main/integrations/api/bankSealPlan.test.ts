import { afterAll, describe, expect, it } from 'vitest';
import { closePdfParser } from '../../documents/inspectPdf';
import { pdfsig } from '../../../test/support/documentTestKit';
import { verifyPdf } from '../../documents/verifyPdf';
import { createDemoPackage } from '../../signing/demoDocument';
import { bankSealDesk } from '../../../test/support/bankSealDesk';
import { strokeAt } from '../../../test/support/realSealing';
import { loadOpenApiResponseValidator } from '../../../test/support/openApiResponseValidator';
import { planOf, signingRequestJsonSchema } from './signingRequestInput';

afterAll(() => closePdfParser());

/**
 * A request from the API whose plan has a staff place with the bank's seal: accepted by the schema
 * (zod and docs/openapi.yaml alike), prepared at the desk from the request's own plan (it was
 * refused there before), and sealed when the teller applies the seal.
 */
describe('an API plan with a staff place for the bank seal', () => {
  it('is accepted, prepared from the request and sealed without ink', async () => {
    const [demo] = await createDemoPackage();
    const body = {
      document: { contentBase64: Buffer.from(demo.pdf).toString('base64') },
      signers: [{ key: 'holder', role: 'customer', name: 'Ona Petraitė', order: 1 }, { key: 'bank', role: 'staff', order: 2, mark: 'seal' }],
      places: [{ signer: 'holder' }, { signer: 'bank', target: { page: 2, rect: [320, 60, 560, 160] } }],
    };
    expect(loadOpenApiResponseValidator().checkSchema('SigningRequestCreateJson', body)).toEqual([]);
    const plan = planOf(signingRequestJsonSchema.parse(body));
    expect(plan?.signers[1]).toMatchObject({ role: 'staff', mark: 'seal' });

    const { inbox, session, stored } = bankSealDesk();
    const item = await inbox.add({ source: 'api', title: 'Loan agreement', pdf: demo.pdf, pageCount: 2, plan });
    const prepared = await session.start({ requestId: item.id, requireReadToEnd: false });
    expect(prepared.plan?.documents[0].places.map((p) => [p.signerName, p.role, p.mark])).toEqual([['Ona Petraitė', 'customer', 'ink'], ['teller.anna', 'staff', 'seal']]);
    session.sendToCustomer();
    session.readDone();
    session.consent('lt');
    session.clientSamples(strokeAt(0.4), 'pointer-events');
    await session.confirmSignature();
    await session.applyBankSeal();
    expect(session.tellerView().state).toBe('done');
    expect(pdfsig(stored[0].pdf).map((s) => s.validation)).toEqual(['Signature is Valid.', 'Signature is Valid.']);
    expect((await verifyPdf(stored[0].pdf)).signatures.map((s) => Boolean(s.biometrics))).toEqual([true, false]);
  });
});
