import {
  createCipheriv, createDecipheriv, createHash, createPrivateKey, createPublicKey, diffieHellman, generateKeyPairSync,
  hkdfSync, privateDecrypt, publicEncrypt, randomBytes, constants, type KeyObject,
} from 'node:crypto';
import { deflateSync, inflateSync } from 'node:zlib';
import type { BiometricRecord } from '../pen/biometricRecord';
import { escrowKeyIdOf } from './sealingCredentials';

/**
 * The sealed biometric container (format documented in docs/biometric-container.md).
 *
 * Hybrid encryption: a fresh AES-256-GCM key per container, wrapped for the escrow holder's public
 * key with RSA-OAEP-256 or ECDH-ES P-256 + HKDF-SHA-256. The clear header binds the container to one
 * document revision and one ink drawing; it is authenticated as GCM additional data, so a changed
 * binding makes decryption fail, and the PAdES seal covers the whole container inside the PDF.
 */
export const ESCROW_FORMAT = 'signing-station/biometric-escrow';
export const ESCROW_VERSION = 1;
const HKDF_INFO = 'signing-station biometric escrow v1';
/** AES-GCM's full tag; the only length this format writes or accepts. */
const GCM_TAG_BYTES = 16;
/** A container larger than this is refused before decryption (a 10-minute capture at 1 kHz is far below). */
const MAX_CONTAINER_BYTES = 64 * 1024 * 1024;

export interface EscrowBinding {
  /** SHA-256 (hex) of the exact bytes of the document revision that was signed (everything before the update). */
  documentSha256: string;
  documentLength: number;
  /** SHA-256 (hex) of the decoded content of the ink appearance stream drawn for this signature. */
  inkSha256: string;
  fieldName: string;
  sealedAt: string;
}

export interface EscrowRecipient {
  /** SHA-256 (hex) of the escrow public key's SubjectPublicKeyInfo DER. */
  keyId: string;
  keyTransport: 'RSA-OAEP-256' | 'ECDH-ES-P256-HKDF-SHA256';
  /** RSA: the wrapped AES key. ECDH: absent. */
  encryptedKey?: string;
  /** ECDH: the ephemeral public key (SPKI DER, base64). */
  ephemeralPublicKey?: string;
}

export interface EscrowHeader {
  format: typeof ESCROW_FORMAT;
  version: typeof ESCROW_VERSION;
  binding: EscrowBinding;
  recipient: EscrowRecipient;
  cipher: 'AES-256-GCM';
  /** What the plaintext is, so an examiner's tool knows before decrypting. */
  content: 'application/json+deflate';
}

export interface EscrowContainer {
  header: EscrowHeader;
  iv: string;
  ciphertext: string;
  tag: string;
}

/** What the examiner gets back. */
export interface EscrowPayload {
  /** ISO/IEC 19794-7 record (base64), or null when the station had no encoder. */
  iso19794_7: string | null;
  /** Why the ISO record is missing, when it is. */
  iso19794_7Error?: string;
  /** All raw samples, hover included, with device provenance and capture gaps. */
  record: BiometricRecord;
}

export class EscrowError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EscrowError';
  }
}

/** JSON with keys sorted at every level and no spaces: the exact bytes authenticated as GCM AAD. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');

/** RSA key transport: the CEK wrapped with RSA-OAEP (SHA-256, MGF1-SHA-256). */
function wrapKeyRsa(cek: Buffer, publicKeyPem: string): EscrowRecipient {
  const pub = createPublicKey(publicKeyPem);
  if (pub.asymmetricKeyType !== 'rsa') throw new EscrowError(`the escrow key must be RSA or EC P-256, got ${pub.asymmetricKeyType}`);
  const bits = pub.asymmetricKeyDetails?.modulusLength ?? 0;
  if (bits < 2048) throw new EscrowError(`the escrow RSA key has ${bits} bits; at least 2048 are required`);
  const wrapped = publicEncrypt({ key: pub, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, cek);
  return { keyId: escrowKeyIdOf(publicKeyPem), keyTransport: 'RSA-OAEP-256', encryptedKey: b64(wrapped) };
}

function deriveEcdhKey(privateKey: KeyObject, publicKey: KeyObject, keyId: string): Buffer {
  const shared = diffieHellman({ privateKey, publicKey });
  return Buffer.from(hkdfSync('sha256', shared, Buffer.from(keyId, 'hex'), HKDF_INFO, 32));
}

/** Encrypts the payload for the escrow holder, bound to one document revision and one ink drawing. */
export function sealEscrowContainer(payload: EscrowPayload, binding: EscrowBinding, escrowPublicKeyPem: string): Uint8Array {
  const pub = createPublicKey(escrowPublicKeyPem);
  let cek: Buffer;
  let recipient: EscrowRecipient;
  if (pub.asymmetricKeyType === 'ec') {
    if (pub.asymmetricKeyDetails?.namedCurve !== 'prime256v1') throw new EscrowError('the escrow EC key must be on curve P-256');
    const eph = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const keyId = escrowKeyIdOf(escrowPublicKeyPem);
    cek = deriveEcdhKey(eph.privateKey, pub, keyId);
    recipient = { keyId, keyTransport: 'ECDH-ES-P256-HKDF-SHA256', ephemeralPublicKey: b64(eph.publicKey.export({ type: 'spki', format: 'der' })) };
  } else {
    cek = randomBytes(32);
    recipient = wrapKeyRsa(cek, escrowPublicKeyPem);
  }
  const header: EscrowHeader = { format: ESCROW_FORMAT, version: ESCROW_VERSION, binding, recipient, cipher: 'AES-256-GCM', content: 'application/json+deflate' };
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', cek, iv, { authTagLength: GCM_TAG_BYTES });
  cipher.setAAD(Buffer.from(canonicalJson(header), 'utf8'));
  const plain = deflateSync(Buffer.from(JSON.stringify(payload), 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plain), cipher.final()]);
  cek.fill(0);
  const container: EscrowContainer = { header, iv: b64(iv), ciphertext: b64(ciphertext), tag: b64(cipher.getAuthTag()) };
  return new Uint8Array(Buffer.from(JSON.stringify(container), 'utf8'));
}

