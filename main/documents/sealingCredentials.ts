import { X509Certificate, createHash, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import forge from 'node-forge';
import { KMSClient, SignCommand } from '@aws-sdk/client-kms';
import type { StationConfig } from '../config/stationConfigSchema';
import { KmsSealer, LocalKeySealer, type KmsSignClient, type Sealer } from './sealer';

export type DocumentsConfig = StationConfig['documents'];

export interface SealingCredentials {
  sealer: Sealer;
  /** SPKI PEM of the escrow holder's key that biometric containers are encrypted for. */
  escrowPublicKeyPem: string;
  /** True when the escrow key pair is the station-made demo pair (the private half sits beside the station). */
  escrowIsDemo: boolean;
  /** Where the demo escrow private key was written for the administrator (only for the demo pair). */
  escrowPrivateKeyPath?: string;
  /** Plain-language lines for `station doctor` and verify output. */
  notices: string[];
}

/** Label written into every demo certificate and file name, so nobody mistakes it for a real seal. */
export const DEMO_LABEL = 'DEMO - not for production';
const DEMO_P12_PASSWORD = 'signing-station-demo-seal';

export function demoPaths(storageDir: string) {
  return {
    sealP12: join(storageDir, 'documents', 'DEMO-seal.p12'),
    escrowPublic: join(storageDir, 'documents', 'DEMO-escrow-public.pem'),
    /** Deliberately outside the vault and the documents folder: this is for the administrator to hand over, then delete. */
    escrowPrivate: join(storageDir, 'escrow-holder', 'DEMO-escrow-private-key.pem'),
  };
}

function writePrivate(path: string, data: string | Uint8Array) {
  writeFileSync(path, data, { mode: 0o600 });
  try {
    chmodSync(path, 0o600);
  } catch {
    /* best effort on platforms without POSIX modes */
  }
}

/** Reads a PKCS#12 file into a local sealer; one clear error for a wrong password or a file without a key. */
export function sealerFromPkcs12(der: Uint8Array, password: string, description: string, demo = false): LocalKeySealer {
  let p12: forge.pkcs12.Pkcs12Pfx;
  try {
    p12 = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(forge.util.createBuffer(Buffer.from(der).toString('binary'))), password);
  } catch (err) {
    throw new Error(`cannot open the sealing PKCS#12 ${description}: ${(err as Error).message} (wrong password?)`);
  }
  const keyBags = [
    ...(p12.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag })[forge.pki.oids.pkcs8ShroudedKeyBag] ?? []),
    ...(p12.getBags({ bagType: forge.pki.oids.keyBag })[forge.pki.oids.keyBag] ?? []),
  ];
  const certBags = p12.getBags({ bagType: forge.pki.oids.certBag })[forge.pki.oids.certBag] ?? [];
  // forge decodes RSA keys itself; for others (EC P-256) it leaves the decrypted PKCS#8 structure,
  // which Node's crypto reads.
  const bag = keyBags.find((b) => b.key) ?? keyBags.find((b) => (b as { asn1?: forge.asn1.Asn1 }).asn1);
  if (!bag) throw new Error(`the sealing PKCS#12 ${description} holds no private key`);
  const keyPem = bag.key
    ? forge.pki.privateKeyToPem(bag.key)
    : (createPrivateKey({ key: Buffer.from(forge.asn1.toDer((bag as { asn1: forge.asn1.Asn1 }).asn1).getBytes(), 'binary'), format: 'der', type: 'pkcs8' }).export({ type: 'pkcs8', format: 'pem' }) as string);
  const asn1Der = (a: forge.asn1.Asn1): Uint8Array => new Uint8Array(Buffer.from(forge.asn1.toDer(a).getBytes(), 'binary'));
  const certs: Uint8Array[] = [];
  for (const b of certBags) {
    // forge parses RSA certificates; for EC ones it keeps the raw structure.
    const raw = b.cert ? forge.pki.certificateToAsn1(b.cert) : (b as { asn1?: forge.asn1.Asn1 }).asn1;
    if (raw) certs.push(asn1Der(raw));
  }
  if (certs.length === 0) throw new Error(`the sealing PKCS#12 ${description} holds no certificate`);
  const pubOfKey = createPublicKey(keyPem).export({ type: 'spki', format: 'der' });
  const leaf = certs.find((d) => Buffer.from(new X509Certificate(Buffer.from(d)).publicKey.export({ type: 'spki', format: 'der' })).equals(Buffer.from(pubOfKey)));
  if (!leaf) throw new Error(`no certificate in the sealing PKCS#12 ${description} matches its private key`);
  return new LocalKeySealer(keyPem, leaf, certs.filter((c) => c !== leaf), `local PKCS#12 ${description}`, demo);
}

function createDemoSealP12(path: string, label: string) {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 3072 });
  const fKey = forge.pki.privateKeyFromPem(privateKey.export({ type: 'pkcs1', format: 'pem' }) as string);
  const fPub = forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }) as string);
  const cert = forge.pki.createCertificate();
  cert.publicKey = fPub;
  cert.serialNumber = '01' + randomBytes(15).toString('hex');
  const now = new Date();
  cert.validity.notBefore = new Date(now.getTime() - 60_000);
  cert.validity.notAfter = new Date(now.getTime() + 10 * 365 * 86400_000);
  const attrs = [
    { name: 'commonName', value: `Signing Station demo seal (${label})` },
    { name: 'organizationName', value: DEMO_LABEL },
  ];
  cert.setSubject(attrs);
  cert.setIssuer(attrs);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, nonRepudiation: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(fKey, forge.md.sha256.create());
  const p12 = forge.pkcs12.toPkcs12Asn1(fKey, [cert], DEMO_P12_PASSWORD, { algorithm: 'aes256', friendlyName: 'Signing Station DEMO seal' });
  writePrivate(path, Buffer.from(forge.asn1.toDer(p12).getBytes(), 'binary'));
}

