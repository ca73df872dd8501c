import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import type { DeskAccounts, DeskSignInResult } from './deskAccounts';

/**
 * The one built-in account of a demo or training station ('demo', role teller), so the README's
 * two commands reach a usable station. Only composed while station.tenant is 'demo', which also
 * means self-signed demo seal keys: never a production configuration. The PIN is kept only as a
 * scrypt hash and failed attempts are throttled like real accounts, so the demo does not teach
 * habits the product does not have.
 */
export function createDemoDeskAccounts(options: { pin: string; now?: () => number; maxFailures?: number }): DeskAccounts {
  const salt = randomBytes(16);
  // Low cost on purpose: this runs at every start of a demo station; real accounts use their own parameters.
  const hash = (secret: string) => scryptSync(secret.normalize('NFC'), salt, 32, { N: 1 << 14, r: 8, p: 1 });
  const expected = hash(options.pin);
  const now = options.now ?? Date.now;
  const maxFailures = options.maxFailures ?? 5;
  let failures = 0;
  let blockedUntil = 0;

  return {
    hint: { kind: 'demo', username: 'demo', pin: options.pin },
    signIn(username, secret): DeskSignInResult {
      const t = now();
      if (t < blockedUntil) return { ok: false, reason: 'throttled', retryAfterMs: blockedUntil - t };
      // Hash even for an unknown user name, so timing does not tell which part was wrong.
      const matches = timingSafeEqual(hash(secret), expected) && username.trim().toLowerCase() === 'demo';
      if (matches) {
        failures = 0;
        return { ok: true, account: { id: 'demo', username: 'demo', role: 'teller' } };
      }
      failures++;
      if (failures >= maxFailures) {
        // 30 s after five failures, doubling with each further one, at most 15 minutes.
        blockedUntil = t + Math.min(15 * 60_000, 30_000 * 2 ** (failures - maxFailures));
        return { ok: false, reason: 'throttled', retryAfterMs: blockedUntil - t };
      }
      return { ok: false, reason: 'refused' };
    },
  };
}
