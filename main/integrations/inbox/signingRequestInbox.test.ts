import { describe, expect, it } from 'vitest';
import { makeSamplePdf } from '../../../test/support/samplePdf';
import { createInMemorySigningRequestRepository } from './inMemorySigningRequestRepository';
import { NotAPdfError } from './pdfDocumentCheck';
import type { SigningRequest } from './signingRequest';
import { createSigningRequestInbox, SigningRequestNotFoundError, SigningRequestStateError } from './signingRequestInbox';

function setup(now = () => new Date('2026-03-01T10:00:00Z')) {
  const repository = createInMemorySigningRequestRepository();
  const inbox = createSigningRequestInbox({ repository, now, expiryCheckIntervalMs: 0 });
  const events: [string, SigningRequest][] = [];
  for (const e of ['arrived', 'completed', 'cancelled', 'expired'] as const) inbox.on(e, (r) => events.push([e, r]));
  return { repository, inbox, events };
}

describe('signing-request inbox', () => {
  it('announces arrival, then completion with the signed bytes kept', async () => {
    const { inbox, events } = setup();
    const pdf = await makeSamplePdf();
    const { request, created } = await inbox.submit({ source: 'print', owner: 'frontdesk', document: pdf, documentName: 'Registration card' });
    expect(created).toBe(true);
    expect(events.map((e) => e[0])).toEqual(['arrived']);
    expect(request).toMatchObject({ status: 'pending', source: 'print', owner: 'frontdesk', expiresAt: '2026-03-08T10:00:00.000Z' });
    const signed = await makeSamplePdf('signed');
    const done = await inbox.complete(request.id, signed);
    expect(done.status).toBe('completed');
    expect(events.map((e) => e[0])).toEqual(['arrived', 'completed']);
    expect(Buffer.from((await inbox.signedDocument(request.id))!).equals(Buffer.from(signed))).toBe(true);
    expect(await inbox.document(request.id)).toBeUndefined(); // only pending requests offer the unsigned document
    await expect(inbox.cancel(request.id, 'too late')).rejects.toBeInstanceOf(SigningRequestStateError);
  });

  it('cancel erases document and personal data, exactly once even when raced with complete', async () => {
    const { inbox, repository, events } = setup();
    const { request } = await inbox.submit({ source: 'api', owner: 'crm', document: await makeSamplePdf(), documentName: 'x.pdf', signerName: 'Greta' });
    const results = await Promise.allSettled([inbox.cancel(request.id, 'customer left'), inbox.complete(request.id, await makeSamplePdf('s'))]);
    expect(results.filter((r) => r.status === 'fulfilled').length).toBe(1);
    const stored = (await repository.get(request.id))!;
    if (stored.status === 'cancelled') {
      expect(stored.signerName).toBeUndefined();
      expect(await repository.readDocument(request.id, 'original')).toBeUndefined();
      expect(events.map((e) => e[0])).toEqual(['arrived', 'cancelled']);
    } else {
      expect(events.map((e) => e[0])).toEqual(['arrived', 'completed']);
    }
  });

  it('keeps only the signed PDF after completion, and removes it when its retention runs out', async () => {
    let t = new Date('2026-03-01T10:00:00Z');
    const { inbox, repository } = setup(() => t);
    const { request } = await inbox.submit({ source: 'api', owner: 'crm', document: await makeSamplePdf(), documentName: 'a.pdf', retentionDays: 2 });
    await inbox.complete(request.id, await makeSamplePdf('signed'));
    expect(await repository.readDocument(request.id, 'original')).toBeUndefined();
    t = new Date('2026-03-03T09:59:59Z');
    expect(await inbox.removeRetainedDocuments()).toEqual([]);
    expect(await inbox.signedDocument(request.id)).toBeDefined();
    t = new Date('2026-03-03T10:00:00Z');
    const removed = await inbox.removeRetainedDocuments();
    expect(removed.map((r) => r.signedDocumentRemovedAt)).toEqual(['2026-03-03T10:00:00.000Z']);
    expect(await inbox.signedDocument(request.id)).toBeUndefined();
    expect((await inbox.get(request.id))?.status).toBe('completed');
  });

  it('expires requests whose time is up and forgets their documents', async () => {
    let t = new Date('2026-03-01T10:00:00Z');
    const { inbox, repository, events } = setup(() => t);
    const { request } = await inbox.submit({ source: 'hot-folder', owner: 'hot-folder', document: await makeSamplePdf(), documentName: 'a.pdf', ttlSeconds: 3600 });
    expect(await inbox.expireDue()).toEqual([]);
    t = new Date('2026-03-01T11:00:00Z');
    const expired = await inbox.expireDue();
    expect(expired.map((r) => r.id)).toEqual([request.id]);
    expect(events.map((e) => e[0])).toEqual(['arrived', 'expired']);
    expect(await repository.readDocument(request.id, 'original')).toBeUndefined();
  });

  it('refuses non-PDFs and bad metadata before storing anything', async () => {
    const { inbox, repository, events } = setup();
    await expect(inbox.submit({ source: 'api', owner: 'crm', document: new TextEncoder().encode('PK\u0003\u0004 a zip file, not a pdf, honestly'), documentName: 'x' }))
      .rejects.toBeInstanceOf(NotAPdfError);
    await expect(inbox.submit({ source: 'api', owner: 'crm', document: await makeSamplePdf(), documentName: 'x', signerName: 'a\u0007b' }))
      .rejects.toThrow(/control characters/);
    expect(await repository.list()).toEqual([]);
    expect(events).toEqual([]);
  });

  it('does not create two requests for concurrent submits with one idempotency key', async () => {
    const { inbox } = setup();
    const pdf = await makeSamplePdf();
    const input = { source: 'api' as const, owner: 'crm', document: pdf, documentName: 'x.pdf', idempotencyKey: 'k1' };
    const [a, b] = await Promise.all([inbox.submit(input), inbox.submit(input)]);
    expect(a.request.id).toBe(b.request.id);
    expect([a.created, b.created].sort()).toEqual([false, true]);
    expect((await inbox.list()).length).toBe(1);
  });

  it('keeps working when a listener throws', async () => {
    const { inbox } = setup();
    inbox.on('arrived', () => { throw new Error('UI bug'); });
    const { request } = await inbox.submit({ source: 'api', owner: 'crm', document: await makeSamplePdf(), documentName: 'x.pdf' });
    expect((await inbox.get(request.id))?.status).toBe('pending');
    await expect(inbox.cancel('00000000-0000-4000-8000-000000000000', 'x')).rejects.toBeInstanceOf(SigningRequestNotFoundError);
  });
});
