import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where the shared test material lives (`../shared/data` beside the project). It is never copied
 * into the repository; tests, benchmarks and the simulated pen read it from there and cope when it
 * is absent. STATION_SHARED_DATA overrides the location.
 */
export function sharedDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.STATION_SHARED_DATA) return resolve(env.STATION_SHARED_DATA);
  const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
  return join(projectRoot, '..', 'shared', 'data');
}

/** A path under the shared data, or undefined when it is not there. */
export function sharedDataPath(relative: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const p = join(sharedDataDir(env), relative);
  return existsSync(p) ? p : undefined;
}
