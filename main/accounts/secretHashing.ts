import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/**
 * Password and PIN hashing with scrypt (memory-hard, in Node's crypto: no native add-on).
 * Stored as `scrypt$<logN>$<r>$<p>$<salt b64>$<hash b64>` so the cost can be raised later and old
 * hashes still verify. Cost 2^15 × 8 × 1 ≈ 32 MiB and ~50–100 ms per check: cheap for one sign-in,
 * ruinous for guessing a stolen database. PINs have little entropy, so the throttling in
 * accountService is what protects them online; the hash protects them offline.
 */
export interface ScryptCost {
  logN: number;
  r: number;
  p: number;
}

export const defaultScryptCost: ScryptCost = { logN: 15, r: 8, p: 1 };
const keyLength = 32;

function derive(secret: string, salt: Buffer, cost: ScryptCost): Promise<Buffer> {
  const N = 2 ** cost.logN;
  return new Promise((resolve, reject) =>
    scrypt(secret.normalize('NFKC'), salt, keyLength, { N, r: cost.r, p: cost.p, maxmem: 256 * N * cost.r + 1024 * 1024 }, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

export async function hashSecret(secret: string, cost: ScryptCost = defaultScryptCost): Promise<string> {
  const salt = randomBytes(16);
  const hash = await derive(secret, salt, cost);
  return ['scrypt', cost.logN, cost.r, cost.p, salt.toString('base64'), hash.toString('base64')].join('$');
}

/** True if the secret matches. A malformed stored hash verifies nothing (and does not throw). */
export async function verifySecret(secret: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [logN, r, p] = parts.slice(1, 4).map(Number);
  if (![logN, r, p].every((n) => Number.isInteger(n) && n > 0) || logN > 20) return false;
  const salt = Buffer.from(parts[4], 'base64');
  const expected = Buffer.from(parts[5], 'base64');
  if (expected.length !== keyLength) return false;
  const actual = await derive(secret, salt, { logN, r, p });
  return timingSafeEqual(actual, expected);
}

/** Does the stored hash use a weaker cost than asked (so it should be re-hashed at next sign-in)? */
export function needsRehash(stored: string, cost: ScryptCost = defaultScryptCost): boolean {
  const parts = stored.split('$');
  return parts[0] !== 'scrypt' || Number(parts[1]) < cost.logN || Number(parts[2]) < cost.r;
}
