import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../main';
import { sharedDataPath } from '../../config/sharedData';

async function run(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env: {}, cwd: process.cwd() });
  return { code, stdout, stderr };
}

const dth = sharedDataPath('hid-descriptors/Wacom_DTH134/0003:056A:03EC.0002.hid.bin');
const capture = sharedDataPath('hid-descriptors/Wacom_PenPartner/hidrecord.txt');

describe('station hid', () => {
  it.skipIf(!dth)('describe --json prints one object with reports and pens in the documented shape', async () => {
    const { code, stdout } = await run(['hid', 'describe', dth!, '--json']);
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(Object.keys(out)).toEqual(['reports', 'pens']);
    expect(out.pens[0]).toEqual(expect.objectContaining({ reportId: 6 }));
    expect(out.pens[0].fields.x).toEqual({ bitOffset: 16, bitSize: 16, logicalMin: 0, logicalMax: 29376, physicalMin: 0, physicalMax: 29376, unit: 0x11, unitExponent: -3 });
  });

  it.skipIf(!capture)('decode --recording --json prints one sample per line', async () => {
    const { code, stdout } = await run(['hid', 'decode', '--recording', capture!, '--json']);
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(757);
    expect(Object.keys(lines[0])).toEqual(expect.arrayContaining(['t', 'x', 'y', 'pressure', 'inRange', 'tip', 'buttons']));
  });

  it.skipIf(!sharedDataPath('wacom-stu-logs'))('decode --stu-log decodes every logged sample through the STU profile', async () => {
    const { code, stdout } = await run(['hid', 'decode', '--stu-log', sharedDataPath('wacom-stu-logs/logfile1.txt')!, '--json']);
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(2322);
    expect(new Set(lines.map((l) => l.session))).toEqual(new Set([1, 2]));
  });

  it.skipIf(!dth || !capture)('describe also reads a hid-recorder capture or hex text, and refuses hid-decode text', async () => {
    const fromCapture = JSON.parse((await run(['hid', 'describe', capture!, '--json'])).stdout);
    expect(fromCapture.reports.map((r: { reportId: number }) => r.reportId)).toEqual([1, 2, 99]);
    const dir = mkdtempSync(join(tmpdir(), 'hid-describe-'));
    try {
      const hex = join(dir, 'd.hex');
      writeFileSync(hex, [...readFileSync(dth!)].map((b) => b.toString(16).padStart(2, '0')).join(' ') + '\n');
      const a = JSON.parse((await run(['hid', 'describe', hex, '--json'])).stdout);
      const b = JSON.parse((await run(['hid', 'describe', dth!, '--json'])).stdout);
      expect(a).toEqual(b);
      const txt = dth!.replace('Wacom_DTH134/0003:056A:03EC.0002.hid.bin', 'Wacom_One_13/0003:056A:03CB.0001.hid.txt');
      const refused = await run(['hid', 'describe', txt]);
      expect([refused.code, refused.stderr]).toEqual([1, expect.stringMatching(/hid-decode text.*\.hid\.bin/)]);
      const empty = join(dir, 'empty.bin');
      writeFileSync(empty, '');
      expect((await run(['hid', 'describe', empty])).stderr).toMatch(/empty/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses missing or wrong files with one clear line', async () => {
    const missing = await run(['hid', 'describe', '/nonexistent/descriptor.bin']);
    expect([missing.code, missing.stderr]).toEqual([1, 'station hid describe: cannot read /nonexistent/descriptor.bin: ENOENT\n']);
    const notCapture = await run(['hid', 'decode', '--recording', 'package.json']);
    expect(notCapture.code).toBe(1);
    expect(notCapture.stderr).toMatch(/holds no input reports/);
    expect((await run(['hid', 'decode', '--recording', 'x', '--profile', 'nope'])).stderr).toMatch(/unknown profile/);
  });

  it('record --simulated writes a hid-recorder capture that decode reads back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hid-record-'));
    try {
      const file = join(dir, 'capture.txt');
      const rec = await run(['hid', 'record', '--simulated', '--duration', '0.3', '--out', file]);
      expect(rec.code).toBe(0);
      const text = readFileSync(file, 'utf8');
      expect(text).toMatch(/^I: 3 056a 00a5$/m);
      const reports = text.split('\n').filter((l) => l.startsWith('E: ')).length;
      expect(reports).toBeGreaterThan(10);
      const dec = await run(['hid', 'decode', '--recording', file, '--json']);
      expect(dec.code).toBe(0);
      expect(dec.stdout.trim().split('\n')).toHaveLength(reports);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('watch --simulated prints decoded samples live', async () => {
    const out = await run(['hid', 'watch', '--simulated', '--duration', '0.3']);
    expect(out.code).toBe(0);
    const lines = out.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.length).toBeGreaterThan(10);
    expect(lines[0]).toEqual(expect.objectContaining({ t: expect.any(Number), x: expect.any(Number), tip: expect.any(Boolean) }));
    expect(out.stderr).toMatch(/profile wacom-stu/);
  });

  it('record refuses bad options', async () => {
    expect((await run(['hid', 'record', '--duration', '-1'])).code).toBe(2);
    expect((await run(['hid', 'record', '--device', 'nope'])).code).toBe(2);
  });

  it('list runs on a machine without pens', async () => {
    const out = await run(['hid', 'list', '--json']);
    expect(out.code).toBe(0);
    expect(Array.isArray(JSON.parse(out.stdout))).toBe(true);
  });
});
