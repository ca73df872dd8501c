import { createServer, request, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createConnectionPool, type ConnectionPool } from './connectionPool';

// A real HTTP server on 127.0.0.1 that keeps connections alive far longer than the pool does.
let server: Server | undefined;
const serverSockets = new Set<Socket>();
afterEach(async () => {
  for (const s of serverSockets) s.destroy();
  await new Promise((r) => server?.close(r));
});

async function keepAliveServer(): Promise<number> {
  server = createServer((_req, res) => res.end('ok'));
  server.keepAliveTimeout = 60_000;
  server.on('connection', (s) => {
    serverSockets.add(s);
    s.on('close', () => serverSockets.delete(s));
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return (server.address() as { port: number }).port;
}

function get(pool: ConnectionPool, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/', agent: pool.httpAgent }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

const until = async (what: () => boolean, ms: number) => {
  for (const end = Date.now() + ms; Date.now() < end && !what(); ) await new Promise((r) => setTimeout(r, 20));
  return what();
};

describe('the sync connection pool', () => {
  it('keeps a socket for the next request, and lets it go after the idle time, before the server would', async () => {
    const port = await keepAliveServer();
    const pool = createConnectionPool(4, 300);
    await Promise.all([get(pool, port), get(pool, port)]);
    expect(await until(() => pool.idle() === 2, 1000)).toBe(true);
    await get(pool, port);
    expect(serverSockets.size).toBe(2); // reused, not a third connection
    expect(await until(() => pool.idle() === 0 && serverSockets.size === 0, 3000)).toBe(true);
  });

  it('dropIdle() closes the sockets waiting in the pool, so the next request opens a fresh connection', async () => {
    const port = await keepAliveServer();
    const pool = createConnectionPool(4, 60_000);
    await get(pool, port);
    expect(await until(() => pool.idle() === 1, 1000)).toBe(true);
    const [first] = [...serverSockets];
    expect(pool.dropIdle()).toBe(1);
    expect(pool.idle()).toBe(0);
    await get(pool, port);
    expect(await until(() => !serverSockets.has(first), 1000)).toBe(true);
    expect(serverSockets.size).toBe(1);
    pool.dropIdle();
  });
});
