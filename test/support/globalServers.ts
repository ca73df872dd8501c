import { createServer, type Server } from 'node:http';
import type { TestProject } from 'vitest/node';
import { startMoto, type MotoServer } from './moto';
import { startRadosgw, type RadosgwServer } from './radosgw';

/**
 * vitest globalSetup: real servers shared by the whole test run, started LAZILY. Setup itself only
 * opens a tiny broker on 127.0.0.1:<free port> (milliseconds), so test files that need no server
 * never wait. The first test that asks (testServers.ts → `await s3ForTests()` / `kmsForTests()`)
 * makes the broker start radosgw (~15 s) or moto (~2 s) ONCE; everyone after gets the same
 * endpoint. Teardown stops whatever was started.
 * Set STATION_TEST_S3_ENDPOINT / STATION_TEST_KMS_ENDPOINT to use servers you run yourself.
 */
declare module 'vitest' {
  export interface ProvidedContext {
    serverBroker: string;
  }
}

export interface ServerInfo {
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const started: { radosgw?: Promise<RadosgwServer>; moto?: Promise<MotoServer> } = {};
  // 2 GiB of memstore (taken only as used): every area's tests share this one server in a run.
  const starters = { radosgw: () => startRadosgw({ memstoreBytes: 2 * 1024 ** 3 }), moto: startMoto } as const;
  const broker: Server = createServer((req, res) => {
    const name = (req.url ?? '').slice(1) as keyof typeof starters;
    if (!(name in starters)) {
      res.writeHead(404).end();
      return;
    }
    // One start per run: concurrent askers share the same promise.
    const server = ((started[name] as Promise<RadosgwServer | MotoServer> | undefined) ??= starters[name]());
    server.then(
      (s) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ endpoint: s.endpoint, region: s.region, credentials: s.credentials } satisfies ServerInfo)),
      (err: Error) => res.writeHead(500, { 'content-type': 'text/plain' }).end(err.message),
    );
  });
  await new Promise<void>((r) => broker.listen(0, '127.0.0.1', r));
  project.provide('serverBroker', `http://127.0.0.1:${(broker.address() as { port: number }).port}`);
  return async () => {
    broker.close();
    for (const s of Object.values(started)) await (await (s as Promise<{ stop(): Promise<void> }>).catch(() => undefined))?.stop();
  };
}

/**
 * In a test file: the shared server of this run (started on first ask). `name` is 'radosgw' or
 * 'moto'. `envOverride` names a STATION_TEST_* variable holding an endpoint to use instead.
 */
export async function sharedServer(name: 'radosgw' | 'moto', envOverride: string, defaults: Omit<ServerInfo, 'endpoint'>): Promise<ServerInfo> {
  const own = process.env[envOverride];
  if (own) return { endpoint: own, ...defaults };
  const { inject } = await import('vitest');
  const broker = inject('serverBroker');
  if (!broker) throw new Error(`no test server broker: run the tests with vitest.config.ts (globalSetup test/support/globalServers.ts), or set ${envOverride}`);
  const res = await fetch(`${broker}/${name}`);
  if (!res.ok) throw new Error(`${name} could not be started for the tests: ${await res.text()}`);
  return (await res.json()) as ServerInfo;
}
