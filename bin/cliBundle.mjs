// Where the compiled `station` command lives and whether it may be used. `npm run build:cli` (also
// run by postinstall, `npm start` and `npm test`) writes .build/cli/: the CLI as plain JavaScript,
// so a start does not compile TypeScript. The bundle is used only while it is fresh: every project
// file it was built from (listed in inputs.json) must be unchanged since the build began. After an
// edit, a checkout or a pull the CLI falls back to the TypeScript sources (tsx), slower but never
// stale. SIGNING_STATION_CLI=sources forces the sources (not STATION_…: the config loader owns those). Plain JavaScript: it runs before any loader.
import { readFileSync, statSync } from 'node:fs';
// A namespace import: Node 20 has no enableCompileCache, and a named import of it would fail before
// bin/projectNode.mjs can say which Node the station needs.
import * as nodeModule from 'node:module';
import { join, resolve } from 'node:path';

export const projectRoot = resolve(import.meta.dirname, '..');
export const cliBundleDir = join(projectRoot, '.build', 'cli');
export const cliBundleEntry = join(cliBundleDir, 'station.js');

/** Why the bundle cannot be used (missing, or a named source newer than it), or null when it is fresh. */
export function cliBundleStaleReason(dir = cliBundleDir) {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(join(dir, 'inputs.json'), 'utf8'));
  } catch {
    return 'not built (npm run build:cli)';
  }
  for (const file of [...manifest.inputs, manifest.entry]) {
    let mtime;
    try {
      mtime = statSync(join(projectRoot, file)).mtimeMs;
    } catch {
      return `${file} is gone since the build`;
    }
    // The entry itself was written after the build began; only sources are compared.
    if (file !== manifest.entry && mtime > manifest.builtFrom) return `${file} changed since the build`;
  }
  return null;
}

/** The CLI's runCli, from the fresh bundle or else from the sources through tsx. */
export async function loadCli(env = process.env) {
  if (env.SIGNING_STATION_CLI !== 'sources' && cliBundleStaleReason() === null) {
    // V8 keeps the compiled bundle on disk (keyed by content): later starts skip parsing ~1 MB.
    nodeModule.enableCompileCache?.(join(projectRoot, '.build', 'compile-cache'));
    return import(cliBundleEntry);
  }
  const { register } = await import('tsx/esm/api');
  register();
  return import('../main/cli/main.ts');
}
