import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readBoundedBody, readRequestBody } from './readRequestBody';

/** A request body arriving in the given chunks (a stream is all the reader sees of a request). */
const bodyOf = (chunks: Buffer[], headers: Record<string, string> = {}) => Object.assign(Readable.from(chunks, { objectMode: false }), { headers }) as unknown as IncomingMessage;

describe('bounded request body', () => {
  it('returns the whole body within the limit', async () => {
    const read = await readBoundedBody(bodyOf([Buffer.from('abc'), Buffer.from('def')]), { maxBytes: 6, whenOver: 'pause' });
    expect(read.over).toBeUndefined();
    expect(read.over ? '' : read.body.toString()).toBe('abcdef');
  });

  it('settles as soon as the limit is passed, keeping only the head', async () => {
    const read = await readBoundedBody(bodyOf([Buffer.from('0123456789'), Buffer.alloc(1000)]), {
      maxBytes: 10_000,
      limitFromHead: { bytes: 4, limit: (head) => (head.toString() === '0123' ? 12 : 10_000) },
      whenOver: 'drain',
    });
    expect(read.over).toEqual({ limit: 12, head: Buffer.from('0123') });
  });

  it('the API reader refuses an oversized body, declared or not, as payload-too-large', async () => {
    await expect(readRequestBody(bodyOf([Buffer.alloc(10)], { 'content-length': '10' }), 5)).rejects.toMatchObject({ type: 'payload-too-large', message: /10 bytes; the limit is 5/ });
    await expect(readRequestBody(bodyOf([Buffer.alloc(4), Buffer.alloc(4)]), 5)).rejects.toMatchObject({ type: 'payload-too-large' });
    expect((await readRequestBody(bodyOf([Buffer.from('ok')]), 5)).toString()).toBe('ok');
  });
});
