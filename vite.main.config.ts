import { build as esbuild } from 'esbuild';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { defineConfig, type Plugin } from 'vite';

// Electron main process bundle. CommonJS (.cjs) because the package is "type": "module" and
// Electron's main entry is loaded as CommonJS. Every JavaScript dependency is bundled (a packaged
// app ships .vite/ and the native modules, not node_modules); native modules stay external
// (unpacked from ASAR). What the code loads at run time by path ships beside the bundle, where
// import.meta.url (here: the bundle's own file) points:
//   - the vault's migrations, in migrations/ (the runner reads that folder);
//   - the PDF parser's worker: pdfParseWorker.boot.mjs, which loads pdfParseWorker.js beside it
//     when no TypeScript source is there, and pdf.js's own worker module, which pdf.js imports
//     from beside itself.
const here = import.meta.dirname;
const migrationsDir = resolve(here, 'main/vault/migrations');
export const nativeModules = ['better-sqlite3', 'node-hid', 'ssh2', 'cpu-features'];

function shipRuntimeFiles(): Plugin {
  return {
    name: 'ship-runtime-files',
    async generateBundle() {
      for (const file of readdirSync(migrationsDir)) {
        if (/\.test\.ts$/.test(file)) continue;
        if (!file.endsWith('.sql')) this.error(`migration ${file}: only SQL migrations ship in the Electron bundle (a .ts one needs a build entry of its own)`);
        this.emitFile({ type: 'asset', fileName: `migrations/${file}`, source: readFileSync(join(migrationsDir, file)) });
      }
      const worker = await esbuild({
        entryPoints: [resolve(here, 'main/documents/pdfParseWorker.ts')],
        bundle: true, platform: 'node', format: 'esm', target: 'node24', write: false, logLevel: 'warning',
        external: nativeModules,
        // CommonJS dependencies inside an ES module bundle still call require().
        banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
      });
      this.emitFile({ type: 'asset', fileName: 'pdfParseWorker.js', source: worker.outputFiles[0].contents });
      this.emitFile({ type: 'asset', fileName: 'pdfParseWorker.boot.mjs', source: readFileSync(resolve(here, 'main/documents/pdfParseWorker.boot.mjs')) });
      this.emitFile({ type: 'asset', fileName: 'pdf.worker.mjs', source: readFileSync(resolve(here, 'node_modules/pdfjs-dist/legacy/build/pdf.worker.mjs')) });
    },
  };
}

export default defineConfig({
  plugins: [shipRuntimeFiles()],
  ssr: { noExternal: true, external: nativeModules },
  build: {
    ssr: 'main/shell/electronMain.ts',
    ssrEmitAssets: true,
    target: 'node24',
    outDir: '.vite/build',
    emptyOutDir: false,
    reportCompressedSize: false,
    rollupOptions: {
      external: ['electron', ...nativeModules, /^node:/],
      output: { format: 'cjs', entryFileNames: 'electronMain.cjs', inlineDynamicImports: true },
    },
  },
});
