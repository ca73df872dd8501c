import { EventHub } from '../../main/contract/eventHub';
import { silentLogger } from '../../main/logging/logger';
import { MemoryInbox } from '../../main/signing/memoryInbox';
import { SigningSession } from '../../main/signing/signingSession';
import type { DocumentSealer, SignedDocumentToStore } from '../../main/signing/signingPorts';
import type { SigningSessionOptions } from '../../main/signing/signingSessionOptions';
import { idlePen } from './idlePen';

/** A sealer that appends a byte: sealing has its own tests; the session only needs a result. */
export const appendingSealer: DocumentSealer = { demoCredentials: true, seal: async ({ pdf }) => ({ pdf: new Uint8Array([...pdf, 1]), sha256: 'ab'.repeat(32) }) };

/**
 * A signing session for unit tests over the real inbox and event hub, with stand-ins only for what
 * cannot run here (no pen device; sealing tested elsewhere). Every event the session publishes and
 * every document it stores is kept for the test to read; `options` override the defaults.
 */
export function sessionUnderTest(options: Partial<SigningSessionOptions> = {}) {
  const inbox = new MemoryInbox();
  const events = new EventHub();
  const published: { name: string; payload: any }[] = [];
  events.subscribe((name, payload) => published.push({ name, payload }));
  const stored: SignedDocumentToStore[] = [];
  const session = new SigningSession({
    inbox, pen: idlePen, sealer: appendingSealer, events, log: silentLogger, place: 'Vilnius',
    store: { store: async (d) => void stored.push(d) },
    branding: { name: 'Test Bank' },
    ...options,
  });
  return { inbox, events, published, stored, session };
}
