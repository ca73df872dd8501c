import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * A real S3 server for tests: Ceph's radosgw (Debian packages radosgw ceph-mon ceph-osd
 * ceph-common) started by scripts/start-radosgw.sh in a temp folder, on free ports of 127.0.0.1.
 * It checks request signatures like AWS. Start takes ~15 s and ~250 MB, so tests share one per run
 * through test/support/globalServers.ts (S3 server of the run: `await s3ForTests()`).
 */
export interface RadosgwServer {
  endpoint: string;
  /** radosgw's default zonegroup: buckets must be created without a LocationConstraint. */
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  dir: string;
  stop(): Promise<void>;
}

const script = resolve(fileURLToPath(new URL('../../scripts/start-radosgw.sh', import.meta.url)));

export function radosgwAvailable(): string | undefined {
  for (const bin of ['/usr/bin/radosgw', '/usr/bin/ceph-mon', '/usr/bin/ceph-osd']) if (!existsSync(bin)) return `${bin} is missing (apt-get install radosgw ceph-mon ceph-osd ceph-common)`;
  return undefined;
}

export async function startRadosgw(options: { memstoreBytes?: number } = {}): Promise<RadosgwServer> {
  const missing = radosgwAvailable();
  if (missing) throw new Error(`cannot start radosgw: ${missing}`);
  const dir = mkdtempSync(join(tmpdir(), 'station-rgw-'));
  const [rgwPort, monPort] = [await freePort(), await freePort()];
  const output = await new Promise<string>((resolvePromise, reject) => {
    const env = { ...process.env, ...(options.memstoreBytes ? { MEMSTORE_BYTES: String(options.memstoreBytes) } : {}) };
    const child = spawn('bash', [script, dir, String(rgwPort), String(monPort)], { stdio: ['ignore', 'pipe', 'pipe'], env });
    let log = '';
    child.stdout.on('data', (d) => (log += d));
    child.stderr.on('data', (d) => (log += d));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolvePromise(log) : reject(new Error(`start-radosgw.sh exited ${code}:\n${log.slice(-3000)}`))));
  }).catch(async (err) => {
    await killPids(dir);
    rmSync(dir, { recursive: true, force: true });
    throw err;
  });
  if (!/ceph ready/.test(output)) throw new Error(`start-radosgw.sh did not report ready:\n${output.slice(-2000)}`);
  return {
    endpoint: `http://127.0.0.1:${rgwPort}`,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'testsecret' },
    dir,
    stop: async () => {
      await killPids(dir);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Stops the daemons the script started (their ids are in DIR/pids): TERM, then KILL after 5 s. */
async function killPids(dir: string): Promise<void> {
  const file = join(dir, 'pids');
  if (!existsSync(file)) return;
  const pids = readFileSync(file, 'utf8').split(/\s+/).filter(Boolean).map(Number).reverse();
  const alive = (pid: number) => {
    try {
      // A daemon that exited but was not yet reaped (its parent script is gone) is a zombie: dead.
      return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
    } catch {
      return false;
    }
  };
  for (const pid of pids) if (alive(pid)) process.kill(pid, 'SIGTERM');
  for (let i = 0; i < 50 && pids.some(alive); i++) await new Promise((r) => setTimeout(r, 100));
  for (const pid of pids) if (alive(pid)) process.kill(pid, 'SIGKILL');
}

/** A TCP port on 127.0.0.1 that was free a moment ago (the OS picked it for a listen on port 0). */
export function freePort(): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePromise(port));
    });
  });
}

/** Polls until url answers any HTTP status, or fails after timeoutMs (or when gaveUp() says so). */
export async function waitForHttp(url: string, timeoutMs: number, gaveUp: () => boolean = () => false): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    if (gaveUp()) throw new Error('the process exited');
    try {
      await fetch(url, { signal: AbortSignal.timeout(2000) });
      return;
    } catch (err) {
      last = (err as Error).message;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no answer from ${url} within ${timeoutMs} ms (${last})`);
}

/** The run's shared radosgw (see globalServers.ts); STATION_TEST_S3_ENDPOINT to bring your own. */
export async function s3ForTests(): Promise<{ endpoint: string; region: string; credentials: { accessKeyId: string; secretAccessKey: string } }> {
  const { sharedServer } = await import('./globalServers');
  return sharedServer('radosgw', 'STATION_TEST_S3_ENDPOINT', { region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'testsecret' } });
}
