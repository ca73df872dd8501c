import { describe, expect, it } from 'vitest';
import { createPdfDocumentCache } from './pdfDocumentCache';

/** A cache over fake documents that count how often each was opened and destroyed. */
function cacheUnderTest(failFirst = false) {
  const opened: string[] = [];
  const destroyed: string[] = [];
  const cache = createPdfDocumentCache(async (id: string) => {
    opened.push(id);
    if (failFirst && opened.length === 1) throw new Error('the station is unreachable');
    return { id, destroy: async () => void destroyed.push(id) };
  });
  return { cache, opened, destroyed, settle: () => new Promise((r) => setTimeout(r, 0)) };
}

describe("a window's pdf.js documents", () => {
  it('opens a document once for every view that shows it', async () => {
    const { cache, opened } = cacheUnderTest();
    const reading = cache.hold('doc-1');
    const pad = cache.hold('doc-1');
    expect(await reading.doc).toBe(await pad.doc);
    expect(opened).toEqual(['doc-1']);
  });

  it('destroys and forgets it when the last holder lets go, and not before', async () => {
    const { cache, destroyed, settle } = cacheUnderTest();
    const screen = cache.hold('doc-1');
    const reading = cache.hold('doc-1');
    reading.release();
    reading.release(); // twice is once
    await settle();
    expect(destroyed).toEqual([]);
    expect(cache.heldIds()).toEqual(['doc-1']);
    screen.release();
    await settle();
    expect(destroyed).toEqual(['doc-1']);
    expect(cache.heldIds()).toEqual([]);
  });

  it("leaves nothing of one customer's document for the next", async () => {
    const { cache, opened, destroyed, settle } = cacheUnderTest();
    const first = cache.hold('customer-a');
    await first.doc;
    first.release();
    const next = cache.hold('customer-b');
    await next.doc;
    await settle();
    expect(destroyed).toEqual(['customer-a']);
    expect(cache.heldIds()).toEqual(['customer-b']);
    // Sent again later: fetched and opened anew, not the destroyed copy.
    const again = cache.hold('customer-a');
    await again.doc;
    expect(opened).toEqual(['customer-a', 'customer-b', 'customer-a']);
  });

  it('keeps no failed load: the next holder tries again', async () => {
    const { cache, opened, settle } = cacheUnderTest(true);
    const failed = cache.hold('doc-1');
    await expect(failed.doc).rejects.toThrow(/unreachable/);
    await settle();
    expect(cache.heldIds()).toEqual([]);
    failed.release();
    expect(await cache.hold('doc-1').doc).toMatchObject({ id: 'doc-1' });
    expect(opened).toEqual(['doc-1', 'doc-1']);
  });
});

describe('the cache tells when a document is gone', () => {
  it('calls back once it is destroyed', async () => {
    const gone: string[] = [];
    const cache = createPdfDocumentCache(async (id: string) => ({ destroy: async () => undefined, id }), (id) => gone.push(id));
    const held = cache.hold('doc-1');
    await held.doc;
    expect(gone).toEqual([]);
    held.release();
    await new Promise((r) => setTimeout(r, 0));
    expect(gone).toEqual(['doc-1']);
  });
});
