import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/main';
import { encodeIso19794_7 } from '../pen/iso19794_7';
import { sharedDataPath } from '../config/sharedData';
import { readSvc2004File } from '../pen/svc2004';

const TASK2 = sharedDataPath('svc2004-task2-dev/Task2');
if (!TASK2) console.warn('sigCommand.test: skipping the real-data CLI tests: ../shared/data/svc2004-task2-dev is absent');
const work = mkdtempSync(join(tmpdir(), 'sig-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function station(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '', err = '';
  const code = await runCli(args, { stdout: (t) => (out += t), stderr: (t) => (err += t), env: {}, cwd: work });
  return { code, out, err };
}
// Paths are built while the suite is collected, skipped or not: without the corpus they point nowhere and no test reads them.
const f = (u: number, s: number) => join(TASK2 ?? 'svc2004-absent', `U${u}S${s}.TXT`);

describe.skipIf(!TASK2)('station sig score', () => {
  const enrol = ['--enrol', f(16, 1), f(16, 2), f(16, 3), f(16, 4), f(16, 5)];

  it('prints "<path as given>\\t<score>" per --test, in the order given', async () => {
    const tests = [f(16, 30), f(16, 12), f(3, 1)];
    const { code, out } = await station('sig', 'score', ...enrol, '--test', ...tests);
    expect(code).toBe(0);
    const lines = out.trimEnd().split('\n').map((l) => l.split('\t'));
    expect(lines.map((l) => l[0])).toEqual(tests);
    const scores = lines.map((l) => Number(l[1]));
    expect(scores.every(Number.isFinite)).toBe(true);
    expect(scores[1]!).toBeGreaterThan(scores[2]!); // genuine above another person
  });

  it('keeps the path exactly as given (relative) and accepts repeated flags', async () => {
    writeFileSync(join(work, 'q.txt'), readFileSync(f(16, 14)));
    const { code, out } = await station('sig', 'score', '--enrol', f(16, 1), '--enrol', f(16, 2), '--enrol', f(16, 3), '--test', 'q.txt');
    expect(code).toBe(0);
    expect(out).toMatch(/^q\.txt\t-?\d+\.\d{4}\n$/);
  });

  it('reads ISO/IEC 19794-7 records and scores them like the same signature from SVC2004 text', async () => {
    const iso = join(work, 'q.iso');
    writeFileSync(iso, encodeIso19794_7(await readSvc2004File(f(16, 14))));
    const isoRefs: string[] = [];
    for (let s = 1; s <= 5; s++) {
      isoRefs.push(join(work, `r${s}.iso`));
      writeFileSync(isoRefs.at(-1)!, encodeIso19794_7(await readSvc2004File(f(16, s))));
    }
    const fromIso = await station('sig', 'score', '--enrol', ...isoRefs, '--test', iso, '--format', 'iso19794-7');
    const fromSvc = await station('sig', 'score', ...enrol, '--test', f(16, 14));
    expect(fromIso.code, fromIso.err).toBe(0);
    expect(Number(fromIso.out.split('\t')[1])).toBeCloseTo(Number(fromSvc.out.split('\t')[1]), 1);
    // Without --format each file is recognised by its first bytes, so the two formats mix.
    const mixed = await station('sig', 'score', ...enrol, '--test', iso);
    expect(mixed.code, mixed.err).toBe(0);
    expect(Number(mixed.out.split('\t')[1])).toBeCloseTo(Number(fromSvc.out.split('\t')[1]), 1);
  });

  it('reads the samples.json that `station bio extract` writes (and a bare record), and refuses malformed JSON clearly', async () => {
    const record = await readSvc2004File(f(16, 14));
    writeFileSync(join(work, 'q.samples.json'), JSON.stringify({ binding: { documentSha256: 'e'.repeat(64), documentLength: 10, inkSha256: 'f'.repeat(64), fieldName: 'Signature1', sealedAt: '2026-11-26T05:00:00Z' }, record }));
    writeFileSync(join(work, 'bare.json'), JSON.stringify(record));
    const broken = JSON.parse(JSON.stringify(record));
    broken.samples[3].x = 'left';
    writeFileSync(join(work, 'broken.json'), JSON.stringify(broken));
    const fromSvc = await station('sig', 'score', ...enrol, '--test', f(16, 14));
    const r = await station('sig', 'score', ...enrol, '--test', 'q.samples.json', 'bare.json', 'broken.json');
    expect(r.code).toBe(1);
    const lines = r.out.trimEnd().split('\n');
    expect(lines[0]).toBe(`q.samples.json\t${fromSvc.out.split('\t')[1]!.trim()}`);
    expect(lines[1]).toBe(`bare.json\t${fromSvc.out.split('\t')[1]!.trim()}`);
    expect(lines[2]).toBe('broken.json\tNaN');
    expect(r.err).toMatch(/broken\.json: not a biometric record \(samples\.3\.x: /);
  });

  it('gives an unreadable --test its line (NaN), says why, and exits 1 without losing the others', async () => {
    writeFileSync(join(work, 'bad.txt'), 'not a signature\n');
    const { code, out, err } = await station('sig', 'score', ...enrol, '--test', 'bad.txt', f(16, 13), 'missing.txt');
    expect(code).toBe(1);
    const lines = out.trimEnd().split('\n');
    expect(lines[0]).toBe('bad.txt\tNaN');
    expect(lines[1]!.startsWith(`${f(16, 13)}\t`)).toBe(true);
    expect(Number(lines[1]!.split('\t')[1])).not.toBeNaN();
    expect(lines[2]).toBe('missing.txt\tNaN');
    expect(err).toMatch(/bad\.txt.*number of points/);
    expect(err).toMatch(/missing\.txt.*ENOENT/);
  });

  it('refuses too few references, a missing --test and an unknown format with one clear line', async () => {
    expect((await station('sig', 'score', '--enrol', f(16, 1), '--test', f(16, 2))).err).toMatch(/needs 2–20 reference/);
    expect((await station('sig', 'score', ...enrol)).err).toMatch(/at least one --test/);
    const r = await station('sig', 'score', ...enrol, '--test', f(16, 2), '--format', 'pdf');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/unknown --format 'pdf'/);
  });

  it('refuses the same reference given twice, and warns when a questioned signature is a copy of a reference', async () => {
    const dup = await station('sig', 'score', '--enrol', f(16, 1), f(16, 2), f(16, 1), '--test', f(16, 12));
    expect(dup.code).toBe(1);
    expect(dup.err).toMatch(/--enrol: references 1 and 3 are the same signature/);
    const copy = await station('sig', 'score', '--enrol', f(16, 1), f(16, 2), f(16, 3), '--test', f(16, 2));
    expect(copy.code).toBe(0);
    expect(copy.err).toMatch(/exact copy of reference .*U16S2\.TXT/);
  });

  it('refuses an unreadable reference instead of scoring against fewer', async () => {
    const r = await station('sig', 'score', '--enrol', f(16, 1), f(16, 2), 'nope.txt', '--test', f(16, 12));
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/nope\.txt/);
  });
});

