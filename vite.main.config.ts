import { defineConfig } from 'vite';

// Electron main process bundle. CommonJS (.cjs) because the package is "type": "module" and
// Electron's main entry is loaded as CommonJS; native modules stay external (unpacked from ASAR).
export default defineConfig({
  build: {
    lib: { entry: 'main/shell/electronMain.ts', formats: ['cjs'], fileName: () => 'electronMain.cjs' },
    rollupOptions: { external: ['electron', 'better-sqlite3', 'node-hid', 'ssh2', 'cpu-features', /^node:/] },
  },
});
