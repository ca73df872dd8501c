import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Moves the shared data elsewhere. The configuration loader lets it pass (it is not a station
 * setting), so the CLI, the tests and the benchmarks all honour it alike.
 */
export const sharedDataVariable = 'STATION_SHARED_DATA';

/**
 * Where the shared test material is looked for: `../shared/data` beside the project, or
 * $STATION_SHARED_DATA. It is never copied into the repository; tests, benchmarks and the
 * simulated pen read it from there and cope when it is absent.
 */
export function sharedDataLocation(env: NodeJS.ProcessEnv = process.env): string {
  if (env[sharedDataVariable]) return resolve(env[sharedDataVariable]);
  const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
  return join(projectRoot, '..', 'shared', 'data');
}

/** The shared data folder, or undefined when this machine has none. */
export function sharedDataDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const dir = sharedDataLocation(env);
  return existsSync(dir) ? dir : undefined;
}

/** A file or folder under the shared data (e.g. 'pdf-corpus', 'ordinary'), or undefined when it is not there. */
export function sharedDataPath(...parts: string[]): string | undefined {
  const p = join(sharedDataLocation(), ...parts);
  return existsSync(p) ? p : undefined;
}