describe.skipIf(!TASK2)('station sig report', () => {
  it('writes a valid PDF (qpdf --check) and an HTML page that show the score and the provenance', async () => {
    const out = join(work, 'out', 'report.pdf');
    const document = join(work, 'signed.pdf');
    writeFileSync(document, '%PDF-1.7 stand-in for the signed document\n');
    const r = await station('sig', 'report', '--enrol', f(17, 1), f(17, 2), f(17, 3), f(17, 4), '--questioned', f(17, 25), '--out', out, '--document', document);
    expect(r.code, r.err).toBe(0);
    expect(existsSync(out) && existsSync(join(work, 'out', 'report.html'))).toBe(true);
    execFileSync('qpdf', ['--check', out]);
    const text = execFileSync('pdftotext', [out, '-']).toString();
    expect(text).toMatch(/Score -?\d+\.\d\d \(threshold -?\d+\.\d\d\)/);
    expect(text).toMatch(/Provenance/);
    expect(text).toMatch(/U17S25\.TXT/);
    const html = readFileSync(join(work, 'out', 'report.html'), 'utf8');
    expect(html).toContain('<svg');
    expect(html).toMatch(/SHA-256 <code>[0-9a-f]{64}<\/code>/);
    expect(html).not.toMatch(/<script/i);
  });

  it('shows the document revision a questioned signature from a signed PDF is sealed to', async () => {
    const record = await readSvc2004File(f(17, 13));
    writeFileSync(join(work, 'disputed.samples.json'), JSON.stringify({ binding: { documentSha256: '0123456789abcdef'.repeat(4), fieldName: 'Signature1', sealedAt: '2026-11-20T10:00:00Z' }, record }));
    const r = await station('sig', 'report', '--enrol', f(17, 1), f(17, 2), f(17, 3), '--questioned', 'disputed.samples.json', '--out', 'disputed.pdf');
    expect(r.code, r.err).toBe(0);
    const html = readFileSync(join(work, 'disputed.html'), 'utf8');
    expect(html).toContain(`sealed in document revision <code>${'0123456789abcdef'.repeat(4)}</code>, field Signature1`);
    expect(execFileSync('pdftotext', [join(work, 'disputed.pdf'), '-']).toString().replace(/\s+/g, ' ')).toContain(`Document revision sealed with the questioned signature (field Signature1) SHA-256 ${'0123456789abcdef'.repeat(4)}`);
  });

  it('escapes file names in the HTML', async () => {
    const odd = join(work, '<i>odd&.txt');
    writeFileSync(odd, readFileSync(f(17, 12)));
    const r = await station('sig', 'report', '--enrol', f(17, 1), f(17, 2), f(17, 3), '--questioned', '<i>odd&.txt', '--out', 'odd.pdf');
    expect(r.code, r.err).toBe(0);
    const html = readFileSync(join(work, 'odd.html'), 'utf8');
    expect(html).toContain('&lt;i&gt;odd&amp;.txt');
    expect(html).not.toContain('<i>odd');
  });
});
