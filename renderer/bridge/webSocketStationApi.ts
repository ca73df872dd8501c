import { responseOf } from '../../preload/common/callResult';
import { ContractError, isEventName, parseRequest, type RequestName, type WindowRole } from '../../preload/common/contract';
import { createEventListeners } from '../../preload/common/eventListeners';
import type { StationApi } from '../../preload/common/stationApi';
import { parseStationMessage, wireCloseCodes, wireText } from '../../preload/common/wireMessages';

type Pending = { resolve: (v: unknown) => void; reject: (e: Error) => void; name: RequestName };

/**
 * Browser mode's side of the contract: the same StationApi as Electron's preload, over a WebSocket
 * that reconnects by itself (a station restart or a network blip must not strand a customer's
 * screen). Requests are validated before they leave, responses and events when they arrive; a
 * refusal is a ContractError, as in Electron.
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
    // A document's bytes arrive as a binary frame (wireMessages.ts), read at once, not as a Blob.
    socket.binaryType = 'arraybuffer';
    socket.onopen = () => socket!.send(wireText({ type: 'hello', token }));
    socket.onmessage = (e) => {
      const msg = parseStationMessage(typeof e.data === 'string' ? e.data : (e.data as ArrayBuffer));
      if (!msg) return; // not a message of this wire: a station of another version; nothing to act on
      if (msg.type === 'welcome') {
        retryMs = 250;
        setReady(true);
        while (queue.length) socket!.send(queue.shift()!);
      } else if (msg.type === 'result') {
        const p = pending.get(msg.id);
        if (!p) return;
        pending.delete(msg.id);
        try {
          p.resolve(responseOf(p.name, msg));
        } catch (err) {
          p.reject(err as Error);
        }
      } else if (isEventName(msg.name)) {
        events.deliver(msg.name, msg.payload);
      }
    };
    socket.onclose = (e) => {
      setReady(false);
      for (const [, p] of pending) p.reject(new ContractError('disconnected', 'The connection to the station was lost.'));
      pending.clear();
      if (e.code === wireCloseCodes.badToken || e.code === wireCloseCodes.foreignOrigin) return; // retrying cannot help
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
        const text = wireText({ type: 'call', id, name, payload });
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
