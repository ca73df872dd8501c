import type { AddressInfo, Server } from 'node:net';

/**
 * Starts a server listening and resolves with the port it got (0 asks for a free one) and the host
 * as a URL wants it (IPv6 in brackets). A bind error (port in use, address not here) rejects
 * instead of being thrown later as an unhandled 'error' event.
 */
export async function listenOn(server: Server, host: string, port: number): Promise<{ port: number; urlHost: string }> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  return { port: address.port, urlHost: address.family === 'IPv6' ? `[${address.address}]` : address.address };
}
