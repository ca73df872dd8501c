import WebSocket from 'ws';
import { parseStationMessage } from '../../preload/common/wireMessages';

/** The origin and launch token of a window URL printed by `station serve` (`…/teller/#token=…`). */
export function windowOf(url: string): { origin: string; token: string } {
  const u = new URL(url);
  return { origin: u.origin, token: new URLSearchParams(u.hash.slice(1)).get('token') ?? '' };
}

/** Waits until `done()` holds, checking whenever a message or close arrives (works in hooks too, unlike expect.poll). */
function until(ws: WebSocket, done: () => boolean, what: string, timeoutMs: number): Promise<void> {
  if (done()) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const check = () => {
      if (!done()) return;
      cleanup();
      resolve();
    };
    const timer = setTimeout(() => (cleanup(), reject(new Error(`timed out waiting for ${what}`))), timeoutMs);
    const cleanup = () => {
      clearTimeout(timer);
      ws.off('message', check);
      ws.off('close', check);
    };
    // Listeners run after the ones that record the message or the close (added first, below).
    ws.on('message', check);
    ws.on('close', check);
  });
}

/**
 * A WebSocket client speaking browser mode's wire format (main/web/webSocketBinding.ts), the way a
 * page — or an attacker holding a window's token — does. `send` fires a call without waiting, so
 * tests can send a burst; `call` sends one and waits for its result (or the socket's close).
 */
export async function openStationSocket(baseUrl: string, options: { origin?: string; token?: string } = {}) {
  const ws = new WebSocket(baseUrl.replace(/^http/, 'ws') + '/ws', { origin: options.origin });
  const messages: any[] = [];
  let closed: { code: number } | undefined;
  // A result carrying a document comes as one binary frame (wireMessages.ts): its bytes as a Uint8Array.
  ws.on('message', (d, isBinary) => messages.push(isBinary ? parseStationMessage(new Uint8Array(d as Buffer)) : JSON.parse(String(d))));
  ws.on('close', (code) => (closed = { code }));
  await new Promise((ok, fail) => (ws.once('open', ok), ws.once('error', fail)));
  // A server that closes on an oversized message may reset the connection while we still send: the close code is what tests look at.
  ws.on('error', () => undefined);
  if (options.token !== undefined) ws.send(JSON.stringify({ type: 'hello', token: options.token }));
  let nextId = 1;
  const send = (name: string, payload: unknown = {}) => {
    const id = nextId++;
    ws.send(JSON.stringify({ type: 'call', id, name, payload }));
    return id;
  };
  const resultOf = (id: number) => messages.find((m) => m.type === 'result' && m.id === id);
  const result = async (id: number) => {
    await until(ws, () => Boolean(resultOf(id)) || Boolean(closed), `the result of call ${id}`, 120_000);
    return resultOf(id);
  };
  const call = (name: string, payload: unknown = {}) => result(send(name, payload));
  const welcomed = async () => {
    await until(ws, () => messages.some((m) => m.type === 'welcome') || Boolean(closed), 'the welcome', 60_000);
    return messages.find((m) => m.type === 'welcome');
  };
  return { ws, messages, send, result, call, welcomed, closed: () => closed };
}
