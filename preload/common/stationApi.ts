import type { EventName, EventOf, RequestName, RequestOf, ResponseOf } from './contract';

/**
 * The typed API a window sees (window.station in Electron, a WebSocket client in browser mode).
 * Both bindings implement exactly this; renderer code depends on nothing else.
 */
export interface StationApi {
  readonly role: 'teller' | 'customer';
  readonly transport: 'electron' | 'browser';
  call<N extends RequestName>(name: N, payload: RequestOf<N>): Promise<ResponseOf<N>>;
  /** Subscribes to an event; returns the unsubscribe function. */
  on<N extends EventName>(name: N, listener: (payload: EventOf<N>) => void): () => void;
  /** Connection state changes (browser mode reconnects; Electron is always connected). */
  onConnection(listener: (connected: boolean) => void): () => void;
}
