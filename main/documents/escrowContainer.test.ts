import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { BiometricRecord } from '../pen/biometricRecord';
import { canonicalJson, EscrowError, openEscrowContainer, parseEscrowContainer, sealEscrowContainer, type EscrowBinding } from './escrowContainer';

const record: BiometricRecord = {
  device: { source: 'simulated', profile: 'test', xRange: [0, 1000], yRange: [0, 500], pressureRange: [0, 1023] },
  samples: [
    { t: 0, x: 10, y: 20, pressure: 300, nx: 0.01, ny: 0.04, np: 0.29, inRange: true, tip: true, buttons: 0 },
    { t: 5, x: 12, y: 22, pressure: 500, nx: 0.012, ny: 0.044, np: 0.49, inRange: true, tip: true, buttons: 0 },
    { t: 10, x: 14, y: 25, pressure: 0, nx: 0.014, ny: 0.05, np: 0, inRange: true, tip: false, buttons: 0 },
  ],
  gaps: [{ fromT: 6, toT: 8, reason: 'reports-lost', lostReports: 2 }],
  capturedAt: '2026-11-26T05:00:00.000Z',
};
const binding: EscrowBinding = { documentSha256: 'a'.repeat(64), documentLength: 1234, inkSha256: 'b'.repeat(64), fieldName: 'Signature1', sealedAt: '2026-11-26T05:00:01.000Z' };

const pem = (k: KeyObject, type: 'spki' | 'pkcs8') => k.export({ type, format: 'pem' } as never) as unknown as string;
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ec = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });

describe('biometric escrow container', () => {
  for (const [name, pair] of [['RSA-OAEP-256', rsa], ['ECDH P-256', ec]] as const) {
    it(`${name}: the escrow holder gets back exactly what was sealed`, () => {
      const sealed = sealEscrowContainer({ iso19794_7: 'AAEC', record }, binding, pem(pair.publicKey, 'spki'));
      expect(Buffer.from(sealed).toString('utf8')).not.toContain('"samples"');
      const { header, payload } = openEscrowContainer(sealed, pem(pair.privateKey, 'pkcs8'));
      expect(payload.record).toEqual(record);
      expect(payload.iso19794_7).toBe('AAEC');
      expect(header.binding).toEqual(binding);
    });
  }

  it('a wrong private key is refused with a clear message naming both keys', () => {
    const sealed = sealEscrowContainer({ iso19794_7: null, record }, binding, pem(rsa.publicKey, 'spki'));
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
    expect(() => openEscrowContainer(sealed, pem(other.privateKey, 'pkcs8'))).toThrow(/does not open the container.*sealed for escrow key/);
  });

  it('moving the container to another document (editing its binding) makes decryption fail', () => {
    const sealed = sealEscrowContainer({ iso19794_7: null, record }, binding, pem(rsa.publicKey, 'spki'));
    const c = parseEscrowContainer(sealed);
    c.header.binding.documentSha256 = 'c'.repeat(64);
    const forged = new TextEncoder().encode(JSON.stringify(c));
    expect(() => openEscrowContainer(forged, pem(rsa.privateKey, 'pkcs8'))).toThrow(EscrowError);
    expect(() => openEscrowContainer(forged, pem(rsa.privateKey, 'pkcs8'))).toThrow(/altered/);
  });

  it('a tag cut to 4 bytes is refused (a 32-bit tag could be forged by trying), as is a missing one', () => {
    const sealed = sealEscrowContainer({ iso19794_7: null, record }, binding, pem(rsa.publicKey, 'spki'));
    const c = parseEscrowContainer(sealed);
    expect(Buffer.from(c.tag, 'base64')).toHaveLength(16);
    const cut = (bytes: number) => new TextEncoder().encode(JSON.stringify({ ...c, tag: Buffer.from(c.tag, 'base64').subarray(0, bytes).toString('base64') }));
    for (const bytes of [4, 8, 12, 15, 0]) {
      expect(() => openEscrowContainer(cut(bytes), pem(rsa.privateKey, 'pkcs8'))).toThrow(new RegExp(`tag is ${bytes} bytes, not 16`));
    }
  });

  it('refuses escrow keys that are too weak and input that is not a container', () => {
    const weak = generateKeyPairSync('rsa', { modulusLength: 1024 });
    expect(() => sealEscrowContainer({ iso19794_7: null, record }, binding, pem(weak.publicKey, 'spki'))).toThrow(/at least 2048/);
    expect(() => parseEscrowContainer(new TextEncoder().encode('{"a":1}'))).toThrow(/not a Signing Station biometric container/);
    expect(() => parseEscrowContainer(new TextEncoder().encode('garbage'))).toThrow(/not valid JSON/);
  });

  it('canonical JSON sorts keys at every level (the authenticated header bytes are reproducible)', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { f: 1, e: 0 }], c: 'x' } })).toBe('{"a":{"c":"x","d":[2,{"e":0,"f":1}]},"b":1}');
  });
});
