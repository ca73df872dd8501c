#!/usr/bin/env node
// postinstall: the native modules must load in the Node that runs the station (the project's own,
// node_modules/node), not merely in whatever Node ran the install. Loads each one for real in that
// Node; one that fails (e.g. "compiled against a different Node.js version": built with another
// Node's headers) is rebuilt by that Node against its own headers, then loaded again.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, dirname, resolve } from 'node:path';
import { projectNode, projectNodeBinary, projectNodeDir } from '../bin/projectNode.mjs';

const root = resolve(import.meta.dirname, '..');
// `npm install --package-lock-only` runs this too, with nothing installed: nothing to check.
if (process.env.npm_config_package_lock_only === 'true') process.exit(0);

/** Each module with a line of code that loads its compiled part and uses it. */
const modules = {
  'better-sqlite3': "const D = require('better-sqlite3'); const db = new D(':memory:'); console.log('SQLite ' + db.prepare('select sqlite_version() v').get().v); db.close()",
  'node-hid': "const hid = require('node-hid'); console.log(hid.devices().length + ' HID devices')",
  // Optional addons (ssh2 falls back to JavaScript without them): rebuilt too, never fatal.
  ssh2: "require('ssh2/lib/protocol/crypto/build/Release/sshcrypto.node'); console.log('optional crypto addon')",
  'cpu-features': "console.log(Object.keys(require('cpu-features')().flags ?? {}).length + ' CPU flags')",
};
const optional = new Set(['ssh2', 'cpu-features']);

if (!existsSync(projectNodeBinary)) {
  console.error(`check-native-modules: the project's Node is missing (${projectNodeBinary}): the "node" package did not install its binary`);
  process.exit(1);
}
const runtime = spawnSync(projectNodeBinary, ['-p', 'process.versions.node + " " + process.versions.modules'], { encoding: 'utf8' });
const [version, abi] = runtime.stdout.trim().split(' ');
if (Number(version?.split('.')[0]) !== projectNode.major) {
  console.error(`check-native-modules: ${projectNodeBinary} is Node ${version}, package.json engines wants ${projectNode.range}`);
  process.exit(1);
}

function load(name) {
  const r = spawnSync(projectNodeBinary, ['-e', modules[name]], { cwd: root, encoding: 'utf8' });
  const lines = (r.status === 0 ? r.stdout : r.stderr).trim().split('\n');
  const detail = (r.status === 0 ? lines[0] : lines.find((l) => /Error\b/.test(l))) ?? `exit ${r.status}`;
  return { name, ok: r.status === 0, detail: detail.trim() };
}

let results = Object.keys(modules).map(load);
const broken = results.filter((r) => !r.ok).map((r) => r.name);
if (broken.length > 0) {
  for (const r of results.filter((x) => !x.ok)) console.log(`check-native-modules: ${r.name} does not load in Node ${version}: ${r.detail}`);
  console.log(`check-native-modules: rebuilding ${broken.join(', ')} for Node ${version} (ABI ${abi})`);
  const npmCli = process.env.npm_execpath;
  if (!npmCli) {
    console.error('check-native-modules: run through npm (npm_execpath unset), e.g. npm rebuild');
    process.exit(1);
  }
  // Against the project's Node's own headers, whatever `nodedir` npm's configuration names.
  const env = { ...process.env, npm_config_nodedir: projectNodeDir, PATH: `${dirname(projectNodeBinary)}${delimiter}${process.env.PATH}` };
  const rebuilt = spawnSync(projectNodeBinary, [npmCli, 'rebuild', ...broken], { cwd: root, stdio: 'inherit', env });
  if (rebuilt.status !== 0) {
    console.error(`check-native-modules: npm rebuild ${broken.join(' ')} failed (exit ${rebuilt.status})`);
    process.exit(1);
  }
  results = Object.keys(modules).map(load);
}
for (const r of results) console.log(`check-native-modules: ${r.name} ${r.ok ? 'loads' : `does NOT load${optional.has(r.name) ? ' (optional)' : ''}`} in Node ${version} (ABI ${abi}): ${r.detail}`);
process.exit(results.every((r) => r.ok || optional.has(r.name)) ? 0 : 1);
