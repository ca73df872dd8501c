import type { IncomingMessage } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import { maxImportBase64Chars, type WindowRole } from '../../preload/common/contract';
import { parsePageMessage, wireCloseCodes, wireFrame } from '../../preload/common/wireMessages';
import type { Logger } from '../logging/logger';
import type { Station } from '../station';
import type { LaunchTokens } from './launchTokens';
import { limitSocketMessages } from './socketMessageLimit';

/** How large a message each kind of socket may send (bytes); the defaults are the configuration's (web.*). */
export interface SocketMessageLimits {
  /** Until the hello has shown a valid token: the hello and nothing more. */
  beforeHello: number;
  customer: number;
}

const defaultSocketMessageLimits: SocketMessageLimits = { beforeHello: 4096, customer: 8 * 1024 * 1024 };
// The teller's largest message is a PDF import: the contract's base64 limit plus the JSON around it.
const tellerMessageBytes = maxImportBase64Chars + 64 * 1024;

/**
 * Browser mode's binding of the contract: the same dispatch and events as the Electron IPC binding,
 * over one WebSocket per window, in the wire messages of preload/common/wireMessages.ts (pages send
 * text frames only; a binary frame from a page is malformed). The role comes from the token, never from a message. Cross-site pages are refused by Origin.
 * Until the hello is accepted a socket may send only a small message (closed with 1009 "message
 * too big" otherwise, before the frame is read, let alone parsed); after it, its role's limit.
 */
export function bindWebSocket(options: {
  station: Station;
  tokens: LaunchTokens;
  log: Logger;
  allowedOrigin: (origin: string | undefined) => boolean;
  limits?: SocketMessageLimits;
}): WebSocketServer {
  const { station, tokens, log } = options;
  const limits = options.limits ?? defaultSocketMessageLimits;
  const limitOf: Record<WindowRole, number> = { teller: tellerMessageBytes, customer: limits.customer };
  // The server-wide limit is only the backstop; each socket is held to its own below.
  const wss = new WebSocketServer({ noServer: true, maxPayload: Math.max(tellerMessageBytes, limits.customer) });
  const clients = new Map<WebSocket, WindowRole>();

  const unsubscribe = station.events.subscribe((name, payload, to) => {
    const message = wireFrame({ type: 'event', name, payload });
    for (const [socket, role] of clients) if (to.includes(role) && socket.readyState === socket.OPEN) socket.send(message);
  });
  wss.on('close', unsubscribe);

  wss.on('connection', (socket: WebSocket, request: IncomingMessage) => {
    if (!options.allowedOrigin(request.headers.origin)) {
      log.warn('websocket refused: foreign origin');
      socket.close(wireCloseCodes.foreignOrigin, 'origin not allowed');
      return;
    }
    if (!limitSocketMessages(socket, limits.beforeHello)) {
      log.error('websocket refused: cannot bound its messages (the ws library changed)');
      socket.close(1011, 'cannot bound messages');
      return;
    }
    let role: WindowRole | undefined;
    const helloTimer = setTimeout(() => role || socket.close(wireCloseCodes.badToken, 'no hello'), 5000);
    socket.on('message', async (data, isBinary) => {
      const message = isBinary ? undefined : parsePageMessage(data.toString());
      if (!role) {
        const granted = message?.type === 'hello' ? tokens.roleOf(message.token) : undefined;
        if (!granted) {
          log.warn('websocket refused: bad token');
          socket.close(wireCloseCodes.badToken, 'bad token');
          return;
        }
        role = granted;
        limitSocketMessages(socket, limitOf[role]);
        clearTimeout(helloTimer);
        clients.set(socket, role);
        socket.send(wireFrame({ type: 'welcome', role }));
        return;
      }
      if (message?.type !== 'call') {
        socket.close(wireCloseCodes.malformed, 'malformed message');
        return;
      }
      const result = await station.dispatch(role, message.name, message.payload);
      // A document's bytes go as one binary frame (see wireMessages.ts), everything else as text.
      if (socket.readyState === socket.OPEN) socket.send(wireFrame({ type: 'result', id: message.id, ...result }));
    });
    socket.on('close', () => {
      clearTimeout(helloTimer);
      clients.delete(socket);
    });
    socket.on('error', () => socket.terminate());
  });
  return wss;
}
