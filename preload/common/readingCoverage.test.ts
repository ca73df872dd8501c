import { describe, expect, it } from 'vitest';
import { customerViewSchema } from './contract';
import { everyPageSeen } from './readingCoverage';

describe('reading coverage in the contract', () => {
  it('is complete only when every page was seen whole', () => {
    expect(everyPageSeen([1, 2, 3], 3)).toBe(true);
    expect(everyPageSeen([3, 1, 2, 2], 3)).toBe(true);
    expect(everyPageSeen([1, 3], 3)).toBe(false);
    expect(everyPageSeen([3], 3)).toBe(false);
    expect(everyPageSeen(undefined, 1)).toBe(false);
    expect(everyPageSeen([], 1)).toBe(false);
  });

  it('customer.view carries the pages seen; the window no longer claims "reached the end"', () => {
    const parsed = customerViewSchema.parse({ page: 3, scrollFraction: 1, zoom: 1, reachedEnd: true, pagesSeen: [1, 2, 3], scrollLeftFraction: 0.5 });
    expect(parsed.pagesSeen).toEqual([1, 2, 3]);
    expect(parsed.scrollLeftFraction).toBe(0.5);
    expect('reachedEnd' in parsed).toBe(false);
    expect(() => customerViewSchema.parse({ page: 1, scrollFraction: 0, zoom: 1, pagesSeen: [0] })).toThrow();
  });
});
