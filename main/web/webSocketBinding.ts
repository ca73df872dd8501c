import type { IncomingMessage } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import type { WindowRole } from '../../preload/common/contract';
import type { Logger } from '../logging/logger';
import type { Station } from '../station';
import type { LaunchTokens } from './launchTokens';

/**
 * Browser mode's binding of the contract: the same dispatch and events as the Electron IPC binding,
 * over one WebSocket per window. Wire format (JSON):
 *   page → station  {type:'hello', token} · {type:'call', id, name, payload}
 *   station → page  {type:'welcome', role} · {type:'result', id, ok, payload|error} · {type:'event', name, payload}
 * The role comes from the token, never from a message. Cross-site pages are refused by Origin.
 */
export function bindWebSocket(options: {
  station: Station;
  tokens: LaunchTokens;
  log: Logger;
  allowedOrigin: (origin: string | undefined) => boolean;
}): WebSocketServer {
  const { station, tokens, log } = options;
  const wss = new WebSocketServer({ noServer: true, maxPayload: 80 * 1024 * 1024 });
  const clients = new Map<WebSocket, WindowRole>();

  const unsubscribe = station.events.subscribe((name, payload, to) => {
    const message = JSON.stringify({ type: 'event', name, payload });
    for (const [socket, role] of clients) if (to.includes(role) && socket.readyState === socket.OPEN) socket.send(message);
  });
  wss.on('close', unsubscribe);

  wss.on('connection', (socket: WebSocket, request: IncomingMessage) => {
    if (!options.allowedOrigin(request.headers.origin)) {
      log.warn('websocket refused: foreign origin');
      socket.close(4003, 'origin not allowed');
      return;
    }
    let role: WindowRole | undefined;
    const helloTimer = setTimeout(() => role || socket.close(4001, 'no hello'), 5000);
    socket.on('message', async (data, isBinary) => {
      let message: { type?: unknown; id?: unknown; name?: unknown; payload?: unknown; token?: unknown };
      try {
        if (isBinary) throw new Error('binary');
        message = JSON.parse(data.toString());
      } catch {
        socket.close(4002, 'malformed message');
        return;
      }
      if (!role) {
        const granted = message.type === 'hello' ? tokens.roleOf(message.token) : undefined;
        if (!granted) {
          log.warn('websocket refused: bad token');
          socket.close(4001, 'bad token');
          return;
        }
        role = granted;
        clearTimeout(helloTimer);
        clients.set(socket, role);
        socket.send(JSON.stringify({ type: 'welcome', role }));
        return;
      }
      if (message.type !== 'call' || typeof message.id !== 'number') {
        socket.close(4002, 'malformed message');
        return;
      }
      const result = await station.dispatch(role, message.name, message.payload);
      if (socket.readyState === socket.OPEN) socket.send(JSON.stringify({ type: 'result', id: message.id, ...result }));
    });
    socket.on('close', () => {
      clearTimeout(helloTimer);
      clients.delete(socket);
    });
    socket.on('error', () => socket.terminate());
  });
  return wss;
}
