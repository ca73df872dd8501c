#!/usr/bin/env node
// `npm test`'s layering step: the runtime boundaries that the per-runtime TypeScript configs cannot
// see (a Node built-in in browser code type-checks fine when @types/node is anywhere in the
// program), and the size ceiling on source files. Prints one line per violation, exits 1 if any.
//   node scripts/check-layering.mjs [--root <dir>]
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';

export const maxLines = 400;

/**
 * Temporary: the files over the ceiling when it was introduced, each being split by idea on its own
 * branch. Remove an entry when its split is merged — the check fails for a listed file that is back
 * under the ceiling, so the list only shrinks and cannot go stale. The goal is an empty list.
 */
export const oversizeExceptions = new Set([
]);

/** Code that runs in a browser window or anywhere (no Node, no Electron, none of main/). */
const browserCode = ['native/', 'preload/common/', 'renderer/'];
/** The only places that may import `electron`: the shell's main process and the preload scripts. */
const electronAllowed = (file) => file.startsWith('main/shell/') || (file.startsWith('preload/') && !file.startsWith('preload/common/'));
const sourceRoots = ['main', 'native', 'preload', 'renderer', 'bin', 'scripts', 'test', 'bench'];
const sourceFile = /\.(ts|tsx|mts|cts|mjs|cjs|js)$/;
/** Build configurations (vite.config.ts) run in Node whatever folder they configure. */
const isBuildConfig = (file) => /(^|\/)[^/]+\.config\.[cm]?[jt]s$/.test(file);
const isTest = (file) => /\.test\.tsx?$/.test(file) || /(^|\/)testing\//.test(file) || file.startsWith('test/');
const nodeBuiltins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

/** Every module specifier a file names: static and dynamic imports, re-exports, require(). */
export function importedSpecifiers(text) {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const found = [];
  const patterns = [
    /\b(?:import|export)\s+(?:type\s+)?[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s*['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const re of patterns) for (const m of code.matchAll(re)) found.push(m[1]);
  return found;
}

/** The problems of one file, given its path relative to the project root (with forward slashes). */
export function fileProblems(file, text) {
  const problems = [];
  const lines = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
  if (lines > maxLines && !oversizeExceptions.has(file)) problems.push(`${file}: ${lines} lines, over the ${maxLines}-line ceiling: split it by idea`);
  if (lines <= maxLines && oversizeExceptions.has(file)) problems.push(`${file}: ${lines} lines, back under the ceiling: remove it from oversizeExceptions in scripts/check-layering.mjs`);
  if (isTest(file) || isBuildConfig(file)) return problems;
  const inBrowserCode = browserCode.some((dir) => file.startsWith(dir));
  for (const spec of importedSpecifiers(text)) {
    if ((spec === 'electron' || spec.startsWith('electron/')) && !electronAllowed(file)) {
      problems.push(`${file}: imports '${spec}': only main/shell/ and the preload scripts may (domain code is Electron-free)`);
    }
    if (inBrowserCode && nodeBuiltins.has(spec.startsWith('node:') ? spec : spec.split('/')[0])) {
      problems.push(`${file}: imports the Node built-in '${spec}': ${browserCode.join(', ')} run in a browser window too`);
    }
    if (inBrowserCode && spec.startsWith('.')) {
      const target = relative('.', join(dirname(file), spec)).split(sep).join('/');
      if (target === 'main' || target.startsWith('main/')) problems.push(`${file}: imports '${spec}' from main/: ${browserCode.join(', ')} must not depend on the Node side`);
    }
  }
  return problems;
}

function* walk(root, dir) {
  for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) {
      if (!['node_modules', 'dist', '.vite', 'out'].includes(entry.name)) yield* walk(root, path);
    } else if (sourceFile.test(entry.name) && !entry.name.endsWith('.d.ts') && !entry.name.endsWith('.d.mts')) yield path;
  }
}

/** Every problem under root: [] when the tree keeps its layers and sizes. */
export function layeringProblems(root) {
  const problems = [];
  const files = sourceRoots.flatMap((dir) => {
    try {
      return [...walk(root, dir)];
    } catch {
      return [];
    }
  });
  for (const file of files) problems.push(...fileProblems(file, readFileSync(join(root, file), 'utf8')));
  return problems;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const at = process.argv.indexOf('--root');
  const root = resolve(at >= 0 ? process.argv[at + 1] : join(import.meta.dirname, '..'));
  const problems = layeringProblems(root);
  for (const p of problems) console.error(p);
  console.log(problems.length ? `layering: ${problems.length} problem(s)` : `layering: every layer keeps to its runtime; no source file over ${maxLines} lines (${oversizeExceptions.size} listed exceptions)`);
  process.exit(problems.length ? 1 : 0);
}
