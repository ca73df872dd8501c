import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningStation } from '../support/stationProcess';
import { expectBothClean, hasCorpus, poll, prepare, readToEnd, scribble, sessionState, sharedPdf, toSigning, openSignedInDesk, type SignedInDesk, type Windows } from './deskDriver';

if (!hasCorpus) console.warn('skipped: the real PDF corpus (../shared/data/pdf-corpus) is absent; the tests that need it are skipped');

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '..', '..');
const notServed = '`station serve` with STATION_API_ENABLED / STATION_PRINT_ENABLED should print the API and printer URLs and feed both into the teller queue';

/**
 * Requests that arrive from the bank's systems (HTTP API) and from "Print to Tab" (IPP) reach the
 * same queue and are signed the same way; the API can also withdraw a request while it is on the
 * customer's screen. These run against the real API server and IPP printer of `station serve`.
 */
describe.skipIf(!hasCorpus)('browser mode: requests from the API and from print jobs', () => {
  let station: RunningStation;
  let desk: SignedInDesk | undefined;
  let w: Windows;
  let storageDir: string;
  let token = '';
  let apiUrl: string | undefined;
  let ippUrl: string | undefined;

  beforeAll(async () => {
    storageDir = mkdtempSync(join(tmpdir(), 'station-e2e-sources-'));
    const env = { ...process.env, STATION_STORAGE_DIR: storageDir, STATION_CONFIG: join(storageDir, 'none.json') };
    const created = await run(process.execPath, [join(root, 'bin', 'station.mjs'), 'api', 'token', 'create', '--integration', 'e2e-crm', '--json'], { cwd: root, env }).catch((err) => {
      console.warn(`station api token create failed: ${(err as Error).message}`);
      return undefined;
    });
    token = created ? JSON.parse(created.stdout).token : '';
    desk = await openSignedInDesk({ STATION_STORAGE_DIR: storageDir, STATION_API_ENABLED: 'true', STATION_API_PORT: '0', STATION_PRINT_ENABLED: 'true', STATION_PRINT_PORT: '0' });
    ({ station, w } = desk);
    // serve prints "api:      http://127.0.0.1:<port>/v1/signing-requests" and "printer:  ipp://…".
    apiUrl = /^\s*api:\s+(https?:\/\/[^/\s]+)/m.exec(station.output())?.[1];
    ippUrl = /(ipps?:\/\/\S+)/.exec(station.output())?.[1];
  });

  afterAll(async () => {
    if (desk) expect(await desk.close()).toBe(0);
    rmSync(storageDir, { recursive: true, force: true });
  });

  const createRequest = async (reference: string, signer: string) => {
    const pdf = readFileSync(sharedPdf('ordinary', 'sample_002-trivial-libre-office-writer.pdf'));
    const res = await fetch(`${apiUrl}/v1/signing-requests`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ externalReference: reference, signer: { name: signer }, document: { name: 'Loan agreement.pdf', contentBase64: pdf.toString('base64') } }),
    });
    expect(res.status).toBe(201);
    return (await res.json()) as { id: string };
  };

  it('a request from the API shows its source and reference, is signed, and its status reaches the API', async () => {
    expect(apiUrl, `${notServed}\n${station.output()}`).toBeTruthy();
    expect(token, 'station api token create').toBeTruthy();
    const { teller, customer } = w;
    const { id } = await createRequest('CRM-4711', 'Ona Jankauskienė');
    await poll(() => teller.locator('.queue-table tr[data-status="waiting"]').textContent()).toMatch(/API.*CRM-4711/);
    await teller.getByRole('button', { name: /Start signing/ }).first().click();
    expect(await teller.getByLabel("Signer's full name").inputValue()).toBe('Ona Jankauskienė');
    await prepare(teller, 'Ona Jankauskienė');
    await teller.getByRole('button', { name: 'Send to customer' }).click();
    const pages = Number(await teller.locator('.session-facts dd').last().textContent());
    await toSigning(customer, pages);
    await scribble(customer, 2);
    await customer.getByRole('button', { name: 'Done' }).click();
    await poll(() => sessionState(teller), { timeout: 30_000 }).toBe('done');
    await poll(async () => (await (await fetch(`${apiUrl}/v1/signing-requests/${id}`, { headers: { authorization: `Bearer ${token}` } })).json()).status).toMatch(/signed|completed/);
    await teller.getByRole('button', { name: 'Finish' }).click();
    await expectBothClean(w);
  });

  it('the API withdraws a request while the customer reads it: both screens clean, the teller told why', async () => {
    expect(apiUrl, notServed).toBeTruthy();
    const { teller, customer } = w;
    const { id } = await createRequest('CRM-4712', 'Petras Kazlauskas');
    await poll(() => teller.locator('.queue-table tr[data-status="waiting"]').count()).toBe(1);
    await teller.getByRole('button', { name: /Start signing/ }).first().click();
    await prepare(teller, 'Petras Kazlauskas');
    await teller.getByRole('button', { name: 'Send to customer' }).click();
    await readToEnd(customer, Number(await teller.locator('.session-facts dd').last().textContent()));
    const res = await fetch(`${apiUrl}/v1/signing-requests/${id}`, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBeLessThan(300);
    await expectBothClean(w);
    await poll(() => teller.getByText(/discarded by the system that sent it/).count()).toBe(1);
  });

  it('a print job ("Print to Tab" over IPP) lands in the queue as a print request and is signed', async () => {
    expect(ippUrl, `${notServed}\n${station.output()}`).toBeTruthy();
    const { teller, customer } = w;
    await run('ipptool', ['-tv', '-f', sharedPdf('ordinary', 'sample_002-trivial-libre-office-writer.pdf'), ippUrl!, '/usr/share/cups/ipptool/print-job.test']);
    await poll(() => teller.locator('.queue-table tr[data-status="waiting"]').textContent()).toMatch(/Print/);
    await teller.getByRole('button', { name: /Start signing/ }).first().click();
    await prepare(teller, 'Greta Berg');
    await teller.getByRole('button', { name: 'Send to customer' }).click();
    await toSigning(customer, Number(await teller.locator('.session-facts dd').last().textContent()));
    await scribble(customer, 2);
    await customer.getByRole('button', { name: 'Done' }).click();
    await poll(() => sessionState(teller), { timeout: 30_000 }).toBe('done');
    await teller.getByRole('button', { name: 'Finish' }).click();
    await expectBothClean(w);
  });
});
