/**
 * A token bucket per key (an integration's token id, or a client address before authentication):
 * `perMinute` requests a minute on average, bursts up to `burst`. Buckets idle for long are dropped
 * so that a scan with many addresses cannot grow the map without bound.
 */
export interface RateLimiter {
  /** Takes one request from the key's bucket; returns 0 when allowed, else seconds until the next is. */
  take(key: string): number;
}

export function createRateLimiter(options: { perMinute: number; burst?: number; now?: () => number; maxKeys?: number }): RateLimiter {
  const now = options.now ?? (() => Date.now());
  const ratePerMs = options.perMinute / 60_000;
  const burst = Math.max(1, options.burst ?? Math.ceil(options.perMinute / 6));
  const maxKeys = options.maxKeys ?? 10_000;
  const buckets = new Map<string, { tokens: number; at: number }>();

  return {
    take(key) {
      const t = now();
      let b = buckets.get(key);
      if (!b) {
        if (buckets.size >= maxKeys) {
          // Drop full (idle) buckets first; they hold no information.
          for (const [k, v] of buckets) if (v.tokens + (t - v.at) * ratePerMs >= burst) buckets.delete(k);
          if (buckets.size >= maxKeys) buckets.delete(buckets.keys().next().value as string);
        }
        b = { tokens: burst, at: t };
        buckets.set(key, b);
      }
      b.tokens = Math.min(burst, b.tokens + (t - b.at) * ratePerMs);
      b.at = t;
      if (b.tokens >= 1) {
        b.tokens -= 1;
        return 0;
      }
      return Math.max(1, Math.ceil((1 - b.tokens) / ratePerMs / 1000));
    },
  };
}
