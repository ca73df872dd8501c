import { EventHub, type EventListener } from '../contract/eventHub';

/**
 * The station's event hub, minus the teller's side while the desk is locked: queue, session and
 * mirror events stop reaching teller windows (only 'auth.changed' does, so the lock screen can
 * open again), because a locked window must not keep receiving customers' names and ink it no
 * longer shows. Customer windows get everything as before. On sign-in the teller window asks for
 * the current state again.
 */
export class LockAwareEventHub extends EventHub {
  constructor(private readonly tellerSignedIn: () => boolean) {
    super();
  }

  override subscribe(listener: EventListener): () => void {
    return super.subscribe((name, payload, to) => {
      const visible = name === 'auth.changed' || this.tellerSignedIn() ? to : to.filter((role) => role !== 'teller');
      if (visible.length > 0) listener(name, payload, visible);
    });
  }
}
