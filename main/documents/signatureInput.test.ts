import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodeIso19794_7 } from '../pen/iso19794_7';
import { parseSignatureInput, SignatureInputError } from './signatureInput';
import { haveCorpus, svcDir, svcRecord } from '../../test/support/documentTestKit';

describe('signature input for headless signing', () => {
  it.skipIf(!haveCorpus)('reads SVC2004 text, ISO/IEC 19794-7 bytes and JSON records by content', async () => {
    const svc = readFileSync(join(svcDir!, 'U1S1.TXT'));
    const fromSvc = parseSignatureInput(svc, 'U1S1.dat');
    const record = await svcRecord('U1S1.TXT');
    expect(fromSvc.samples).toHaveLength(record.samples.length);
    const fromIso = parseSignatureInput(encodeIso19794_7(record), 'sig.bin');
    expect(fromIso.samples).toHaveLength(record.samples.length);
    expect(fromIso.samples.filter((s) => s.tip)).toHaveLength(record.samples.filter((s) => s.tip).length);
    const fromJson = parseSignatureInput(new TextEncoder().encode(JSON.stringify(record)), 'sig.json');
    expect(fromJson).toEqual(record);
  });

  it('a bare array of samples gets a device from their ranges and pen-down from pressure', () => {
    const rec = parseSignatureInput(new TextEncoder().encode(JSON.stringify([
      { t: 0, x: 100, y: 50, pressure: 200 }, { t: 10, x: 300, y: 150, pressure: 0 }, { t: 20, x: 200, y: 100, pressure: 400 },
    ])), 'pointer.json');
    expect(rec.device.xRange).toEqual([100, 300]);
    expect(rec.samples.map((s) => s.tip)).toEqual([true, false, true]);
    expect(rec.samples[1]).toMatchObject({ nx: 1, ny: 1, np: 0 });
    expect(rec.samples[2].np).toBe(1);
  });

  it('refuses what is not a signature with one message naming the file', () => {
    const bad = (text: string | Uint8Array, name: string) => () => parseSignatureInput(typeof text === 'string' ? new TextEncoder().encode(text) : text, name);
    expect(bad('', 'empty.txt')).toThrow(/empty\.txt: the file is empty/);
    expect(bad('%PDF-1.7 not a signature', 'doc.pdf')).toThrow(SignatureInputError);
    expect(bad('{"samples": []}', 's.json')).toThrow(/no samples/);
    expect(bad('[{"t": 0, "x": "a", "y": 1}]', 's.json')).toThrow(/sample 0 lacks numeric t, x and y/);
    expect(bad('{broken', 's.json')).toThrow(/invalid JSON/);
    expect(bad(new Uint8Array([0x53, 0x44, 0x49, 0, 1, 2]), 'x.iso')).toThrow(/not a readable ISO\/IEC 19794-7 record/);
  });
});
