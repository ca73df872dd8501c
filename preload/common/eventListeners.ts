import { parseEvent, type EventName, type EventOf } from './contract';

/**
 * The window side of contract events, shared by both bindings (Electron preload, browser-mode
 * WebSocket): listeners by event name, and every arriving event validated before any listener
 * sees it.
 */
export function createEventListeners() {
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  return {
    on<N extends EventName>(name: N, listener: (payload: EventOf<N>) => void): () => void {
      let set = listeners.get(name);
      if (!set) listeners.set(name, (set = new Set()));
      set.add(listener as (p: unknown) => void);
      return () => set!.delete(listener as (p: unknown) => void);
    },
    deliver(name: EventName, payload: unknown): void {
      const set = listeners.get(name);
      if (!set?.size) return;
      const clean = parseEvent(name, payload);
      for (const l of set) l(clean);
    },
  };
}