function createDemoEscrowPair(paths: ReturnType<typeof demoPaths>) {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 3072 });
  mkdirSync(join(paths.escrowPrivate, '..'), { recursive: true });
  writePrivate(paths.escrowPrivate, [
    '# DEMO escrow private key made by Signing Station on first use. NOT FOR PRODUCTION.',
    '# It decrypts the biometric data sealed in documents signed with the demo configuration.',
    '# Hand it to the escrow holder (notary / trusted third party) and delete it from this machine,',
    '# or configure documents.escrowPublicKey with the real escrow holder\'s public key.',
    privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
  ].join('\n'));
  writeFileSync(paths.escrowPublic, publicKey.export({ type: 'spki', format: 'pem' }) as string);
}

/** documents.escrowPublicKey may be the PEM text itself or the path of a PEM file. */
function readPemSetting(value: string, what: string): string {
  if (value.includes('-----BEGIN')) return value;
  if (!existsSync(value)) throw new Error(`${what}: file not found: ${value}`);
  return readFileSync(value, 'utf8');
}

/** SHA-256 of the escrow public key's SPKI DER, hex: names the key inside each container. */
export function escrowKeyIdOf(publicKeyPem: string): string {
  return createHash('sha256').update(createPublicKey(publicKeyPem).export({ type: 'spki', format: 'der' })).digest('hex');
}

/**
 * The sealing key and the escrow public key the station uses. With no configuration it makes a
 * self-signed demo seal and a demo escrow key pair on first use (and says so in `notices`), so that
 * `station doc sign` works out of the box; configured values always win.
 */
export function loadOrCreateSealingCredentials(
  storageDir: string,
  docs: DocumentsConfig,
  kms: { region?: string; endpoint?: string; credentials?: { accessKeyId: string; secretAccessKey: string } } = {},
): SealingCredentials {
  const paths = demoPaths(storageDir);
  const notices: string[] = [];
  let sealer: Sealer;
  if (docs.sealKmsKeyId) {
    if (!docs.sealCertificate) throw new Error('documents.sealCertificate: the certificate (PEM file) of the KMS sealing key is required with documents.sealKmsKeyId');
    const pem = readPemSetting(docs.sealCertificate, 'documents.sealCertificate');
    const der = new Uint8Array(Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(forge.pki.certificateFromPem(pem))).getBytes(), 'binary'));
    const alg = createPublicKey(pem).asymmetricKeyType === 'ec' ? 'ecdsa-sha256' : 'rsa-pkcs1-sha256';
    const client = new KMSClient({
      region: kms.region || 'eu-north-1',
      ...(kms.endpoint ? { endpoint: kms.endpoint } : {}),
      ...(kms.credentials ? { credentials: kms.credentials } : {}),
    });
    sealer = new KmsSealer(client as unknown as KmsSignClient, docs.sealKmsKeyId, der, [], alg, (input) => new SignCommand(input as never));
  } else if (docs.sealP12) {
    if (!existsSync(docs.sealP12)) throw new Error(`documents.sealP12: file not found: ${docs.sealP12}`);
    sealer = sealerFromPkcs12(readFileSync(docs.sealP12), docs.sealP12Password, docs.sealP12);
  } else {
    mkdirSync(join(paths.sealP12, '..'), { recursive: true });
    if (!existsSync(paths.sealP12)) {
      createDemoSealP12(paths.sealP12, 'self-signed');
      notices.push(`Created a self-signed DEMO sealing certificate at ${paths.sealP12}; verifiers will report its issuer as not trusted. Configure documents.sealP12 or documents.sealKmsKeyId for production.`);
    }
    sealer = sealerFromPkcs12(readFileSync(paths.sealP12), DEMO_P12_PASSWORD, paths.sealP12, true);
    notices.push('Documents are sealed with the self-signed DEMO certificate (not trusted by verifiers).');
  }
  let escrowPublicKeyPem: string;
  let escrowIsDemo = false;
  let escrowPrivateKeyPath: string | undefined;
  if (docs.escrowPublicKey) {
    escrowPublicKeyPem = readPemSetting(docs.escrowPublicKey, 'documents.escrowPublicKey');
  } else {
    mkdirSync(join(paths.escrowPublic, '..'), { recursive: true });
    if (!existsSync(paths.escrowPublic)) {
      createDemoEscrowPair(paths);
      notices.push(`Created a DEMO escrow key pair; its PRIVATE key is at ${paths.escrowPrivate} for the administrator to hand to the escrow holder — the station never reads it.`);
    }
    escrowPublicKeyPem = readFileSync(paths.escrowPublic, 'utf8');
    escrowIsDemo = true;
    escrowPrivateKeyPath = paths.escrowPrivate;
    notices.push('Biometric data are sealed for the DEMO escrow key. Configure documents.escrowPublicKey with the escrow holder\'s public key for production.');
  }
  const type = createPublicKey(escrowPublicKeyPem).asymmetricKeyType;
  if (type !== 'rsa' && type !== 'ec') throw new Error(`documents.escrowPublicKey: an RSA (≥2048 bits) or EC P-256 public key is required, got ${type}`);
  return { sealer, escrowPublicKeyPem, escrowIsDemo, escrowPrivateKeyPath, notices };
}
