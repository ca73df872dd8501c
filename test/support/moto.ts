import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { freePort, waitForHttp } from './radosgw';

/**
 * moto's server (`python3 -m moto.server`) as the AWS KMS of the tests, on 127.0.0.1 and a free
 * port. moto is preinstalled on the project's machines (and installed by .ci/install-system.sh);
 * when it is missing this fails loudly rather than skipping: the KMS provider must be tested.
 * moto ignores key state (disabled/deleted keys still work), so those cases are tested against the
 * local provider.
 */
export interface MotoServer {
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  stop(): Promise<void>;
}

export async function startMoto(): Promise<MotoServer> {
  const probe = spawnSync('python3', ['-c', 'import moto.server'], { encoding: 'utf8' });
  if (probe.status !== 0) {
    throw new Error(`moto is not installed (python3 -c 'import moto.server' failed: ${(probe.stderr || probe.error?.message || '').trim().split('\n').pop()}). Install it with: pip install 'moto[server]'`);
  }
  const port = await freePort();
  const child: ChildProcess = spawn('python3', ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
  const endpoint = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(`${endpoint}/moto-api/`, 30_000, () => child.exitCode !== null);
  } catch (err) {
    child.kill('SIGKILL');
    throw new Error(`moto did not start on port ${port}: ${(err as Error).message}\n${stderr}`);
  }
  return {
    endpoint,
    region: 'eu-north-1',
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
    stop: () => stopChild(child),
  };
}

export function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** The run's shared moto (see globalServers.ts); STATION_TEST_KMS_ENDPOINT to bring your own. */
export async function kmsForTests(): Promise<{ endpoint: string; region: string; credentials: { accessKeyId: string; secretAccessKey: string } }> {
  const { sharedServer } = await import('./globalServers');
  return sharedServer('moto', 'STATION_TEST_KMS_ENDPOINT', { region: 'eu-north-1', credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
}
