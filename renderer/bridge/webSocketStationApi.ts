import { parseRequest, requests, type RequestName, type WindowRole } from '../../preload/common/contract';
import { createEventListeners } from '../../preload/common/eventListeners';
import type { StationApi } from '../../preload/common/stationApi';

type Pending = { resolve: (v: unknown) => void; reject: (e: Error) => void; name: RequestName };

export class StationCallError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
    this.name = 'StationCallError';
  }
}

/**
 * Browser mode's side of the contract: the same StationApi as Electron's preload, over a WebSocket
 * that reconnects by itself (a station restart or a network blip must not strand a customer's
 * screen). Requests are validated before they leave, events when they arrive.
 */
export function createWebSocketStationApi(role: WindowRole, token: string, url = defaultUrl()): StationApi {
  let socket: WebSocket | undefined;
  let ready = false;
  let nextId = 1;
  let retryMs = 250;
  const pending = new Map<number, Pending>();
  const queue: string[] = [];
  const events = createEventListeners();
  const connectionListeners = new Set<(c: boolean) => void>();

  const setReady = (value: boolean) => {
    ready = value;
    for (const l of connectionListeners) l(value);
  };

  const connect = () => {
    socket = new WebSocket(url);
    socket.onopen = () => socket!.send(JSON.stringify({ type: 'hello', token }));
    socket.onmessage = (e) => {
      const msg = JSON.parse(String(e.data));
      if (msg.type === 'welcome') {
        retryMs = 250;
        setReady(true);
        while (queue.length) socket!.send(queue.shift()!);
      } else if (msg.type === 'result') {
        const p = pending.get(msg.id);
        if (!p) return;
        pending.delete(msg.id);
        if (msg.ok) p.resolve(msg.payload);
        else p.reject(new StationCallError(msg.error.code, msg.error.message));
      } else if (msg.type === 'event') {
        events.deliver(msg.name, msg.payload);
      }
    };
    socket.onclose = (e) => {
      setReady(false);
      for (const [, p] of pending) p.reject(new StationCallError('disconnected', 'The connection to the station was lost.'));
      pending.clear();
      if (e.code === 4001 || e.code === 4003) return; // bad token / origin: retrying cannot help
      setTimeout(connect, retryMs);
      retryMs = Math.min(retryMs * 2, 5000);
    };
  };
  connect();

  return {
    role,
    transport: 'browser',
    call(name, payload) {
      parseRequest(name, role, payload);
      return new Promise((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject, name });
        const text = JSON.stringify({ type: 'call', id, name, payload });
        if (ready && socket?.readyState === WebSocket.OPEN) socket.send(text);
        else queue.push(text);
      }) as never;
    },
    on: events.on,
    onConnection(listener) {
      connectionListeners.add(listener);
      listener(ready);
      return () => connectionListeners.delete(listener);
    },
  };
}

function defaultUrl(): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
}

export const requestNames = Object.keys(requests) as RequestName[];
