import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * How a webhook proves it came from the station (documented in docs/openapi.yaml):
 *   Signing-Station-Timestamp: <unix seconds>
 *   Signing-Station-Signature: v1=<hex HMAC-SHA256(secret, timestamp + "." + body)>
 * The timestamp is inside the MAC, so a captured request cannot be replayed outside the receiver's
 * window (300 s by default) and a body cannot be moved to another time.
 */
export const timestampHeader = 'signing-station-timestamp';
export const signatureHeader = 'signing-station-signature';
export const deliveryHeader = 'signing-station-delivery';
export const defaultToleranceSeconds = 300;

export function signWebhook(secret: string, timestamp: number, body: string | Uint8Array): string {
  const mac = createHmac('sha256', secret);
  mac.update(`${timestamp}.`);
  mac.update(body);
  return `v1=${mac.digest('hex')}`;
}

export type WebhookVerdict = { ok: true } | { ok: false; reason: string };

/** For receivers (and the tests that act as one): checks the signature and the replay window. */
export function verifyWebhook(input: {
  secret: string;
  timestamp: string | undefined | null;
  signature: string | undefined | null;
  body: string | Uint8Array;
  nowSeconds?: number;
  toleranceSeconds?: number;
}): WebhookVerdict {
  const { secret, timestamp, signature, body } = input;
  if (!timestamp || !/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'missing or malformed timestamp' };
  if (!signature) return { ok: false, reason: 'missing signature' };
  const now = input.nowSeconds ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - Number(timestamp)) > (input.toleranceSeconds ?? defaultToleranceSeconds)) {
    return { ok: false, reason: 'timestamp outside the replay window' };
  }
  const expected = Buffer.from(signWebhook(secret, Number(timestamp), body));
  // Several v1= values may be sent during a secret rotation; any one matching is enough.
  for (const candidate of signature.split(/\s*,\s*/)) {
    const given = Buffer.from(candidate);
    if (given.length === expected.length && timingSafeEqual(given, expected)) return { ok: true };
  }
  return { ok: false, reason: 'signature does not match' };
}
