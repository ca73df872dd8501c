import { describe, expect, it } from 'vitest';
import { EventHub } from '../contract/eventHub';
import { silentLogger } from '../logging/logger';
import { idlePen } from '../../test/support/idlePen';
import { MemoryInbox } from './memoryInbox';
import { SigningSession } from './signingSession';

async function readingSession(pageCount: number) {
  const inbox = new MemoryInbox();
  const session = new SigningSession({
    inbox, pen: idlePen, events: new EventHub(), log: silentLogger, place: 'Vilnius',
    sealer: { demoCredentials: true, seal: async ({ pdf }) => ({ pdf, sha256: 'ab'.repeat(32) }) },
    store: { store: async () => undefined },
    branding: { name: 'Test Bank' },
    doneScreenMs: 5000,
    inactivityTimeoutMs: 60_000,
  });
  const item = await inbox.add({ source: 'file', title: 'Loan', pdf: new Uint8Array([37, 80, 68, 70]), pageCount });
  await session.start({ requestId: item.id, signerName: 'A B', requireReadToEnd: true });
  session.sendToCustomer();
  return session;
}

describe('read to the end: decided from the pages the window saw whole', () => {
  it('being on the last page is not enough; every page seen whole is', async () => {
    const session = await readingSession(3);
    // "Next page" tapped to the end, only the tops seen: the window reports no page seen whole.
    session.customerViewChanged({ page: 3, scrollFraction: 1, zoom: 1, pagesSeen: [] });
    expect(session.customerView().reachedEnd).toBe(false);
    expect(() => session.readDone()).toThrow(/last page/);
    expect(session.customerView().notice).toBe('read-to-end');
    session.customerViewChanged({ page: 3, scrollFraction: 1, zoom: 1, pagesSeen: [1, 3] });
    expect(session.customerView().reachedEnd).toBe(false);
    session.customerViewChanged({ page: 2, scrollFraction: 0.5, zoom: 1, pagesSeen: [1, 3, 2] });
    // The end is reached and the stale notice goes with it.
    expect(session.customerView()).toMatchObject({ reachedEnd: true, notice: undefined });
    session.readDone();
    expect(session.customerView().state).toBe('consent');
  });

  it('a one-page document that must be read needs its one page seen whole too', async () => {
    const session = await readingSession(1);
    session.customerViewChanged({ page: 1, scrollFraction: 0, zoom: 1 });
    expect(session.customerView().reachedEnd).toBe(false);
    session.customerViewChanged({ page: 1, scrollFraction: 1, zoom: 1, pagesSeen: [1] });
    expect(session.customerView().reachedEnd).toBe(true);
  });
});
