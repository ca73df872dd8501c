import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/main';
import { closePdfParser } from './inspectPdf';
import { documentCommands } from '../cli/commands/doc';
import { corpusFiles, haveCorpus, pdfsig, svcDir, tempDir } from '../../test/support/documentTestKit';

/** `station doc sign|verify` and `station bio extract` through the real CLI entry, with no configuration at all. */
function io(dir: string) {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out, err,
    io: {
      stdout: (t: string) => void out.push(t),
      stderr: (t: string) => void err.push(t),
      env: { STATION_STORAGE_DIR: join(dir, 'store'), STATION_CONFIG: join(dir, 'no-config.json') } as NodeJS.ProcessEnv,
      cwd: dir,
    },
  };
}

afterAll(() => closePdfParser());

describe.skipIf(!haveCorpus)('station doc / bio commands', () => {
  const dir = tempDir('station-doc-cli-');
  const pdf = corpusFiles('signature-fields').find((f) => f.includes('pdf-two-fields'))!;
  // Collected even when skipped: without the corpus this points nowhere and no test reads it.
  const sig = join(svcDir ?? 'svc2004-absent', 'U5S3.TXT');

  it('doc sign works out of the box: demo credentials, said plainly, a valid sealed PDF', async () => {
    const c = io(dir);
    const code = await runCli(['doc', 'sign', '--in', pdf, '--signature', sig, '--signer', 'Åsa Öberg', '--place', 'Malmö', '--out', 'signed.pdf'], c.io);
    expect(c.err.join('')).toMatch(/DEMO/);
    expect(code).toBe(0);
    expect(c.out.join('')).toMatch(/field 'signature-test' on page 1, PAdES B-B/);
    expect(pdfsig(readFileSync(join(dir, 'signed.pdf')))[0]).toMatchObject({ validation: 'Signature is Valid.', total: true });
    expect(existsSync(join(dir, 'store', 'escrow-holder', 'DEMO-escrow-private-key.pem'))).toBe(true);
  });

  it('doc verify prints each signature and exits 0; a changed byte makes it exit 1', async () => {
    const c = io(dir);
    expect(await runCli(['doc', 'verify', 'signed.pdf'], c.io)).toBe(0);
    const text = c.out.join('');
    expect(text).toMatch(/Signature 1: field 'signature-test' — VALID, covers the whole document/);
    expect(text).toMatch(/DEMO certificate/);
    expect(text).toMatch(/bound to this document and this ink/);
    const bytes = readFileSync(join(dir, 'signed.pdf'));
    bytes[1000] ^= 0x01;
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(dir, 'tampered.pdf'), bytes);
    const t = io(dir);
    expect(await runCli(['doc', 'verify', 'tampered.pdf'], t.io)).toBe(1);
    expect(t.out.join('')).toMatch(/INVALID[\s\S]*changed after signing[\s\S]*NOT OK/);
  });

  it('bio extract writes the ISO 19794-7 record and the samples for the examiner', async () => {
    const c = io(dir);
    const key = join(dir, 'store', 'escrow-holder', 'DEMO-escrow-private-key.pem');
    expect(await runCli(['bio', 'extract', 'signed.pdf', '--key', key, '--out-dir', 'examiner'], c.io)).toBe(0);
    expect(c.out.join('')).toMatch(/signature-test: bound to this document and its ink, under a valid seal/);
    const files = readdirSync(join(dir, 'examiner')).sort();
    expect(files).toEqual(['signed.signature-test.iso19794-7.bin', 'signed.signature-test.samples.json']);
    const samples = JSON.parse(readFileSync(join(dir, 'examiner', files[1]), 'utf8'));
    expect(samples.record.samples.length).toBe(Number(readFileSync(sig, 'latin1').trim().split(/\r?\n/)[0]));
    expect(readFileSync(join(dir, 'examiner', files[0])).subarray(0, 3).toString('latin1')).toBe('SDI');
  });

  it('--enqueue hands the signed document to the queue it was given, and says so when it has none', async () => {
    const queued: { sha256: string; sourceName: string; signerName: string }[] = [];
    const withQueue = documentCommands({
      enqueue: async (signed, meta) => {
        queued.push({ sha256: signed.sha256, ...meta });
        return { id: 'doc-42' };
      },
    });
    const c = io(dir);
    expect(await runCli(['doc', 'sign', '--in', pdf, '--signature', sig, '--signer', 'Queued Signer', '--enqueue'], c.io, withQueue)).toBe(0);
    expect(c.out.join('')).toMatch(/queued as doc-42/);
    expect(queued).toEqual([{ sha256: expect.stringMatching(/^[0-9a-f]{64}$/), sourceName: 'dss_pdf-two-fields.pdf', signerName: 'Queued Signer' }]);
    const none = io(dir);
    expect(await runCli(['doc', 'sign', '--in', pdf, '--signature', sig, '--signer', 'X', '--enqueue'], none.io, documentCommands())).toBe(1);
    expect(none.err.join('')).toMatch(/vault queue is not available/);
  });

  it('a refusal is one line, a non-zero exit and no output file', async () => {
    const c = io(dir);
    const certified = corpusFiles('signature-fields').find((f) => f.includes('certified-no-change'))!;
    const code = await runCli(['doc', 'sign', '--in', certified, '--signature', sig, '--signer', 'X', '--out', 'refused.pdf'], c.io);
    expect(code).toBe(1);
    const lines = c.err.join('').trim().split('\n').filter((l) => l.startsWith('station'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/refused \(changes-forbidden\)/);
    expect(existsSync(join(dir, 'refused.pdf'))).toBe(false);
    expect(readdirSync(dir).some((f) => f.includes('.partial-'))).toBe(false);
    const bad = io(dir);
    expect(await runCli(['doc', 'sign', '--in', pdf, '--signature', pdf, '--signer', 'X', '--out', 'refused.pdf'], bad.io)).toBe(1);
    expect(bad.err.join('')).toMatch(/not a signature file/);
    expect(existsSync(join(dir, 'refused.pdf'))).toBe(false);
    const wrongKey = io(dir);
    const other = tempDir();
    const { generateKeyPairSync } = await import('node:crypto');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(other, 'k.pem'), generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }));
    expect(await runCli(['bio', 'extract', 'signed.pdf', '--key', join(other, 'k.pem'), '--out-dir', 'nope'], wrongKey.io)).toBe(1);
    expect(wrongKey.err.join('')).toMatch(/does not open the container/);
    expect(existsSync(join(dir, 'nope'))).toBe(false);
  });
});
