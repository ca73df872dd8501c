import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/**
 * An HTTP proxy on 127.0.0.1:<free port> in front of the real S3 server (radosgw) that misbehaves
 * on command, for fault tests. Requests are forwarded byte for byte (the Host header too, so SigV4
 * signatures made for the proxy's address still verify at radosgw).
 *   'pass'      forward
 *   'down'      refuse: every connection is closed at once (as if the server were gone)
 *   'status500' / 'status503'   answer with that S3 error without forwarding
 *   'drop'      forward the start of an upload, then cut the connection mid-body
 *   'slow'      forward, but hold each response for `slowMs`
 *   'stall'     take the request and never answer, never close (a wedged server, or a connection
 *               a middlebox has silently dropped): nothing is forwarded, the socket stays open
 * `failNext(n, mode, methods?)` misbehaves for the next n requests (of those methods) only, then passes again.
 */
export type ProxyMode = 'pass' | 'down' | 'status500' | 'status503' | 'drop' | 'slow' | 'stall';

export interface MisbehavingProxy {
  endpoint: string;
  mode: ProxyMode;
  slowMs: number;
  failNext(n: number, mode: ProxyMode, methods?: string[]): void;
  /** Requests seen (method and path), e.g. to count PUTs that reached S3. */
  log: { method: string; path: string; mode: ProxyMode }[];
  close(): Promise<void>;
}

export async function startMisbehavingProxy(target: string): Promise<MisbehavingProxy> {
  const to = new URL(target);
  const sockets = new Set<Socket>();
  let pending: { n: number; mode: ProxyMode; methods?: string[] } | undefined;
  const proxy: MisbehavingProxy = {
    endpoint: '',
    mode: 'pass',
    slowMs: 3000,
    log: [],
    failNext(n, mode, methods) {
      pending = { n, mode, methods };
    },
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
  const modeFor = (method: string): ProxyMode => {
    if (pending && pending.n > 0 && (!pending.methods || pending.methods.includes(method))) {
      pending.n--;
      return pending.mode;
    }
    return proxy.mode;
  };

  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const mode = modeFor(req.method ?? '');
    proxy.log.push({ method: req.method ?? '', path: req.url ?? '', mode });
    if (mode === 'down') {
      req.socket.destroy();
      return;
    }
    if (mode === 'stall') {
      // Not even the body is read: the client's bytes sit in the socket buffers, no answer comes.
      req.pause();
      return;
    }
    if (mode === 'status500' || mode === 'status503') {
      const status = mode === 'status500' ? 500 : 503;
      const code = status === 500 ? 'InternalError' : 'ServiceUnavailable';
      req.resume();
      req.on('end', () => {
        res.writeHead(status, { 'content-type': 'application/xml', connection: 'close' });
        res.end(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>injected by test proxy</Message></Error>`);
      });
      return;
    }
    const upstream = request({ host: to.hostname, port: to.port, method: req.method, path: req.url, headers: req.headers }, (up) => {
      const send = () => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      };
      if (mode === 'slow') setTimeout(send, proxy.slowMs);
      else send();
    });
    upstream.on('error', () => res.destroy());
    if (mode === 'drop') {
      // Let some of the body through, then cut both sides: the upload dies mid-flight.
      let seen = 0;
      req.on('data', (chunk: Buffer) => {
        seen += chunk.length;
        if (seen > 1024) {
          upstream.destroy();
          req.socket.destroy();
        } else upstream.write(chunk);
      });
      req.on('end', () => {
        // Bodies too small to cut: drop the connection before any answer.
        upstream.destroy();
        req.socket.destroy();
      });
      return;
    }
    req.pipe(upstream);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  proxy.endpoint = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return proxy;
}
