import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/main';
import { closePdfParser } from './inspectPdf';
import { verifyPdf } from './verifyPdf';
import { corpusFiles, haveCorpus, pdfsig, svcDir, tempDir } from '../../test/support/documentTestKit';
import { startLtvWorld, type LtvWorld } from '../../test/support/longTermTestKit';

/** `station doc sign --level`, `doc extend` (twice) and `doc verify --json` through the real CLI, with the real PKI. */
describe.skipIf(!haveCorpus)('station doc sign --level / doc extend / doc verify --json', () => {
  let world: LtvWorld;
  const dir = tempDir('station-doc-extend-');
  const run = async (args: string[], env: Record<string, string> = {}) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(args, {
      stdout: (t) => void out.push(t), stderr: (t) => void err.push(t), cwd: dir,
      env: { STATION_STORAGE_DIR: join(dir, 'store'), STATION_CONFIG: join(dir, 'none.json'), ...env } as NodeJS.ProcessEnv,
    });
    return { code, out: out.join(''), err: err.join('') };
  };

  beforeAll(async () => {
    world = await startLtvWorld();
  });
  afterAll(async () => {
    await world?.close();
    await closePdfParser();
  });

  it('signs at B-B with the bank seal, extends to B-LTA twice, and verify --json reports level, coverage and the gap', async () => {
    const seal = { STATION_DOCUMENTS_SEAL_P12: world.seal.p12Path, STATION_DOCUMENTS_SEAL_P12_PASSWORD: world.pki.p12Password };
    const pdf = corpusFiles('signature-fields').find((f) => f.includes('pdf-two-fields'))!;
    const signed = await run(['doc', 'sign', '--in', pdf, '--signature', join(svcDir!, 'U5S3.TXT'), '--signer', 'Offline', '--out', 'bb.pdf', '--level', 'B-B'], seal);
    expect(signed.code, signed.err).toBe(0);
    expect(signed.out).toMatch(/PAdES B-B/);
    const once = await run(['doc', 'extend', 'bb.pdf', '--level', 'B-LTA', '--tsa', world.tsa.url, '--out', 'lta1.pdf']);
    expect(once.code, once.out + once.err).toBe(0);
    expect(once.out).toMatch(/added document time-stamp DocTimeStamp1 .*\n.*added DSS: 5 certificate\(s\), 2 OCSP response\(s\), 2 CRL\(s\).*\n.*added archive time-stamp DocTimeStamp2/);
    expect(once.out).toMatch(/signature 'signature-test': B-LTA/);
    const twice = await run(['doc', 'extend', 'lta1.pdf', '--level', 'B-LTA', '--tsa', world.tsa.url, '--out', 'lta2.pdf', '--json']);
    expect(twice.code).toBe(0);
    expect(JSON.parse(twice.out)).toMatchObject({ ok: true, signatures: [{ field: 'signature-test', level: 'B-LTA', problems: [] }] });
    const verify = await run(['doc', 'verify', 'lta2.pdf', '--json']);
    expect(verify.code).toBe(0);
    const report = JSON.parse(verify.out);
    expect(report.signatures.map((s: { fieldName: string; valid: boolean }) => `${s.fieldName}:${s.valid}`)).toEqual(['signature-test:true', 'DocTimeStamp1:true', 'DocTimeStamp2:true', 'DocTimeStamp3:true']);
    expect(report.signatures[0].longTerm).toMatchObject({ levelReached: 'B-LTA', revocationCovered: true, validationTimeFrom: 'document time-stamp' });
    expect(typeof report.signatures[0].longTerm.timestampGapSeconds).toBe('number');
    const text = await run(['doc', 'verify', 'lta2.pdf']);
    expect(text.out).toMatch(/level reached: B-LTA \(archive time-stamp .*\), first time-stamp \d+ s after the claimed signing time/);
    expect(pdfsig(readFileSync(join(dir, 'lta2.pdf')))[0]).toMatchObject({ field: 'signature-test', validation: 'Signature is Valid.' });
    expect((await verifyPdf(readFileSync(join(dir, 'lta2.pdf')))).ok).toBe(true);
  });

  it('refuses clearly: no TSA for B-LTA, an unsigned PDF, a bad level — and writes nothing', async () => {
    const noTsa = await run(['doc', 'extend', 'bb.pdf', '--level', 'B-LTA', '--out', 'x.pdf']);
    expect(noTsa).toMatchObject({ code: 1, err: expect.stringMatching(/needs a time-stamping authority/) });
    const unsigned = await run(['doc', 'extend', corpusFiles('ordinary')[0], '--level', 'B-LT', '--out', 'x.pdf']);
    expect(unsigned.err).toMatch(/refused \(not-signed\)/);
    const bad = await run(['doc', 'extend', 'bb.pdf', '--level', 'B-XL', '--out', 'x.pdf']);
    expect(bad).toMatchObject({ code: 2, err: expect.stringMatching(/--level expects one of B-B, B-T, B-LT, B-LTA/) });
    expect(() => readFileSync(join(dir, 'x.pdf'))).toThrow();
  });
});
