import type { WebSocket } from 'ws';

/**
 * Sets the largest message one socket may send from now on. `ws` has only a server-wide
 * maxPayload, but its receiver checks the length in each frame header against this one number
 * before it buffers a byte — so a socket gets a tiny limit until its hello proves its role, and
 * its role's limit after. Relies on ws 8's receiver field (`_receiver._maxPayload`); returns false
 * if it is not there, and the binding then closes the socket rather than take unbounded input
 * (webSocketBinding's tests fail loudly on a ws that changed it).
 */
export function limitSocketMessages(socket: WebSocket, maxBytes: number): boolean {
  const receiver = (socket as unknown as { _receiver?: { _maxPayload?: unknown } })._receiver;
  if (!receiver || typeof receiver._maxPayload !== 'number') return false;
  receiver._maxPayload = maxBytes;
  return true;
}
