import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createInMemorySigningRequestRepository } from '../inbox/inMemorySigningRequestRepository';
import { createSigningRequestInbox } from '../inbox/signingRequestInbox';
import type { SigningRequest } from '../inbox/signingRequest';
import { silentLogger } from '../../logging/logger';
import { corpusPdf, makeSamplePdf } from '../../../test/support/samplePdf';
import { startHotFolder } from './hotFolder';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
});

function setup(stableForMs = 150) {
  const dir = mkdtempSync(join(tmpdir(), 'hot-folder-'));
  const inbox = createSigningRequestInbox({ repository: createInMemorySigningRequestRepository(), expiryCheckIntervalMs: 0 });
  const arrived: SigningRequest[] = [];
  inbox.on('arrived', (r) => arrived.push(r));
  const folder = startHotFolder({ dir, inbox, log: silentLogger, pollIntervalMs: 20, stableForMs });
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }), () => inbox.close(), () => folder.close());
  return { dir, inbox, arrived };
}

/** Waits for a condition the hot folder brings about (bounded, so a broken folder fails instead of hanging). */
async function until(condition: () => boolean, what: string) {
  for (let i = 0; i < 400; i++) {
    if (condition()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`gave up waiting: ${what}`);
}

describe('hot folder', () => {
  it('takes a finished PDF with its metadata file, queues the exact bytes and deletes the plaintext copy', async () => {
    // The writer pauses 40 ms mid-file; the folder waits for 600 ms of stable size (room for a loaded machine).
    const { dir, inbox, arrived } = setup(600);
    const pdf = corpusPdf('pdfa/vera_PDFA-2b_6-1-12-t02-pass-a.pdf') ?? (await makeSamplePdf());
    // Written in two parts, as a slow writer would: the half file must not be taken.
    writeFileSync(join(dir, 'invoice-17.json'), JSON.stringify({ externalReference: 'INV-17', signer: { name: 'Lina' }, documentType: 'invoice' }));
    writeFileSync(join(dir, 'invoice-17.pdf'), pdf.subarray(0, 100));
    await new Promise((r) => setTimeout(r, 40));
    appendFileSync(join(dir, 'invoice-17.pdf'), pdf.subarray(100));
    await until(() => arrived.length === 1, 'the PDF to arrive');
    expect(arrived[0]).toMatchObject({ source: 'hot-folder', documentName: 'invoice-17.pdf', externalReference: 'INV-17', signerName: 'Lina', documentType: 'invoice' });
    expect(Buffer.from((await inbox.document(arrived[0].id))!).equals(Buffer.from(pdf))).toBe(true);
    await until(() => !existsSync(join(dir, 'invoice-17.pdf')), 'the plaintext copy to go');
    expect(existsSync(join(dir, 'invoice-17.json'))).toBe(false);
    expect(existsSync(join(dir, 'rejected'))).toBe(false);
  });

  it('a sidecar carries a signing plan and a package reference like the API; a plan naming an unknown signer is rejected', async () => {
    const { dir, arrived } = setup(200);
    const pdf = await makeSamplePdf();
    writeFileSync(join(dir, 'joint.json'), JSON.stringify({
      packageReference: 'acct-9', signers: [{ key: 'a', role: 'customer', name: 'Lina', order: 1 }, { key: 'bank', role: 'staff', order: 2 }],
      places: [{ signer: 'a', target: { anchor: 'Customer:' } }, { signer: 'bank', kind: 'initials', target: { page: 1, rect: [40, 40, 200, 100] } }],
    }));
    writeFileSync(join(dir, 'joint.pdf'), pdf);
    await until(() => arrived.length === 1, 'the PDF to arrive');
    expect(arrived[0]).toMatchObject({ packageReference: 'acct-9', plan: { signers: [{ key: 'a', name: 'Lina' }, { key: 'bank', role: 'staff', mark: 'ink' }], places: [{ signer: 'a', kind: 'signature', target: { anchor: 'Customer:' } }, { signer: 'bank', kind: 'initials' }] } });
    writeFileSync(join(dir, 'bad-plan.json'), JSON.stringify({ signers: [{ key: 'a', role: 'customer', name: 'Lina', order: 1 }], places: [{ signer: 'ghost' }] }));
    writeFileSync(join(dir, 'bad-plan.pdf'), pdf);
    await until(() => existsSync(join(dir, 'rejected')) && readdirSync(join(dir, 'rejected')).some((n) => n.endsWith('-bad-plan.pdf')), 'the bad plan to be rejected');
    expect(arrived).toHaveLength(1);
  });

  it('moves what is not a PDF to rejected/ with the reason, and ignores temporary names', async () => {
    const { dir, arrived } = setup();
    writeFileSync(join(dir, 'scan.pdf'), 'this is a text file with a .pdf name\n');
    writeFileSync(join(dir, 'being-written.pdf.part'), await makeSamplePdf());
    writeFileSync(join(dir, '.hidden.pdf'), await makeSamplePdf());
    await until(() => existsSync(join(dir, 'rejected')) && readdirSync(join(dir, 'rejected')).some((n) => n.endsWith('.reason.txt')), 'the rejection');
    const rejected = readdirSync(join(dir, 'rejected'));
    const reason = readFileSync(join(dir, 'rejected', rejected.find((n) => n.endsWith('.reason.txt'))!), 'utf8');
    expect(reason).toMatch(/not a PDF/);
    expect(rejected.some((n) => n.endsWith('-scan.pdf'))).toBe(true);
    expect(arrived).toEqual([]);
    expect(existsSync(join(dir, 'being-written.pdf.part'))).toBe(true);
    expect(existsSync(join(dir, '.hidden.pdf'))).toBe(true);
  });

  it('deletes rejected files after their retention (they may hold personal data in plaintext)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hot-folder-'));
    mkdirSync(join(dir, 'rejected'));
    const old = join(dir, 'rejected', '2026-01-01-scan.pdf');
    const recent = join(dir, 'rejected', '2026-03-01-scan.pdf');
    writeFileSync(old, 'old');
    writeFileSync(recent, 'recent');
    const eightDaysAgo = new Date(Date.now() - 8 * 86_400_000);
    utimesSync(old, eightDaysAgo, eightDaysAgo);
    const inbox = createSigningRequestInbox({ repository: createInMemorySigningRequestRepository(), expiryCheckIntervalMs: 0 });
    const folder = startHotFolder({ dir, inbox, log: silentLogger, pollIntervalMs: 20, rejectedRetentionDays: 7 });
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }), () => inbox.close(), () => folder.close());
    await until(() => !existsSync(old), 'the old rejected file to go');
    expect(existsSync(recent)).toBe(true);
  });

  it('rejects a PDF whose metadata file is invalid, keeping both for the operator', async () => {
    const { dir, arrived } = setup();
    writeFileSync(join(dir, 'contract.json'), JSON.stringify({ signer: 'not an object' }));
    writeFileSync(join(dir, 'contract.pdf'), await makeSamplePdf());
    await until(() => existsSync(join(dir, 'rejected')) && readdirSync(join(dir, 'rejected')).length === 3, 'the rejection');
    expect(arrived).toEqual([]);
    expect(readdirSync(join(dir, 'rejected')).some((n) => n.endsWith('-contract.pdf.json'))).toBe(true);
  });
});
