import { createHash, randomBytes } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';

/**
 * RFC 3161 client: asks a time-stamping authority to time-stamp a signature value (PAdES B-T,
 * ETSI EN 319 142-1 5.3). The answer is checked (status, imprint, nonce) before it is embedded.
 */
export interface TimestampResult {
  /** The TimeStampToken (a CMS ContentInfo), DER. */
  token: Uint8Array;
  genTime: Date;
}

export class TimestampError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TimestampError';
  }
}

const SHA256 = '2.16.840.1.101.3.4.2.1';

export async function requestTimestamp(tsaUrl: string, data: Uint8Array, timeoutMs = 15_000): Promise<TimestampResult> {
  const imprint = createHash('sha256').update(data).digest();
  const nonce = randomBytes(8);
  nonce[0] = (nonce[0] & 0x3f) | 0x40; // positive and of fixed DER length, so tokens from one TSA have one size
  const req = new pkijs.TimeStampReq({
    version: 1,
    messageImprint: new pkijs.MessageImprint({
      hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: SHA256 }),
      hashedMessage: new asn1js.OctetString({ valueHex: imprint }),
    }),
    nonce: new asn1js.Integer({ valueHex: nonce }),
    certReq: true,
  });
  const body = new Uint8Array(req.toSchema().toBER());
  let res: Response;
  try {
    res = await fetch(tsaUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/timestamp-query' },
      body,
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    throw new TimestampError(`the time-stamping authority ${tsaUrl} cannot be reached: ${(err as Error).message}`);
  }
  if (!res.ok) throw new TimestampError(`the time-stamping authority ${tsaUrl} answered HTTP ${res.status}`);
  const raw = new Uint8Array(await res.arrayBuffer());
  let resp: pkijs.TimeStampResp;
  try {
    resp = pkijs.TimeStampResp.fromBER(raw);
  } catch {
    throw new TimestampError(`the time-stamping authority ${tsaUrl} sent an unreadable answer`);
  }
  const status = resp.status.status;
  if ((status !== 0 && status !== 1) || !resp.timeStampToken) {
    throw new TimestampError(`the time-stamping authority refused the request (status ${status})`);
  }
  const signed = new pkijs.SignedData({ schema: resp.timeStampToken.content });
  const econtent = signed.encapContentInfo.eContent;
  if (!econtent) throw new TimestampError('the time-stamp token has no TSTInfo');
  const tst = pkijs.TSTInfo.fromBER(econtent.getValue());
  const gotImprint = new Uint8Array(tst.messageImprint.hashedMessage.getValue());
  if (!Buffer.from(gotImprint).equals(imprint)) throw new TimestampError('the time-stamp token covers other data than the signature');
  const asBig = (b: Uint8Array) => BigInt('0x' + (Buffer.from(b).toString('hex') || '0'));
  if (!tst.nonce || asBig(tst.nonce.valueBlock.valueHexView) !== asBig(nonce)) {
    throw new TimestampError('the time-stamp token does not answer this request (nonce mismatch)');
  }
  return { token: new Uint8Array(resp.timeStampToken.toSchema().toBER()), genTime: tst.genTime };
}
