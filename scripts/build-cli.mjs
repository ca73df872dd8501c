#!/usr/bin/env node
// `npm run build:cli`: compiles the `station` command (main/cli/main.ts and everything it imports
// from the project) into .build/cli/ with esbuild, so a start loads JavaScript instead of compiling
// TypeScript with tsx. Packages in node_modules stay outside the bundle (native modules load as
// they are, and a dependency update needs no rebuild). Dynamic imports become separate chunks, so
// the commands that lazy-load pdf-lib or the AWS SDK keep them out of `station --help`.
//
// Each module keeps seeing its own source location in import.meta (fonts in resources/, the
// renderer's dist/, the vault's migrations, ../shared), except the PDF parser, whose worker is built
// beside the bundle (with pdf-lib inside it: see workerInlinedPackages). inputs.json lists the project files the bundle was made from, for the
// freshness check in bin/cliBundle.mjs.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { cliBundleDir, projectRoot } from '../bin/cliBundle.mjs';

/** Modules whose import.meta must be the bundle's: what they load is built beside it. */
const bundleRelative = new Set(['main/documents/inspectPdf.ts']);

const toPosix = (p) => p.split(sep).join('/');

/** Rewrites import.meta.url/dirname/filename of a project module to its source file's location. */
function sourceLocationPlugin(outDir) {
  return {
    name: 'source-location',
    setup(b) {
      b.onLoad({ filter: /\.tsx?$/ }, (args) => {
        const file = toPosix(relative(projectRoot, args.path));
        if (file.startsWith('node_modules/')) return undefined;
        const text = readFileSync(args.path, 'utf8');
        const loader = args.path.endsWith('x') ? 'tsx' : 'ts';
        if (bundleRelative.has(file) || !text.includes('import.meta')) return { contents: text, loader };
        const fromBundle = toPosix(relative(outDir, args.path));
        const dirFromBundle = toPosix(relative(outDir, dirname(args.path)));
        const contents = text.replace(/\bimport\.meta\.(url|dirname|filename)\b/g, (_, what) => ({
          url: `new URL(${JSON.stringify(fromBundle)}, import.meta.url).href`,
          filename: `(import.meta.dirname + ${JSON.stringify('/' + fromBundle)})`,
          dirname: `(import.meta.dirname + ${JSON.stringify('/' + dirFromBundle)})`,
        })[what]);
        return { contents, loader };
      });
    },
  };
}

/**
 * Packages loaded from node_modules as they are: all but zod, which the config needs on every
 * start and whose ~70 ES modules cost more to resolve and link one by one than to parse as one.
 */
function externalPackages(inlined = inlinedPackages) {
  const { dependencies, devDependencies } = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8'));
  return Object.keys({ ...dependencies, ...devDependencies }).filter((name) => !inlined.has(name));
}
const inlinedPackages = new Set(['zod']);
/**
 * The parser worker is its own V8 isolate: whatever it loads, it loads a second time. pdf-lib goes
 * inside its bundle, from pdf-lib's ES build, with the standard fonts' metrics the text reader uses
 * (and their pako): one parsed file instead of CommonJS's ~200 modules
 * resolved, wrapped and linked one by one in that isolate (measured: −4 MiB of peak RSS per
 * signing, bench/results/signingMemory.md). The main thread keeps loading pdf-lib from node_modules.
 */
const workerInlinedPackages = new Set([...inlinedPackages, 'pdf-lib', '@pdf-lib/standard-fonts']);

/**
 * The esbuild settings of the compiled station: also used by benchmarks that must measure what
 * ships (bench/signingMemoryBench.ts bundles its own entry with them). outDir is where the bundle
 * will live (import.meta locations are made relative to it); writeDir where esbuild writes it.
 */
export function nodeBundleOptions({ entryPoints, outDir, writeDir = outDir }) {
  return {
    absWorkingDir: projectRoot,
    entryPoints,
    outdir: writeDir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node24',
    external: externalPackages(),
    sourcemap: 'linked',
    metafile: true,
    logLevel: 'warning',
    plugins: [sourceLocationPlugin(outDir)],
  };
}

/** The PDF parser's worker, built beside the bundle as one file (it shares no chunk with the main thread). */
export function parserWorkerBundleOptions({ outDir, writeDir = outDir }) {
  return {
    ...nodeBundleOptions({ entryPoints: { pdfParseWorker: 'main/documents/pdfParseWorker.ts' }, outDir, writeDir }),
    splitting: false,
    external: externalPackages(workerInlinedPackages),
    mainFields: ['module', 'main'],
  };
}

/** Bundles entryPoints plus the PDF parser's worker and its boot file beside them into writeDir; returns both metafiles' inputs. */
export async function buildNodeBundle({ entryPoints, outDir, writeDir = outDir }) {
  const [main, worker] = await Promise.all([
    build(nodeBundleOptions({ entryPoints, outDir, writeDir })),
    build(parserWorkerBundleOptions({ outDir, writeDir })),
  ]);
  copyFileSync(join(projectRoot, 'main/documents/pdfParseWorker.boot.mjs'), join(writeDir, 'pdfParseWorker.boot.mjs'));
  return { inputs: [...new Set([...Object.keys(main.metafile.inputs), ...Object.keys(worker.metafile.inputs)])] };
}

/** Builds into outDir (default .build/cli/); resolves when the new bundle is in place. */
export async function buildCli({ outDir = cliBundleDir } = {}) {
  // Sources are compared with the time the build began: an edit made while it runs counts as newer.
  const builtFrom = Date.now();
  const staging = `${outDir}.staging-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  // The staging folder's location stands for the final one: both are siblings at the same depth.
  const result = await buildNodeBundle({ entryPoints: { station: 'main/cli/main.ts' }, outDir, writeDir: staging });
  const inputs = result.inputs.filter((f) => !f.startsWith('node_modules/')).sort();
  // An inlined package changes with its package.json (npm rewrites it on every install of it).
  inputs.push('scripts/build-cli.mjs', 'main/documents/pdfParseWorker.boot.mjs', ...[...workerInlinedPackages].map((name) => `node_modules/${name}/package.json`));
  writeFileSync(join(staging, 'inputs.json'), JSON.stringify({ builtFrom, entry: toPosix(relative(projectRoot, join(outDir, 'station.js'))), inputs }, null, 1) + '\n');
  // Swap in whole: a `station` starting meanwhile sees the old bundle, none (and uses tsx), or the new one.
  mkdirSync(dirname(outDir), { recursive: true });
  rmSync(outDir, { recursive: true, force: true });
  renameSync(staging, outDir);
  return { outDir, inputs: inputs.length };
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const started = Date.now();
  const { outDir, inputs } = await buildCli();
  console.log(`station CLI compiled: ${toPosix(relative(projectRoot, outDir))}/ from ${inputs} project files in ${Date.now() - started} ms`);
}
