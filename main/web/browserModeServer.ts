import { listenOn } from '../net/listenOn';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { Logger } from '../logging/logger';
import type { Station } from '../station';
import { LaunchTokens } from './launchTokens';
import { bindWebSocket, type SocketMessageLimits } from './webSocketBinding';
import { contentSecurityPolicy } from '../../preload/common/contentSecurityPolicy';

const mimeTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.map': 'application/json',
  '.bcmap': 'application/octet-stream',
  '.pfb': 'application/octet-stream',
  '.wasm': 'application/wasm',
};

export interface BrowserModeServer {
  url: string;
  tellerUrl: string;
  customerUrl: string;
  close(): Promise<void>;
}

/** Where the built renderer lives (vite build output). */
function defaultRendererDir(): string {
  return resolve(import.meta.dirname, '..', '..', 'renderer', 'dist');
}

/**
 * Serves the renderer bundle and the WebSocket binding on one port. The pages are static and
 * public; everything they can do goes through the WebSocket, which needs the per-launch token
 * carried in the URL fragment (never sent to the server in a request line or a log).
 */
export async function startBrowserModeServer(options: {
  station: Station;
  log: Logger;
  host: string;
  port: number;
  rendererDir?: string;
  tokens?: LaunchTokens;
  /** Message size limits of the WebSocket (config web.maxHelloBytes, web.maxCustomerMessageBytes). */
  limits?: SocketMessageLimits;
}): Promise<BrowserModeServer> {
  const rendererDir = resolve(options.rendererDir ?? defaultRendererDir());
  if (!existsSync(join(rendererDir, 'teller', 'index.html'))) {
    throw new Error(`The renderer has not been built (${rendererDir} is missing). Run \`npm run build:renderer\`.`);
  }
  const tokens = options.tokens ?? new LaunchTokens();
  const log = options.log.child('web');
  let origin = '';

  const server = createServer((req, res) => serveStatic(req, res));
  const wss = bindWebSocket({ station: options.station, tokens, log, allowedOrigin: (o) => o === undefined || o === origin, limits: options.limits });

  function send(res: ServerResponse, status: number, body: string) {
    res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' });
    res.end(body);
  }

  function serveStatic(req: IncomingMessage, res: ServerResponse) {
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'method not allowed');
    let path: string;
    try {
      path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    } catch {
      return send(res, 400, 'bad request');
    }
    if (path === '/' || path === '/teller') path = '/teller/';
    if (path === '/customer') path = '/customer/';
    // Browsers ask for /favicon.ico on their own (the customer page too): the one icon answers.
    if (path === '/favicon.ico') path = '/favicon.svg';
    if (path.endsWith('/')) path += 'index.html';
    const file = normalize(join(rendererDir, path));
    if (!file.startsWith(rendererDir + sep) || !existsSync(file) || !statSync(file).isFile()) return send(res, 404, 'not found');
    const type = mimeTypes[extname(file)] ?? 'application/octet-stream';
    const headers: Record<string, string> = {
      'content-type': type,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-resource-policy': 'same-origin',
      'permissions-policy': 'camera=(), microphone=(), geolocation=(), hid=(self)',
      'cache-control': type.startsWith('text/html') ? 'no-store' : 'public, max-age=3600',
    };
    if (type.startsWith('text/html')) {
      headers['content-security-policy'] = contentSecurityPolicy({ connectSrc: [origin.replace(/^http/, 'ws')] });
      headers['x-frame-options'] = 'DENY';
    }
    res.writeHead(200, headers);
    if (req.method === 'HEAD') return res.end();
    createReadStream(file).pipe(res);
  }

  server.on('upgrade', (req, socket, head) => {
    if (new URL(req.url ?? '/', 'http://x').pathname !== '/ws') return socket.destroy();
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  const { port, urlHost } = await listenOn(server, options.host, options.port);
  origin = `http://${urlHost}:${port}`;
  log.info('browser mode listening', { port });
  return {
    url: origin,
    tellerUrl: `${origin}/teller/#token=${tokens.token('teller')}`,
    customerUrl: `${origin}/customer/#token=${tokens.token('customer')}`,
    async close() {
      for (const client of wss.clients) client.terminate();
      wss.close();
      await new Promise<void>((ok) => server.close(() => ok()));
    },
  };
}
