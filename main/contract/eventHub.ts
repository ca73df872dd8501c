import { events, parseEvent, type EventName, type EventOf, type WindowRole } from '../../preload/common/contract';

export type EventListener = (name: EventName, payload: unknown, to: readonly WindowRole[]) => void;

/**
 * Services publish contract events here; each binding (Electron IPC, browser-mode WebSocket)
 * subscribes once and forwards every event to the windows of the roles the contract names.
 * Payloads are validated on the way out, so a service can never leak a field the contract does not
 * declare to a window (zod strips unknown keys).
 */
export class EventHub {
  private readonly listeners = new Set<EventListener>();

  publish<N extends EventName>(name: N, payload: EventOf<N>): void {
    const clean = parseEvent(name, payload);
    const to = events[name].to;
    for (const listener of this.listeners) listener(name, clean, to);
  }

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
