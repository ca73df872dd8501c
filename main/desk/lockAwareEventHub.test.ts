import { describe, expect, it } from 'vitest';
import { LockAwareEventHub } from './lockAwareEventHub';

describe('events while the teller desk is locked', () => {
  it("withholds the teller's events (not the customer's) until someone signs in; the lock itself is always told", () => {
    let signedIn = false;
    const hub = new LockAwareEventHub(() => signedIn);
    const got: string[] = [];
    hub.subscribe((name, _payload, to) => got.push(`${name}→${to.join('+')}`));
    hub.publish('ink.cleared', { sessionId: 's1' });
    hub.publish('inbox.changed', []);
    hub.publish('auth.changed', { signedIn: false, lockAfterSeconds: 300 });
    signedIn = true;
    hub.publish('ink.cleared', { sessionId: 's1' });
    hub.publish('inbox.changed', []);
    expect(got).toEqual(['ink.cleared→customer', 'auth.changed→teller', 'ink.cleared→teller+customer', 'inbox.changed→teller']);
  });
});
