import { expect } from 'vitest';
import WebSocket from 'ws';

/** The origin and launch token of a window URL printed by `station serve` (`…/teller/#token=…`). */
export function windowOf(url: string): { origin: string; token: string } {
  const u = new URL(url);
  return { origin: u.origin, token: new URLSearchParams(u.hash.slice(1)).get('token') ?? '' };
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
  ws.on('message', (d) => messages.push(JSON.parse(String(d))));
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
    await expect.poll(() => Boolean(resultOf(id)) || Boolean(closed), { timeout: 60_000 }).toBe(true);
    return resultOf(id);
  };
  const call = (name: string, payload: unknown = {}) => result(send(name, payload));
  const welcomed = async () => {
    await expect.poll(() => messages.some((m) => m.type === 'welcome') || Boolean(closed), { timeout: 30_000 }).toBe(true);
    return messages.find((m) => m.type === 'welcome');
  };
  return { ws, messages, send, result, call, welcomed, closed: () => closed };
}
