import { generateKeyPairSync, randomBytes, verify, X509Certificate } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreateKeyCommand, GetPublicKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import forge from 'node-forge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kmsForTests } from '../../test/support/moto';
import { stationConfigSchema } from '../config/stationConfigSchema';
import { closePdfParser } from './inspectPdf';
import type { Sealer } from './sealer';
import { loadOrCreateSealingCredentials } from './sealingCredentials';
import { signPdf } from './signPdf';
import { verifyPdf } from './verifyPdf';
import { corpusFiles, demoCredentials, haveCorpus, pdfsig, svcRecord, tempDir } from '../../test/support/documentTestKit';

/**
 * The Sealer contract, run against both implementations: the local PKCS#12 key and AWS KMS `Sign`
 * (moto's KMS server started by the test run — AWS itself cannot run here). Both must produce
 * signatures that the certificate verifies and PDFs that poppler accepts.
 */
function issueCertificate(spkiDer: Uint8Array, cn: string): string {
  const ca = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const caKey = forge.pki.privateKeyFromPem(ca.privateKey.export({ type: 'pkcs1', format: 'pem' }) as string);
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromAsn1(forge.asn1.fromDer(forge.util.createBuffer(Buffer.from(spkiDer).toString('binary')))) as forge.pki.rsa.PublicKey;
  cert.serialNumber = '01' + randomBytes(8).toString('hex');
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + 86400_000);
  cert.setSubject([{ name: 'commonName', value: cn }]);
  cert.setIssuer([{ name: 'commonName', value: 'Signing Station test KMS CA' }]);
  cert.setExtensions([{ name: 'keyUsage', digitalSignature: true, nonRepudiation: true }]);
  cert.sign(caKey, forge.md.sha256.create());
  return forge.pki.certificateToPem(cert);
}

function openssl(args: string[], cwd: string) {
  execFileSync('openssl', args, { cwd, stdio: 'ignore' });
}

const sealers: { name: string; make: () => Promise<Sealer> }[] = [
  { name: 'local PKCS#12 (demo)', make: async () => demoCredentials().sealer },
  {
    name: 'local PKCS#12 made by OpenSSL 3 (PBES2 AES-256, SHA-256 MAC)',
    make: async () => {
      const dir = tempDir();
      openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'k.pem', '-out', 'c.pem', '-subj', '/CN=Bank seal from OpenSSL', '-days', '2'], dir);
      openssl(['pkcs12', '-export', '-inkey', 'k.pem', '-in', 'c.pem', '-passout', 'pass:s3cret', '-out', 'seal.p12'], dir);
      const docs = { ...stationConfigSchema.parse({}).documents, sealP12: join(dir, 'seal.p12'), sealP12Password: 's3cret' };
      return loadOrCreateSealingCredentials(dir, docs).sealer;
    },
  },
  {
    name: 'local PKCS#12 with an EC P-256 key (ECDSA, variable-length signatures)',
    make: async () => {
      const dir = tempDir();
      openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'k.pem', '-out', 'c.pem', '-subj', '/CN=EC seal', '-days', '2'], dir);
      openssl(['pkcs12', '-export', '-inkey', 'k.pem', '-in', 'c.pem', '-passout', 'pass:ec', '-out', 'seal.p12'], dir);
      const docs = { ...stationConfigSchema.parse({}).documents, sealP12: join(dir, 'seal.p12'), sealP12Password: 'ec' };
      return loadOrCreateSealingCredentials(dir, docs).sealer;
    },
  },
  {
    name: 'AWS KMS Sign (moto)',
    make: async () => {
      const kms = await kmsForTests();
      const client = new KMSClient({ endpoint: kms.endpoint, region: kms.region, credentials: kms.credentials });
      const key = await client.send(new CreateKeyCommand({ KeySpec: 'RSA_3072', KeyUsage: 'SIGN_VERIFY', Description: 'station seal test' }));
      const pub = await client.send(new GetPublicKeyCommand({ KeyId: key.KeyMetadata!.KeyId! }));
      const dir = tempDir();
      const certFile = join(dir, 'seal.pem');
      writeFileSync(certFile, issueCertificate(pub.PublicKey!, 'Signing Station KMS seal (test)'));
      const docs = { ...stationConfigSchema.parse({}).documents, sealKmsKeyId: key.KeyMetadata!.KeyId!, sealCertificate: certFile };
      return loadOrCreateSealingCredentials(dir, docs, kms).sealer;
    },
  },
];

afterAll(() => closePdfParser());

for (const { name, make } of sealers) {
  describe(`Sealer contract: ${name}`, () => {
    let sealer: Sealer;
    beforeAll(async () => {
      sealer = await make();
    });

    it('signs with SHA-256 so that its certificate verifies the signature (and not other data)', async () => {
      const data = randomBytes(300);
      const sig = await sealer.sign(data);
      const cert = new X509Certificate(Buffer.from(sealer.certificate));
      expect(sealer.algorithm).toBe(cert.publicKey.asymmetricKeyType === 'ec' ? 'ecdsa-sha256' : 'rsa-pkcs1-sha256');
      expect(verify('sha256', data, cert.publicKey, sig)).toBe(true);
      expect(verify('sha256', randomBytes(300), cert.publicKey, sig)).toBe(false);
    });

    it.skipIf(!haveCorpus)('seals a PDF that poppler and our verify accept', async () => {
      const creds = demoCredentials();
      const pdf = readFileSync(corpusFiles('ordinary').find((f) => f.includes('libre-office'))!);
      const signed = await signPdf({ pdf, record: await svcRecord('U4S1.TXT'), signer: { name: 'Contract' }, sealer, escrowPublicKeyPem: creds.escrowPublicKeyPem });
      expect(pdfsig(signed.pdf)[0]).toMatchObject({ validation: 'Signature is Valid.', total: true });
      const report = await verifyPdf(signed.pdf);
      expect(report.ok).toBe(true);
      expect(report.signatures[0].certificate?.subject).toBe(new X509Certificate(Buffer.from(sealer.certificate)).subject.replace(/\n/g, ', '));
    });
  });
}

describe('sealing credentials from configuration', () => {
  it('refuses a KMS key without its certificate, and a PKCS#12 with a wrong password, in one sentence', async () => {
    const base = stationConfigSchema.parse({}).documents;
    expect(() => loadOrCreateSealingCredentials(tempDir(), { ...base, sealKmsKeyId: 'alias/x' })).toThrow(/sealCertificate.*required/);
    const demo = demoCredentials();
    const p12 = join(demo.storageDir, 'documents', 'DEMO-seal.p12');
    expect(() => loadOrCreateSealingCredentials(tempDir(), { ...base, sealP12: p12, sealP12Password: 'wrong' })).toThrow(/cannot open the sealing PKCS#12.*wrong password/);
  });
});
