import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdfsig } from '../support/documentTestKit';
import { listenOn } from '../../main/net/listenOn';
import type { RunningStation } from '../support/stationProcess';
import { spawnSync } from 'node:child_process';
import { customerState, expectBothClean, hasCorpus, poll, readToEnd, scribble, sessionState, sharedPdf, shot, openSignedInDesk, type SignedInDesk, type Windows } from './deskDriver';

if (!hasCorpus) console.warn('skipped: the real PDF corpus (../shared/data/pdf-corpus) is absent; the API plan e2e test needs it');

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '..', '..');

/**
 * A plan from outside: the bank's system asks over the API for two customers and the
 * bank to sign one form at three places; the desk follows the plan, and the API and the webhook
 * report one signed PDF with three signatures.
 */
describe.skipIf(!hasCorpus)('browser mode: a signing plan sent over the API', () => {
  let desk: SignedInDesk | undefined;
  let station: RunningStation;
  let w: Windows;
  let storageDir: string;
  let token = '';
  let apiUrl: string | undefined;
  let hooks: Server;
  let hookUrl = '';
  const received: { type: string; signingRequest: { id: string; status: string; signatures: unknown[] | null } }[] = [];

  beforeAll(async () => {
    storageDir = mkdtempSync(join(tmpdir(), 'station-e2e-apiplan-'));
    const env = { ...process.env, STATION_STORAGE_DIR: storageDir, STATION_CONFIG: join(storageDir, 'none.json') };
    const created = await run(process.execPath, [join(root, 'bin', 'station.mjs'), 'api', 'token', 'create', '--integration', 'e2e-crm', '--callback-hosts', '127.0.0.1', '--json'], { cwd: root, env });
    token = JSON.parse(created.stdout).token;
    hooks = createServer((req, res) => {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        received.push(JSON.parse(body));
        res.writeHead(204).end();
      });
    });
    const { port } = await listenOn(hooks, '127.0.0.1', 0);
    hookUrl = `http://127.0.0.1:${port}/hook`;
    desk = await openSignedInDesk({ STATION_STORAGE_DIR: storageDir, STATION_API_ENABLED: 'true', STATION_API_PORT: '0', STATION_DESK_THANK_YOU_SECONDS: '2' });
    ({ station, w } = desk);
    apiUrl = /^\s*api:\s+(https?:\/\/[^/\s]+)/m.exec(station.output())?.[1];
  });

  afterAll(async () => {
    if (desk) expect(await desk.close()).toBe(0);
    await new Promise((r) => hooks?.close(r));
    rmSync(storageDir, { recursive: true, force: true });
  });

  /** POSTs a signing request with the two-field form as its document. */
  const createRequest = (fields: Record<string, unknown>) => fetch(`${apiUrl}/v1/signing-requests`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ ...fields, document: { name: `${fields.externalReference}.pdf`, contentBase64: readFileSync(sharedPdf('signature-fields', 'dss_pdf-two-fields.pdf')).toString('base64') } }),
  });

  it('two signers and the bank, three places: one signed PDF with three signatures, and the webhook says so', { timeout: 240_000 }, async () => {
    expect(apiUrl, station.output()).toBeTruthy();
    const { teller, customer } = w;
    const pdf = readFileSync(sharedPdf('signature-fields', 'dss_pdf-two-fields.pdf'));
    const res = await fetch(`${apiUrl}/v1/signing-requests`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        externalReference: 'JOINT-77', callbackUrl: hookUrl,
        signers: [
          { key: 'holder-1', role: 'customer', name: 'Ona Jankauskienė', order: 1 },
          { key: 'holder-2', role: 'customer', name: 'Petras Jankauskas', order: 2 },
          { key: 'officer', role: 'staff', order: 3 },
        ],
        places: [
          { signer: 'holder-1', target: { field: 'signature-test' } },
          { signer: 'holder-2', target: { field: 'signature-test2' } },
          { signer: 'officer', target: { page: 1, rect: [330, 60, 550, 150] } },
        ],
        document: { name: 'Joint account.pdf', contentBase64: pdf.toString('base64') },
      }),
    });
    expect(res.status).toBe(201);
    const { id, signers, places } = (await res.json()) as { id: string; signers: unknown[]; places: unknown[] };
    expect([signers.length, places.length]).toEqual([3, 3]);

    await poll(() => teller.locator('.queue-table tr[data-status="waiting"]').textContent()).toMatch(/JOINT-77/);
    await teller.getByRole('button', { name: /Start signing/ }).first().click();
    await poll(() => teller.getByTestId('plan-signers').textContent()).toBe('Signers, in order: Ona Jankauskienė, Petras Jankauskas, demo (you, countersigning)');
    await teller.getByLabel('Last digits of the ID number').fill('4821');
    await teller.getByRole('button', { name: 'Prepare signing' }).click();
    await poll(() => sessionState(teller), { timeout: 60_000 }).toBe('prepared').catch(async (err) => {
      throw new Error(`${err.message}; the teller window says: ${(await teller.locator('[role=alert], .notice').allTextContents()).join(' | ')}`);
    });
    await teller.getByRole('button', { name: 'Send to customer' }).click();
    await readToEnd(customer, 1);
    await customer.getByRole('button', { name: 'Continue' }).click();
    for (const [n, strokes] of [[1, 2], [2, 3], [3, 1]] as const) {
      if (n < 3) {
        await poll(() => customerState(customer)).toBe('consent');
        await customer.getByRole('button', { name: /I agree/ }).click();
      }
      await poll(() => customer.getByTestId('plan-step-line').textContent()).toBe(`Signature ${n} of 3 — page 1`);
      await scribble(customer, strokes);
      await customer.getByRole('button', { name: 'Done' }).click();
    }
    await poll(() => sessionState(teller), { timeout: 30_000 }).toBe('done');

    const auth = { headers: { authorization: `Bearer ${token}` } };
    await poll(async () => (await (await fetch(`${apiUrl}/v1/signing-requests/${id}`, auth)).json()).status).toBe('completed');
    const state = (await (await fetch(`${apiUrl}/v1/signing-requests/${id}`, auth)).json()) as { signatures: { signer: string; status: string; field: string; page: number }[] };
    expect(state.signatures.map((s) => [s.signer, s.status, s.field, s.page])).toEqual([
      ['Ona Jankauskienė', 'signed', 'signature-test', 1], ['Petras Jankauskas', 'signed', 'signature-test2', 1], ['demo', 'signed', 'Signature1', 1],
    ]);
    const signed = new Uint8Array(await (await fetch(`${apiUrl}/v1/signing-requests/${id}/document`, auth)).arrayBuffer());
    writeFileSync(join(mkdtempSync(join(tmpdir(), 'station-apiplan-look-')), 'signed.pdf'), signed);
    expect(pdfsig(signed).map((s) => s.validation)).toEqual(['Signature is Valid.', 'Signature is Valid.', 'Signature is Valid.']);

    await poll(() => received.filter((e) => e.type === 'signing.completed').length, { timeout: 30_000 }).toBe(1);
    const hook = received.find((e) => e.type === 'signing.completed')!;
    expect(hook.signingRequest).toMatchObject({ id, status: 'completed' });
    expect(hook.signingRequest.signatures).toHaveLength(3);

    await teller.getByRole('button', { name: 'Finish' }).click();
    await expectBothClean(w);
  });

  it("a customer, then the bank's seal: the teller presses 'Apply bank seal', nobody draws for it", { timeout: 240_000 }, async () => {
    const { teller, customer } = w;
    const res = await createRequest({
      externalReference: 'SEAL-12',
      signers: [{ key: 'holder', role: 'customer', name: 'Ona Jankauskienė', order: 1 }, { key: 'bank', role: 'staff', order: 2, mark: 'seal' }],
      places: [{ signer: 'holder', target: { field: 'signature-test' } }, { signer: 'bank', target: { page: 1, rect: [330, 60, 550, 150] } }],
    });
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: string };
    await poll(() => teller.locator('.queue-table tr[data-status="waiting"]').textContent()).toMatch(/SEAL-12/);
    await teller.getByRole('button', { name: /Start signing/ }).first().click();
    await poll(() => teller.getByTestId('sender-plan').textContent()).toBe("The sender's plan: 2 places for Ona Jankauskienė, then you, with the bank's seal.");
    await teller.getByLabel("Signer's full name").fill('Ona Jankauskienė');
    await teller.getByLabel('Last digits of the ID number').fill('4821');
    await teller.getByRole('button', { name: 'Prepare signing' }).click();
    await poll(() => sessionState(teller), { timeout: 60_000 }).toBe('prepared');
    await teller.getByRole('button', { name: 'Send to customer' }).click();
    await readToEnd(customer, 1);
    await customer.getByRole('button', { name: 'Continue' }).click();
    await poll(() => customerState(customer)).toBe('consent');
    await customer.getByRole('button', { name: /I agree/ }).click();
    await poll(() => customerState(customer)).toBe('signing');
    await scribble(customer, 2);
    await customer.getByRole('button', { name: 'Done' }).click();
    // The seal place: the customer is told the adviser seals; no signature box; the teller has one button.
    await poll(() => customer.getByTestId('bank-seal-wait').count(), { timeout: 30_000 }).toBe(1);
    expect(await customer.getByTestId('signature-box').count()).toBe(0);
    await poll(() => teller.getByTestId('apply-bank-seal').count()).toBe(1);
    await shot(customer, 'customer-bank-seal-wait');
    await shot(teller, 'teller-apply-bank-seal');
    await teller.getByTestId('apply-bank-seal').click();
    await poll(() => sessionState(teller), { timeout: 30_000 }).toBe('done');

    const auth = { headers: { authorization: `Bearer ${token}` } };
    await poll(async () => (await (await fetch(`${apiUrl}/v1/signing-requests/${id}`, auth)).json()).status).toBe('completed');
    const signed = new Uint8Array(await (await fetch(`${apiUrl}/v1/signing-requests/${id}/document`, auth)).arrayBuffer());
    const look = join(mkdtempSync(join(tmpdir(), 'station-bankseal-look-')), 'signed.pdf');
    writeFileSync(look, signed);
    spawnSync('pdftoppm', ['-png', '-r', '100', look, look.replace(/\.pdf$/, '')]);
    console.info(`sealed PDF and its rendering: ${look}`);
    // The form's second field stays empty (pdfsig lists it unsigned); the customer's and the seal are valid.
    expect(pdfsig(signed).map((s) => [s.field, s.validation])).toEqual([['signature-test', 'Signature is Valid.'], ['signature-test2', ''], ['Signature1', 'Signature is Valid.']]);
    await teller.getByRole('button', { name: 'Finish' }).click();
    await expectBothClean(w);
  });
});
