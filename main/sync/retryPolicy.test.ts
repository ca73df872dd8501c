import { describe, expect, it } from 'vitest';
import { backoffDelay, sleep } from './retryPolicy';

describe('backoff with full jitter', () => {
  it('grows exponentially up to the cap, and jitter spans [0, ceiling)', () => {
    const policy = { baseMs: 100, maxMs: 1000 };
    expect([0, 1, 2, 3, 4, 10].map((a) => backoffDelay(a, policy, () => 0.999999))).toEqual([99, 199, 399, 799, 999, 999]);
    expect(backoffDelay(5, policy, () => 0)).toBe(0);
    const spread = new Set(Array.from({ length: 200 }, () => backoffDelay(3, policy)));
    expect(spread.size).toBeGreaterThan(50);
    for (const d of spread) expect(d).toBeLessThan(800);
  });

  it('sleep ends early when aborted', async () => {
    const abort = new AbortController();
    const pending = sleep(60_000, abort.signal);
    abort.abort();
    expect(await pending).toBe(false);
    expect(await sleep(1)).toBe(true);
  });
});
