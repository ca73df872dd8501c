import { Agent, type AgentOptions } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { Socket } from 'node:net';

/**
 * The kept-alive sockets of one S3 client (HTTP and HTTPS agents).
 *  - A socket idle in the pool for `idleSocketMs` is closed by us, before the server's own idle
 *    timeout can close it under a request we are just sending (s3Timeouts.ts).
 *  - dropIdle(): after a request stalled, the sockets waiting in the pool are suspect too (a NAT
 *    box or a wedged server does not say goodbye), so they are destroyed and the retry opens a
 *    fresh connection. Sockets carrying other uploads are left alone: their own timeouts watch them.
 */
export interface ConnectionPool {
  httpAgent: Agent;
  httpsAgent: HttpsAgent;
  /** Sockets waiting in the pool for their next request. */
  idle(): number;
  /** Destroys the idle sockets of both agents; returns how many. */
  dropIdle(): number;
}

export function createConnectionPool(maxSockets: number, idleSocketMs: number): ConnectionPool {
  // Agent `timeout` is the socket's inactivity timeout; Node destroys a free socket when it fires
  // (a socket in use gets the SDK's own idle timeout for the length of its request).
  const options: AgentOptions = { keepAlive: true, maxSockets, timeout: idleSocketMs, scheduling: 'lifo' };
  const httpAgent = new Agent(options);
  const httpsAgent = new HttpsAgent(options);
  const idleSockets = (): Socket[] =>
    [httpAgent, httpsAgent].flatMap((agent) => (Object.values(agent.freeSockets) as (Socket[] | undefined)[]).flatMap((sockets) => (sockets ?? []).filter((socket) => !socket.destroyed)));
  return {
    httpAgent,
    httpsAgent,
    idle: () => idleSockets().length,
    dropIdle() {
      const sockets = idleSockets();
      for (const socket of sockets) socket.destroy();
      return sockets.length;
    },
  };
}
