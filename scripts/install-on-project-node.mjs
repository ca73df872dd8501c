#!/usr/bin/env node
// `npm run setup`: `npm ci` run by the project's own Node (the exact version of the `node`
// dependency in package.json), fetched from the npm registry with npx, so that on a machine whose
// own Node is older
//   - npm checks every package's `engines` against the Node the station will run on (no EBADENGINE),
//   - install scripts run under it, and native modules (better-sqlite3, node-hid) are compiled
//     against its headers — the ones that come with the `node` package, not whatever `nodedir` the
//     machine's npm configuration points to (here /usr: the machine's Node 20).
// Extra arguments go to `npm ci`. Runs on any Node ≥ 18: no dependencies, nothing installed yet.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { projectNodeDir } from '../bin/projectNode.mjs';

const root = resolve(import.meta.dirname, '..');
const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).dependencies.node;
const npmCli = process.env.npm_execpath;
if (!/^\d+\.\d+\.\d+$/.test(version ?? '')) {
  console.error(`package.json must pin the dependency "node" to one exact version, got "${version}"`);
  process.exit(2);
}
if (!npmCli) {
  console.error('run this through npm: ELECTRON_SKIP_BINARY_DOWNLOAD=1 npm run setup');
  process.exit(2);
}

// The headers exist only once `npm ci` has run the `node` package's preinstall, which it does
// before any other package's install script; node-gyp reads them only when it builds.
const nodedir = projectNodeDir;

console.log(`npm ci on Node ${version} (the project's Node; this machine's is ${process.version}), native modules built against ${nodedir}`);
const result = spawnSync('npx', ['--yes', `node@${version}`, npmCli, 'ci', ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
  shell: process.platform === 'win32',
  env: { ...process.env, npm_config_nodedir: nodedir },
});
if (result.error) console.error(`npx: ${result.error.message}`);
process.exit(result.status ?? 1);