/** Parses a container's clear part without decrypting (verify uses this: no key needed to check the binding). */
export function parseEscrowContainer(bytes: Uint8Array): EscrowContainer {
  if (bytes.length > MAX_CONTAINER_BYTES) throw new EscrowError('the biometric container is implausibly large');
  let c: EscrowContainer;
  try {
    c = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch {
    throw new EscrowError('the biometric container is not valid JSON');
  }
  if (c?.header?.format !== ESCROW_FORMAT) throw new EscrowError('the embedded data are not a Signing Station biometric container');
  if (c.header.version !== ESCROW_VERSION) throw new EscrowError(`biometric container version ${c.header.version} is not supported by this station`);
  if (typeof c.iv !== 'string' || typeof c.ciphertext !== 'string' || typeof c.tag !== 'string' || !c.header.binding || !c.header.recipient) {
    throw new EscrowError('the biometric container is incomplete');
  }
  return c;
}

/** Decrypts a container with the escrow holder's private key (examiner side; the station never holds this key). */
export function openEscrowContainer(bytes: Uint8Array, escrowPrivateKeyPem: string): { header: EscrowHeader; payload: EscrowPayload } {
  const c = parseEscrowContainer(bytes);
  let priv: KeyObject;
  try {
    priv = createPrivateKey(escrowPrivateKeyPem);
  } catch (err) {
    throw new EscrowError(`the escrow private key cannot be read: ${(err as Error).message}`);
  }
  const pubPem = createPublicKey(priv).export({ type: 'spki', format: 'pem' }) as string;
  const keyId = escrowKeyIdOf(pubPem);
  if (keyId !== c.header.recipient.keyId) {
    throw new EscrowError(`this private key does not open the container: it was sealed for escrow key ${c.header.recipient.keyId.slice(0, 16)}…, the key given is ${keyId.slice(0, 16)}…`);
  }
  let cek: Buffer;
  try {
    if (c.header.recipient.keyTransport === 'RSA-OAEP-256') {
      cek = privateDecrypt({ key: priv, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, Buffer.from(c.header.recipient.encryptedKey ?? '', 'base64'));
    } else if (c.header.recipient.keyTransport === 'ECDH-ES-P256-HKDF-SHA256') {
      const eph = createPublicKey({ key: Buffer.from(c.header.recipient.ephemeralPublicKey ?? '', 'base64'), format: 'der', type: 'spki' });
      cek = deriveEcdhKey(priv, eph, keyId);
    } else {
      throw new EscrowError(`unknown key transport ${String(c.header.recipient.keyTransport)}`);
    }
    // The full 16-byte tag, pinned on the decipher too: GCM would otherwise accept a tag cut to
    // 4 bytes, and a 32-bit tag can be forged by trying.
    const tag = Buffer.from(c.tag, 'base64');
    if (tag.length !== GCM_TAG_BYTES) throw new EscrowError(`the biometric container's authentication tag is ${tag.length} bytes, not ${GCM_TAG_BYTES}: it was cut or altered`);
    const decipher = createDecipheriv('aes-256-gcm', cek, Buffer.from(c.iv, 'base64'), { authTagLength: GCM_TAG_BYTES });
    decipher.setAAD(Buffer.from(canonicalJson(c.header), 'utf8'));
    decipher.setAuthTag(tag);
    const plain = Buffer.concat([decipher.update(Buffer.from(c.ciphertext, 'base64')), decipher.final()]);
    const payload = JSON.parse(inflateSync(plain, { maxOutputLength: 512 * 1024 * 1024 }).toString('utf8')) as EscrowPayload;
    return { header: c.header, payload };
  } catch (err) {
    if (err instanceof EscrowError) throw err;
    throw new EscrowError('the biometric container cannot be decrypted: it was altered, or its header does not match its contents');
  }
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
