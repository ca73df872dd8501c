import { createHash, createPrivateKey, sign as nodeSign, type KeyObject } from 'node:crypto';

/** How a sealer's signature value is computed; names match the CMS signature algorithm written. */
export type SealAlgorithm = 'rsa-pkcs1-sha256' | 'ecdsa-sha256';

/**
 * The key that applies the PAdES seal. The PDF code only ever asks it to sign the DER of the CMS
 * signed attributes, so the key can live anywhere: a local PKCS#12 file, an OS keystore, AWS KMS.
 */
export interface Sealer {
  /** DER X.509 certificate of the sealing key. */
  certificate: Uint8Array;
  /** Intermediate certificates (DER) to embed, leaf excluded. */
  chain: Uint8Array[];
  algorithm: SealAlgorithm;
  /** A self-signed demonstration certificate: verifiers will not trust it and the station says so. */
  demo: boolean;
  /** Human description for logs and doctor ("local PKCS#12 /path", "AWS KMS arn:…"). */
  description: string;
  /** Signs `data` (hashing with SHA-256 as the algorithm says) and returns the raw signature value. */
  sign(data: Uint8Array): Promise<Uint8Array>;
}

/** A sealer backed by a private key held in this process (from PKCS#12 or PEM). */
export class LocalKeySealer implements Sealer {
  readonly algorithm: SealAlgorithm;
  private readonly key: KeyObject;

  constructor(privateKey: KeyObject | string, readonly certificate: Uint8Array, readonly chain: Uint8Array[], readonly description: string, readonly demo = false) {
    this.key = typeof privateKey === 'string' ? createPrivateKey(privateKey) : privateKey;
    const type = this.key.asymmetricKeyType;
    if (type === 'rsa') this.algorithm = 'rsa-pkcs1-sha256';
    else if (type === 'ec') this.algorithm = 'ecdsa-sha256';
    else throw new Error(`sealing key type ${type} is not supported (use RSA or EC P-256)`);
  }

  async sign(data: Uint8Array): Promise<Uint8Array> {
    return new Uint8Array(nodeSign('sha256', data, this.key));
  }
}

const KMS_RAW_LIMIT = 4096;

/** The subset of the AWS KMS client the KMS sealer uses (so tests can point it at moto). */
export interface KmsSignClient {
  send(command: unknown): Promise<{ Signature?: Uint8Array }>;
}

/**
 * A sealer whose key never leaves AWS KMS: the station sends the data to sign (the CMS signed
 * attributes) and receives the signature. The certificate for the KMS key is issued outside the station.
 */
export class KmsSealer implements Sealer {
  readonly demo = false;
  readonly description: string;

  constructor(
    private readonly client: KmsSignClient,
    private readonly keyId: string,
    readonly certificate: Uint8Array,
    readonly chain: Uint8Array[],
    readonly algorithm: SealAlgorithm,
    private readonly makeSignCommand: (input: { KeyId: string; Message: Uint8Array; MessageType: 'RAW' | 'DIGEST'; SigningAlgorithm: string }) => unknown,
  ) {
    this.description = `AWS KMS key ${keyId}`;
  }

  async sign(data: Uint8Array): Promise<Uint8Array> {
    // KMS hashes RAW messages of up to 4096 bytes itself; CMS signed attributes are a few hundred
    // bytes, so RAW is the normal path (moto, the test stand-in for KMS, also mishandles DIGEST).
    const raw = data.length <= KMS_RAW_LIMIT;
    const out = await this.client.send(this.makeSignCommand({
      KeyId: this.keyId,
      Message: raw ? data : new Uint8Array(createHash('sha256').update(data).digest()),
      MessageType: raw ? 'RAW' : 'DIGEST',
      SigningAlgorithm: this.algorithm === 'rsa-pkcs1-sha256' ? 'RSASSA_PKCS1_V1_5_SHA_256' : 'ECDSA_SHA_256',
    }));
    if (!out.Signature) throw new Error(`AWS KMS returned no signature for ${this.keyId}`);
    return new Uint8Array(out.Signature);
  }
}
