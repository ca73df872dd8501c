import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseNodeRange, unsupportedNodeReason } from '../../bin/projectNode.mjs';
import { pathWithoutNpmBins, startStationProcess } from '../support/stationProcess';

// The station's Node (package.json engines, installed as the `node` package) must be the one the
// Electron build embeds, so that browser mode, the CLI and these tests prove the desktop app.

const root = resolve(import.meta.dirname, '..', '..');
const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8'));
const project = readJson(join(root, 'package.json'));
const major = (version: string) => Number(/(\d+)/.exec(version)![1]);

/**
 * The Node major the installed Electron embeds, from its npm package alone (no Electron binary
 * here): Electron types its Node API against the Node it embeds and depends on that `@types/node`
 * major — 28 → ^18 (Node 18.18), 30–34 → ^20 (Node 20), 35–39 → ^22 (Node 22), 40–45 → ^24
 * (release notes: Electron 40 embeds Node 24.11.1, Electron 44 Node 24.18.1).
 */
function electronEmbeddedNode(): { electron: string; nodeMajor: number } {
  const electron = readJson(join(root, 'node_modules', 'electron', 'package.json'));
  const types = electron.dependencies?.['@types/node'];
  if (!types) throw new Error(`electron ${electron.version} no longer depends on @types/node: find the Node it embeds in its release notes and compare with that`);
  return { electron: electron.version, nodeMajor: major(types) };
}

describe('the Node the station runs on', () => {
  it('is the major the installed Electron embeds: engines, the pinned `node` package and the Node running these tests', () => {
    const { electron, nodeMajor } = electronEmbeddedNode();
    expect(major(project.devDependencies.electron), 'Electron 45 is the desktop build').toBe(45);
    expect(electron.startsWith('45.')).toBe(true);
    expect(parseNodeRange(project.engines.node).major, `package.json engines.node vs Electron ${electron}`).toBe(nodeMajor);
    expect(major(project.dependencies.node), 'the `node` package that installs the project\'s Node').toBe(nodeMajor);
    expect(major(process.versions.node), `these tests run on ${process.execPath}`).toBe(nodeMajor);
  });

  it('runs browser mode, started as a user starts it (npx station serve), on the Node Electron embeds', async () => {
    const station = await startStationProcess({}, { launcher: 'npx' });
    try {
      const node = /node:\s+v(\d+\.\d+\.\d+) \((.+)\)/.exec(station.output());
      expect(node, station.output()).not.toBeNull();
      expect(major(node![1]), `browser mode runs on ${node![2]}`).toBe(electronEmbeddedNode().nodeMajor);
    } finally {
      await station.stop(); // npm exec ends by re-raising the SIGTERM: no exit code to compare
    }
  });

  it('says which Node it needs when another one starts it, and accepts every release of its major from the range up', () => {
    const { major: want, minimum } = parseNodeRange(project.engines.node);
    expect(unsupportedNodeReason('20.20.2', '/usr/bin/node')).toMatch(new RegExp(`runs on Node \\^${want}\\..*this is Node 20\\.20\\.2 \\(/usr/bin/node\\)[\\s\\S]*npm run setup`));
    expect(unsupportedNodeReason(`${want + 2}.0.0`)).toContain(`runs on Node ^${want}.`);
    expect(unsupportedNodeReason(`${want}.${minimum[1] - 1}.9`)).not.toBeNull();
    expect(unsupportedNodeReason(minimum.join('.'))).toBeNull();
    expect(unsupportedNodeReason(`${want}.${minimum[1] + 5}.0`)).toBeNull();
    expect(() => parseNodeRange('>=20.19')).toThrow(/one caret range/);
  });

  // The machine's own Node (20 here) is what a shell finds once npm has not put node_modules/.bin first.
  const machineNode = pathWithoutNpmBins().split(delimiter).map((dir) => join(dir, 'node')).find((file) => existsSync(file));
  const machineMajor = machineNode ? major(spawnSync(machineNode, ['-p', 'process.versions.node'], { encoding: 'utf8' }).stdout) : undefined;
  const olderNode = machineNode && machineMajor !== major(process.versions.node) ? machineNode : undefined;
  if (!olderNode) console.log('skipped: this machine has no Node other than the project\'s to start the station with');

  it.skipIf(!olderNode)('refuses to start on the machine\'s older Node with that message, before loading anything', () => {
    const r = spawnSync(olderNode!, [join(root, 'bin', 'station.mjs'), 'doctor'], { cwd: root, encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`this is Node ${machineMajor}.`);
    expect(r.stderr).toContain('npx station');
    expect(r.stdout).toBe('');
  });
});
